// Flask's url processors (url_defaults, url_value_preprocessor), app-wide and per
// blueprint: tests/test_basic.py and tests/test_blueprints.py cases, translated with the
// modules of test/fixtures/routing; Flask's `g` is a WeakMap keyed by the request.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const BASIC = 'flask tests/test_basic.py'
const BLUEPRINTS = 'flask tests/test_blueprints.py'

describe('url processors', () => {
  afterEach(freshBlueprints)

  it(`${BASIC}::test_url_processors`, async () => {
    const langCode = new WeakMap<FastifyRequest, unknown>()
    const app = await routingApp(
      {
        a: [
          url('/<lang_code>/', (request: FastifyRequest) => request.urlFor('a.about'), 'index'),
          url(
            '/<lang_code>/about',
            (request: FastifyRequest) => request.urlFor('a.something_else'),
            'about',
          ),
          url(
            '/foo',
            (request: FastifyRequest) => request.urlFor('a.about', { lang_code: 'en' }),
            'something_else',
          ),
        ],
      },
      {},
      (app) => {
        app.urlDefaults((endpoint, values, request) => {
          const lang = request === undefined ? undefined : langCode.get(request)
          if (lang !== undefined && app.urlMap.isEndpointExpecting(endpoint, 'lang_code')) {
            values.lang_code ??= lang
          }
        })
        app.urlValuePreprocessor((_endpoint, values, request) => {
          langCode.set(request, values.lang_code)
          delete values.lang_code
        })
      },
    )
    try {
      assert.equal((await app.inject('/de/')).body, '/de/about')
      assert.equal((await app.inject('/de/about')).body, '/foo')
      assert.equal((await app.inject('/foo')).body, '/en/about')
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_inject_blueprint_url_defaults`, async () => {
    const { a } = await freshBlueprints()
    a.urlDefaults((_endpoint, values) => {
      values.page = 'login'
    })
    const app = await routingApp({ a: [url('/<page>', () => '', 'view')] }, {}, (app) => {
      app.get('/somepage', (request) => request.urlFor('a.view'))
    })
    try {
      // app.inject_url_defaults('foo.view', {}) == {'page': 'login'}: outside a request.
      assert.equal(app.urlFor('a.view'), '/login')
      // In a request (test_request_context('/somepage')).
      assert.equal((await app.inject('/somepage')).body, '/login')
    } finally {
      await app.close()
    }
  })

  it(`${BLUEPRINTS}::test_app_url_processors`, async () => {
    // Module b declares the app-wide processors; the rules are module a's (Flask's are the app's).
    const langCode = new WeakMap<FastifyRequest, unknown>()
    const { b } = await freshBlueprints()
    b.appUrlDefaults((_endpoint, values, request) => {
      values.lang_code ??= request && langCode.get(request)
    })
    b.appUrlValuePreprocessor((_endpoint, values, request) => {
      langCode.set(request, values.lang_code)
      delete values.lang_code
    })
    const app = await routingApp({
      a: [
        url('/<lang_code>/', (request: FastifyRequest) => request.urlFor('a.about'), 'index'),
        url('/<lang_code>/about', (request: FastifyRequest) => request.urlFor('a.index'), 'about'),
      ],
      b: [],
    })
    try {
      assert.equal((await app.inject('/de/')).body, '/de/about')
      assert.equal((await app.inject('/de/about')).body, '/de/')
    } finally {
      await app.close()
    }
  })

  it('module url processors apply to that module only; the values given are not changed', async () => {
    const { a } = await freshBlueprints()
    a.urlDefaults((_endpoint, values) => {
      values.page ??= 'first'
    })
    const given = { lang: 'x' }
    const app = await routingApp({
      a: [url('/a/<page>', () => '', 'view')],
      b: [url('/b/<page>', () => '', 'view')],
    })
    try {
      assert.equal(app.urlFor('a.view', given), '/a/first?lang=x')
      assert.deepEqual(given, { lang: 'x' })
      assert.throws(() => app.urlFor('b.view'), { code: 'FMS_ERR_URL_BUILD' })
    } finally {
      await app.close()
    }
  })

  it('the /<lang_code>/ i18n pattern end to end: views, relative links, templates, redirects', async () => {
    const { a } = await freshBlueprints()
    const langCode = new WeakMap<FastifyRequest, string>()
    a.urlValuePreprocessor((_endpoint, values, request) => {
      langCode.set(request, String(values.lang_code))
      delete values.lang_code
    })
    a.urlDefaults((_endpoint, values, request) => {
      values.lang_code ??= request && langCode.get(request)
    })
    const app = await routingApp({
      a: [
        url(
          '/<lang_code>/',
          (request: FastifyRequest) => ({ params: request.params, lang: langCode.get(request) }),
          'index',
        ),
        url(
          '/<lang_code>/about',
          (_request: FastifyRequest, reply: FastifyReply) => reply.render('i18n.html'),
          'about',
        ),
        url(
          '/<lang_code>/old',
          (request: FastifyRequest, reply: FastifyReply) =>
            reply.redirect(request.urlFor('.about')),
          'old',
        ),
      ],
      b: [url('/b/<int:page>', () => 'b', 'page')],
    })
    try {
      // The view no longer sees lang_code in its params; the preprocessor took it.
      assert.deepEqual((await app.inject('/fr/')).json(), { params: {}, lang: 'fr' })
      // Templates: relative and absolute url_for of the module get lang_code; module b's do not.
      assert.equal((await app.inject('/de/about')).body.trim(), '/de/about|/de/|/b/2')
      const moved = await app.inject('/it/old')
      assert.equal(moved.statusCode, 302)
      assert.equal(moved.headers.location, '/it/about')
      // Outside a request there is no lang_code to fill: a BuildError, as Flask's.
      assert.throws(() => app.urlFor('a.index'), { code: 'FMS_ERR_URL_BUILD' })
      assert.equal(app.urlFor('a.index', { lang_code: 'en' }), '/en/')
    } finally {
      await app.close()
    }
  })

  it('a class or a non-function given as a url processor is refused at once', async () => {
    const { a } = await freshBlueprints()
    assert.throws(() => a.urlDefaults(class {} as never), { code: 'FMS_ERR_MODULE_INVALID_HOOK' })
    const app = await routingApp({ a: [] })
    try {
      assert.throws(() => app.urlValuePreprocessor('x' as never), {
        code: 'FMS_ERR_MODULE_INVALID_HOOK',
      })
    } finally {
      await app.close()
    }
  })
})
