// Flask's tests/test_basic.py, the routing cases (methods, OPTIONS, HEAD, 405), translated
// case by case: each `@app.route` becomes a url() of module 'a'. Skipped: SKIPPED.md.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { UnspecifiedURLMethods, url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const ORIGIN = 'flask tests/test_basic.py'
const allow = (header: unknown): string[] => String(header).split(', ').sort()
const method = (request: FastifyRequest) => request.method

/**
 * What test_request_dispatching asserts, and test_url_mapping again on its own app: '/'
 * (GET) and '/more' (GET, POST) answer with the method, anything else is a 405 with Allow.
 */
async function assertDispatching(app: Awaited<ReturnType<typeof routingApp>>): Promise<void> {
  assert.equal((await app.inject('/')).body, 'GET')
  let rv = await app.inject({ method: 'POST', url: '/' })
  assert.equal(rv.statusCode, 405)
  assert.deepEqual(allow(rv.headers.allow), ['GET', 'HEAD', 'OPTIONS'])
  rv = await app.inject({ method: 'HEAD', url: '/' })
  assert.equal(rv.statusCode, 200)
  assert.equal(rv.body, '')
  assert.equal((await app.inject({ method: 'POST', url: '/more' })).body, 'POST')
  assert.equal((await app.inject('/more')).body, 'GET')
  rv = await app.inject({ method: 'DELETE', url: '/more' })
  assert.equal(rv.statusCode, 405)
  assert.deepEqual(allow(rv.headers.allow), ['GET', 'HEAD', 'OPTIONS', 'POST'])
}

describe(ORIGIN, () => {
  it(`${ORIGIN}::test_options_work`, async () => {
    const app = await routingApp({
      a: [url('/', () => 'Hello World', { name: 'index', methods: ['GET', 'POST'] })],
    })
    try {
      const rv = await app.inject({ method: 'OPTIONS', url: '/' })
      assert.deepEqual(allow(rv.headers.allow), ['GET', 'HEAD', 'OPTIONS', 'POST'])
      assert.equal(rv.body, '')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_options_on_multiple_rules`, async () => {
    const app = await routingApp({
      a: [
        url('/', () => 'Hello World', { name: 'index', methods: ['GET', 'POST'] }),
        url('/', () => 'Aha!', { name: 'index_put', methods: ['PUT'] }),
      ],
    })
    try {
      const rv = await app.inject({ method: 'OPTIONS', url: '/' })
      assert.deepEqual(allow(rv.headers.allow), ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])
    } finally {
      await app.close()
    }
  })

  for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    it(`${ORIGIN}::test_method_route[${m.toLowerCase()}]`, async () => {
      const app = await routingApp({
        a: [url('/', () => 'Hello', { name: 'hello', methods: [m] })],
      })
      try {
        assert.equal((await app.inject({ method: m, url: '/' })).body, 'Hello')
      } finally {
        await app.close()
      }
    })
  }

  it(`${ORIGIN}::test_request_dispatching`, async () => {
    const app = await routingApp({
      a: [
        url('/', method, 'index'),
        url('/more', method, { name: 'more', methods: ['GET', 'POST'] }),
      ],
    })
    try {
      await assertDispatching(app)
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_disallow_string_for_allowed_methods`, () => {
    const loose = url as unknown as (...args: unknown[]) => unknown
    assert.throws(
      () => loose('/', method, { name: 'test', methods: 'GET POST' }),
      UnspecifiedURLMethods,
    )
  })

  it(`${ORIGIN}::test_url_mapping`, async () => {
    const randomUuid4 = '7eb41166-9ebf-4d26-b771-ea3f54f8b383'
    const app = await routingApp({
      a: [
        url('/', method, 'index'),
        url('/more', method, { name: 'more', methods: ['GET', 'POST'] }),
        // Issue 1288: a declared 'options' (any case) is the view's, not the automatic answer.
        url('/options', () => randomUuid4, { name: 'options', methods: ['options'] }),
      ],
    })
    try {
      await assertDispatching(app)
      const rv = await app.inject({ method: 'OPTIONS', url: '/options' })
      assert.equal(rv.statusCode, 200)
      assert.ok(rv.body.includes(randomUuid4))
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_before_after_request_order`, async () => {
    // The app's before/after_request are module a's hooks here (they run for its routes).
    // teardown_request is left out: Fastify runs onResponse hooks in registration order, not
    // in reverse as Flask's teardown functions (SKIPPED.md).
    const called: number[] = []
    const { a } = await freshBlueprints()
    a.beforeRequest(() => {
      called.push(1)
    })
    a.beforeRequest(() => {
      called.push(2)
    })
    a.afterRequest(() => {
      called.push(4)
    })
    a.afterRequest(() => {
      called.push(3)
    })
    const app = await routingApp({ a: [url('/', () => '42', 'index')] })
    try {
      const rv = await app.inject('/')
      assert.equal(rv.body, '42')
      assert.deepEqual(called, [1, 2, 3, 4])
    } finally {
      await app.close()
      await freshBlueprints()
    }
  })
})
