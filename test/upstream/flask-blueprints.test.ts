// Flask's tests/test_blueprints.py, the routing and naming cases, translated case by case:
// a Flask Blueprint is a module (Router.createBlueprint), `bp.route` a url() of it.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidURLName, Router, response, url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const ORIGIN = 'flask tests/test_blueprints.py'
const endpoint = (request: FastifyRequest) => String(request.routeOptions.config.endpoint)
// flask.abort(403)
const abort = (statusCode: number): never => {
  throw Object.assign(new Error('aborted'), { statusCode })
}
// @bp.errorhandler(403): the module's one error handler answers that status.
const on403 =
  (body: string) => (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
    error.statusCode === 403 ? response(body, 403) : reply.send(error)

describe(ORIGIN, () => {
  // Hooks and handlers set by a case stay off the next one.
  afterEach(freshBlueprints)

  it(`${ORIGIN}::test_blueprint_specific_error_handling`, async () => {
    // frontend, backend, sideend: modules a, b, c.
    const { a, b } = await freshBlueprints()
    a.errorHandler(on403('frontend says no'))
    b.errorHandler(on403('backend says no'))
    const app = await routingApp(
      {
        a: [url('/frontend-no', () => abort(403), 'frontend_no')],
        b: [url('/backend-no', () => abort(403), 'backend_no')],
        c: [url('/what-is-a-sideend', () => abort(403), 'sideend_no')],
      },
      {},
      (app) =>
        app.setErrorHandler((error: FastifyError, _request, reply) =>
          error.statusCode === 403
            ? reply.code(403).send('application itself says no')
            : reply.send(error),
        ),
    )
    try {
      assert.equal((await app.inject('/frontend-no')).body, 'frontend says no')
      assert.equal((await app.inject('/backend-no')).body, 'backend says no')
      assert.equal((await app.inject('/what-is-a-sideend')).body, 'application itself says no')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_blueprint_url_processors`, async () => {
    // Flask's url_prefix '/<lang_code>' is written in each rule; its `g` is a WeakMap.
    const langCode = new WeakMap<FastifyRequest, unknown>()
    const { a } = await freshBlueprints()
    a.urlDefaults((_endpoint, values, request) => {
      values.lang_code ??= request && langCode.get(request)
    })
    a.urlValuePreprocessor((_endpoint, values, request) => {
      langCode.set(request, values.lang_code)
      delete values.lang_code
    })
    const app = await routingApp({
      a: [
        url('/<lang_code>/', (request: FastifyRequest) => request.urlFor('.about'), 'index'),
        url('/<lang_code>/about', (request: FastifyRequest) => request.urlFor('.index'), 'about'),
      ],
    })
    try {
      assert.equal((await app.inject('/de/')).body, '/de/about')
      assert.equal((await app.inject('/de/about')).body, '/de/')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_dotted_names_from_app`, async () => {
    const app = await routingApp(
      { a: [url('/test/', (request: FastifyRequest) => request.urlFor('app_index'), 'index')] },
      {},
      (app) => app.get('/', (request) => request.urlFor('a.index')),
    )
    try {
      assert.equal((await app.inject('/')).body, '/test/')
    } finally {
      await app.close()
    }
  })
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

  it(`${ORIGIN}::test_context_processing`, async () => {
    // answer_bp is module a.
    const { a } = await freshBlueprints()
    a.appContextProcessor(() => ({ notanswer: 43 }))
    a.contextProcessor(() => ({ answer: 42 }))
    const page = (_request: FastifyRequest, reply: FastifyReply) => reply.render('answer.html')
    const app = await routingApp({ a: [url('/bp', page, 'bp_page')] }, {}, (app) => {
      app.get('/', page)
    })
    try {
      const appPage = (await app.inject('/')).body
      const answerPage = (await app.inject('/bp')).body
      assert.match(appPage, /43/)
      assert.doesNotMatch(appPage, /42/)
      assert.match(answerPage, /42/)
      assert.match(answerPage, /43/)
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_request_processing`, async () => {
    const evts: string[] = []
    const { a } = await freshBlueprints()
    a.beforeRequest(() => {
      evts.push('before')
    })
    a.afterRequest((_request, _reply, payload) => {
      evts.push('after')
      return `${payload}|after`
    })
    // teardown_request: Fastify's onResponse, in the module's own context.
    a.setup((fastify) => {
      fastify.addHook('onResponse', async () => {
        evts.push('teardown')
      })
    })
    const app = await routingApp({ a: [url('/bp', () => 'request', 'bp_endpoint')] })
    try {
      assert.deepEqual(evts, [])
      const rv = await app.inject('/bp')
      assert.equal(rv.body, 'request|after')
      assert.deepEqual(evts, ['before', 'after', 'teardown'])
    } finally {
      await app.close()
    }
  })
})
