// Flask's tests/test_blueprints.py, the routing and naming cases, translated case by case:
// a Flask Blueprint is a module (Router.createBlueprint), `bp.route` a url() of it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { InvalidURLName, Router, url } from '../../src/index.ts'
import { routingApp } from '../fixtures/routing/app.ts'

const ORIGIN = 'flask tests/test_blueprints.py'
const endpoint = (request: FastifyRequest) => String(request.routeOptions.config.endpoint)

describe(ORIGIN, () => {
  it(`${ORIGIN}::test_dotted_name_not_allowed`, () => {
    assert.throws(() => Router.createBlueprint('app.ui', import.meta.dirname), InvalidURLName)
  })

  it(`${ORIGIN}::test_empty_name_not_allowed`, () => {
    assert.throws(() => Router.createBlueprint('', import.meta.dirname), InvalidURLName)
  })

  it(`${ORIGIN}::test_empty_url_defaults`, async () => {
    const something = (request: FastifyRequest) => String((request.params as { page: number }).page)
    const app = await routingApp({
      a: [
        url('/', something, { name: 'something', defaults: { page: 1 } }),
        url('/page/<int:page>', something, 'something'),
      ],
    })
    try {
      assert.equal((await app.inject('/')).body, '1')
      assert.equal((await app.inject('/page/2')).body, '2')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_route_decorator_custom_endpoint`, async () => {
    // The blueprint's url_prefix '/py' is written into each rule (modules have no prefix).
    const app = await routingApp({
      a: [
        url('/py/foo', function foo(request: FastifyRequest) {
          return endpoint(request)
        }),
        url('/py/bar', endpoint, 'bar'),
        url('/py/bar/123', endpoint, '123'),
        url('/py/bar/foo', function bar_foo(request: FastifyRequest) {
          return endpoint(request)
        }),
      ],
    })
    try {
      assert.equal((await app.inject('/py/foo')).body, 'a.foo')
      assert.equal((await app.inject('/py/bar')).body, 'a.bar')
      assert.equal((await app.inject('/py/bar/123')).body, 'a.123')
      assert.equal((await app.inject('/py/bar/foo')).body, 'a.bar_foo')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_route_decorator_custom_endpoint_with_dots`, () => {
    assert.throws(() => url('/', () => '', 'a.b'), InvalidURLName)
    const view = () => ''
    Object.defineProperty(view, 'name', { value: 'a.b' })
    assert.throws(() => url('/', view), InvalidURLName)
  })
})
