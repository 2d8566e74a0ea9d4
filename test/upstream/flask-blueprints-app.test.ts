// Flask's tests/test_blueprints.py, the app_* cases: behaviour a blueprint declares for the
// whole app (before_app_request, after_app_request, app_context_processor,
// app_template_filter/test/global), here a module's `beforeAppRequest`… of test/fixtures/routing.
// Flask's decorator and add_* forms are one call here: `appTemplateFilter(fn, name?)`.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { response, url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const ORIGIN = 'flask tests/test_blueprints.py'
const reverse = (s: string) => [...s].reverse().join('')
const isBoolean = (value: unknown) => typeof value === 'boolean'

/** An app whose own route `/` renders `name` with `context`, module a (blueprint bp) enabled. */
async function rendering(name: string, context: Record<string, unknown>) {
  return routingApp({ a: [url('/py/', () => 'bp', 'index')] }, {}, (app) => {
    app.get('/', (_request, reply) => reply.render(name, context))
  })
}

async function bodyOf(app: Awaited<ReturnType<typeof routingApp>>, path = '/'): Promise<string> {
  try {
    const response = await app.inject(path)
    assert.equal(response.statusCode, 200, response.body)
    return response.body
  } finally {
    await app.close()
  }
}

describe(`${ORIGIN} (app-wide behaviour from a blueprint)`, () => {
  afterEach(freshBlueprints)

  it(`${ORIGIN}::test_app_request_processing`, async () => {
    const evts: string[] = []
    const { a } = await freshBlueprints()
    a.beforeAppRequest(() => {
      evts.push('before')
    })
    a.afterAppRequest((_request, _reply, payload) => {
      evts.push('after')
      return `${payload}|after`
    })
    // teardown_app_request: the app's own onResponse hook (Fastify's nearest).
    const app = await routingApp({ a: [] }, {}, (app) => {
      app.addHook('onResponse', async () => {
        evts.push('teardown')
      })
      app.get('/', () => 'request')
    })
    try {
      assert.deepEqual(evts, [])
      assert.equal((await app.inject('/')).body, 'request|after')
      assert.deepEqual(evts, ['before', 'after', 'teardown'])
      assert.equal((await app.inject('/')).body, 'request|after')
      assert.deepEqual(evts, ['before', 'after', 'teardown', 'before', 'after', 'teardown'])
    } finally {
      await app.close()
    }
  })

  it('app-wide hooks of a module run for the other modules and for 404s no rule matched', async () => {
    const evts: string[] = []
    const { a } = await freshBlueprints()
    a.beforeAppRequest((request) => {
      evts.push(`before ${request.url}`)
    })
    a.afterAppRequest((_request, reply) => {
      reply.header('x-app-wide', 'a')
    })
    const app = await routingApp({
      a: [url('/a/', () => 'a', 'home')],
      b: [url('/b/', () => 'b', 'home')],
    })
    try {
      assert.equal((await app.inject('/b/')).headers['x-app-wide'], 'a')
      const missing = await app.inject('/nowhere')
      assert.equal(missing.statusCode, 404)
      assert.equal(missing.headers['x-app-wide'], 'a')
      assert.deepEqual(evts, ['before /b/', 'before /nowhere'])
    } finally {
      await app.close()
    }
  })

  it('a before-app hook answering stops the request, as a module hook does', async () => {
    const { a } = await freshBlueprints()
    a.beforeAppRequest((request) =>
      request.url === '/b/closed' ? response('closed', 503) : undefined,
    )
    const app = await routingApp({ a: [], b: [url('/b/closed', () => 'open', 'closed')] })
    try {
      const response = await app.inject('/b/closed')
      assert.equal(response.statusCode, 503)
      assert.equal(response.body, 'closed')
    } finally {
      await app.close()
    }
  })

  it('app-wide behaviour of a module that is not enabled applies nowhere', async () => {
    const { a } = await freshBlueprints()
    a.afterAppRequest((_request, reply) => {
      reply.header('x-app-wide', 'a')
    })
    a.appContextProcessor(() => ({ notanswer: 43 }))
    a.appTemplateFilter(reverse, 'super_reverse')
    const app = await routingApp({ b: [url('/b/', () => 'b', 'home')] }, {}, (app) => {
      app.get('/', (_request, reply) => reply.render('answer.html'))
    })
    try {
      assert.equal((await app.inject('/b/')).headers['x-app-wide'], undefined)
      assert.doesNotMatch((await app.inject('/')).body, /43/)
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_template_filter`, async () => {
    const { a } = await freshBlueprints()
    a.appTemplateFilter(function my_reverse(s: string) {
      return reverse(s)
    })
    a.appTemplateFilter(function my_reverse_2(s: string) {
      return reverse(s)
    })
    a.appTemplateFilter(reverse, 'my_reverse_custom_name_3')
    a.appTemplateFilter(reverse, 'my_reverse_custom_name_4')
    const body = await bodyOf(await rendering('template_filters.html', { value: 'abcd' }))
    assert.equal(body.trim(), 'dcba|dcba|dcba|dcba')
  })

  for (const [name, register] of [
    [
      'test_template_filter_with_template',
      (a: Bp) =>
        a.appTemplateFilter(function super_reverse(s: string) {
          return reverse(s)
        }),
    ],
    [
      'test_add_template_filter_with_template',
      (a: Bp) =>
        a.appTemplateFilter(function super_reverse(s: string) {
          return reverse(s)
        }),
    ],
    [
      'test_template_filter_with_name_and_template',
      (a: Bp) => a.appTemplateFilter(reverse, 'super_reverse'),
    ],
    [
      'test_add_template_filter_with_name_and_template',
      (a: Bp) => a.appTemplateFilter(reverse, 'super_reverse'),
    ],
  ] as const) {
    it(`${ORIGIN}::${name}`, async () => {
      const { a } = await freshBlueprints()
      register(a)
      const body = await bodyOf(await rendering('template_filter.html', { value: 'abcd' }))
      assert.equal(body.trim(), 'dcba')
    })
  }

  it(`${ORIGIN}::test_template_filter_after_route_with_template`, async () => {
    // The app's route is declared first, the blueprint's filter after: it still applies.
    const { a } = await freshBlueprints()
    const app = await routingApp({ a: [] }, {}, (app) => {
      app.get('/', (_request, reply) => reply.render('template_filter.html', { value: 'abcd' }))
      a.appTemplateFilter(reverse, 'super_reverse')
    })
    assert.equal((await bodyOf(app)).trim(), 'dcba')
  })

  it(`${ORIGIN}::test_template_test`, async () => {
    const { a } = await freshBlueprints()
    a.appTemplateTest(function is_boolean(value: unknown) {
      return isBoolean(value)
    })
    a.appTemplateTest(function boolean_2(value: unknown) {
      return isBoolean(value)
    })
    a.appTemplateTest(isBoolean, 'my_boolean_custom_name')
    a.appTemplateTest(isBoolean, 'my_boolean_custom_name_2')
    const body = await bodyOf(await rendering('template_tests.html', { value: false }))
    assert.equal(body.trim(), 'true|true|true|true')
  })

  for (const [name, register] of [
    [
      'test_template_test_with_template',
      (a: Bp) =>
        a.appTemplateTest(function boolean(v: unknown) {
          return isBoolean(v)
        }),
    ],
    [
      'test_add_template_test_with_template',
      (a: Bp) =>
        a.appTemplateTest(function boolean(v: unknown) {
          return isBoolean(v)
        }),
    ],
    [
      'test_template_test_with_name_and_template',
      (a: Bp) => a.appTemplateTest(isBoolean, 'boolean'),
    ],
    [
      'test_add_template_test_with_name_and_template',
      (a: Bp) => a.appTemplateTest(isBoolean, 'boolean'),
    ],
  ] as const) {
    it(`${ORIGIN}::${name}`, async () => {
      const { a } = await freshBlueprints()
      register(a)
      const body = await bodyOf(await rendering('template_test.html', { value: false }))
      assert.match(body, /Success!/)
    })
  }

  it(`${ORIGIN}::test_template_test_after_route_with_template`, async () => {
    const { a } = await freshBlueprints()
    const app = await routingApp({ a: [] }, {}, (app) => {
      app.get('/', (_request, reply) => reply.render('template_test.html', { value: false }))
      a.appTemplateTest(isBoolean, 'boolean')
    })
    assert.match(await bodyOf(app), /Success!/)
  })

  it(`${ORIGIN}::test_template_global`, async () => {
    const { a } = await freshBlueprints()
    a.appTemplateGlobal(function get_answer() {
      return 42
    })
    a.appTemplateGlobal(function get_stuff_1() {
      return 'get_stuff_1'
    })
    a.appTemplateGlobal(() => 'get_stuff_2', 'my_get_stuff_custom_name_2')
    a.appTemplateGlobal(() => 'get_stuff_3', 'my_get_stuff_custom_name_3')
    const body = await bodyOf(await rendering('template_global.html', {}))
    assert.equal(body.trim(), '42|get_stuff_1|get_stuff_2|get_stuff_3')
  })

  it('a module-scoped templateFilter, templateTest and templateGlobal reach its own renders only', async () => {
    const { a } = await freshBlueprints()
    a.templateFilter(reverse, 'super_reverse')
    a.templateTest(isBoolean, 'boolean')
    a.templateGlobal(() => 42, 'get_answer')
    const page =
      (name: string, context: Record<string, unknown>) =>
      (_r: FastifyRequest, reply: FastifyReply) =>
        reply.render(name, context)
    const app = await routingApp({
      a: [
        url('/a/filter', page('template_filter.html', { value: 'abcd' }), 'filter'),
        url('/a/test', page('template_test.html', { value: false }), 'test'),
      ],
      b: [url('/b/filter', page('template_filter.html', { value: 'abcd' }), 'filter')],
    })
    try {
      assert.equal((await app.inject('/a/filter')).body.trim(), 'dcba')
      assert.match((await app.inject('/a/test')).body, /Success!/)
      // Module b's renders do not know module a's filter (nunjucks: filter not found).
      assert.equal((await app.inject('/b/filter')).statusCode, 500)
    } finally {
      await app.close()
    }
  })

  it('an anonymous template function without a name is refused when it is given', async () => {
    const { a } = await freshBlueprints()
    assert.throws(() => a.appTemplateFilter((s: string) => s), {
      code: 'FMS_ERR_MODULE_INVALID_HOOK',
      message: /appTemplateFilter\(\) got an anonymous function and no name/,
    })
  })
})

type Bp = Awaited<ReturnType<typeof freshBlueprints>>['a']
