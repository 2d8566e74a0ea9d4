// Flask's tests/test_user_error_handler.py and the error handler cases of
// tests/test_blueprints.py, translated: `@app.errorhandler(x)` is app.registerErrorHandler(x, fn),
// `@bp.errorhandler(x)` blueprint.errorHandler(x, fn), `@bp.app_errorhandler(x)`
// blueprint.appErrorHandler(x, fn); Werkzeug's exceptions are httpErrors.*, flask.abort abort.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import {
  abort,
  HTTPException,
  httpErrors,
  InvalidErrorHandlerKey,
  type MicroServicesInstance,
  response,
  url,
} from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const USER = 'flask tests/test_user_error_handler.py'
const BLUEPRINTS = 'flask tests/test_blueprints.py'
const thrower = (make: () => Error) => () => {
  throw make()
}
const body = async (app: MicroServicesInstance, path: string) => (await app.inject(path)).body

describe(USER, () => {
  afterEach(freshBlueprints)

  it(`${USER}::test_error_handler_no_match`, async () => {
    class CustomException extends Error {}
    const app = await routingApp(
      {
        a: [
          url(
            '/custom',
            thrower(() => new CustomException()),
            'custom',
          ),
          url('/abort', () => abort(500), 'abort'),
        ],
      },
      {},
      (app) => {
        app.registerErrorHandler(CustomException, (e) => {
          assert.ok(e instanceof CustomException)
          return 'custom'
        })
        assert.throws(
          () => app.registerErrorHandler(new CustomException() as never, () => null),
          (e: Error) =>
            e instanceof InvalidErrorHandlerKey && /an instance, not a class/.test(e.message),
        )
        assert.throws(
          () => app.registerErrorHandler(Array as never, () => null),
          (e: Error) =>
            e instanceof InvalidErrorHandlerKey &&
            /'Array' is not a subclass of Error/.test(e.message),
        )
        app.registerErrorHandler(500, (e) => {
          assert.ok(e instanceof httpErrors.InternalServerError)
          return 'direct'
        })
        assert.throws(() => app.registerErrorHandler(999, () => null), InvalidErrorHandlerKey)
      },
    )
    try {
      assert.equal(await body(app, '/custom'), 'custom')
      assert.equal(await body(app, '/abort'), 'direct')
    } finally {
      await app.close()
    }
  })

  it(`${USER}::test_error_handler_subclass`, async () => {
    class ParentException extends Error {}
    class ChildExceptionUnregistered extends ParentException {}
    class ChildExceptionRegistered extends ParentException {}
    const app = await routingApp(
      {
        a: [
          url(
            '/parent',
            thrower(() => new ParentException()),
            'parent',
          ),
          url(
            '/child-unregistered',
            thrower(() => new ChildExceptionUnregistered()),
            'un',
          ),
          url(
            '/child-registered',
            thrower(() => new ChildExceptionRegistered()),
            're',
          ),
        ],
      },
      {},
      (app) => {
        app.registerErrorHandler(ParentException, () => 'parent')
        app.registerErrorHandler(ChildExceptionRegistered, () => 'child-registered')
      },
    )
    try {
      assert.equal(await body(app, '/parent'), 'parent')
      assert.equal(await body(app, '/child-unregistered'), 'parent')
      assert.equal(await body(app, '/child-registered'), 'child-registered')
    } finally {
      await app.close()
    }
  })

  it(`${USER}::test_error_handler_http_subclass`, async () => {
    class ForbiddenSubclassRegistered extends httpErrors.Forbidden {}
    class ForbiddenSubclassUnregistered extends httpErrors.Forbidden {}
    const app = await routingApp(
      {
        a: [
          url(
            '/forbidden',
            thrower(() => new httpErrors.Forbidden()),
            'forbidden',
          ),
          url(
            '/forbidden-registered',
            thrower(() => new ForbiddenSubclassRegistered()),
            're',
          ),
          url(
            '/forbidden-unregistered',
            thrower(() => new ForbiddenSubclassUnregistered()),
            'un',
          ),
        ],
      },
      {},
      (app) => {
        app.registerErrorHandler(403, (e) => {
          assert.ok(e instanceof httpErrors.Forbidden)
          return 'forbidden'
        })
        app.registerErrorHandler(ForbiddenSubclassRegistered, () => 'forbidden-registered')
      },
    )
    try {
      assert.equal(await body(app, '/forbidden'), 'forbidden')
      assert.equal(await body(app, '/forbidden-unregistered'), 'forbidden')
      assert.equal(await body(app, '/forbidden-registered'), 'forbidden-registered')
    } finally {
      await app.close()
    }
  })

  it(`${USER}::test_error_handler_blueprint`, async () => {
    const { a } = await freshBlueprints()
    a.errorHandler(500, () => 'bp-error')
    const app = await routingApp(
      {
        a: [
          url(
            '/bp/error',
            thrower(() => new httpErrors.InternalServerError()),
            'error',
          ),
        ],
      },
      {},
      (app) => {
        app.registerErrorHandler(500, () => 'app-error')
        app.get(
          '/error',
          thrower(() => new httpErrors.InternalServerError()),
        )
      },
    )
    try {
      assert.equal(await body(app, '/error'), 'app-error')
      assert.equal(await body(app, '/bp/error'), 'bp-error')
    } finally {
      await app.close()
    }
  })

  it(`${USER}::test_default_error_handler`, async () => {
    const { a } = await freshBlueprints()
    a.errorHandler(HTTPException, (e) => {
      assert.ok(e instanceof httpErrors.NotFound)
      return 'bp-default'
    })
    a.errorHandler(httpErrors.Forbidden, () => 'bp-forbidden')
    const app = await routingApp(
      {
        a: [
          url('/bp/undefined', () => abort(404), 'undefined'),
          url('/bp/forbidden', () => abort(403), 'forbidden'),
        ],
      },
      {},
      (app) => {
        app.registerErrorHandler(HTTPException, (e) => {
          assert.ok(e instanceof httpErrors.NotFound)
          return 'default'
        })
        app.registerErrorHandler(httpErrors.Forbidden, () => 'forbidden')
        app.get('/forbidden', () => abort(403))
        app.get('/slash/', () => 'slash')
      },
    )
    try {
      assert.equal(await body(app, '/bp/undefined'), 'bp-default')
      assert.equal(await body(app, '/bp/forbidden'), 'bp-forbidden')
      // A URL no rule matches: the NotFound reaches the app's HTTPException handler.
      assert.equal(await body(app, '/undefined'), 'default')
      assert.equal(await body(app, '/forbidden'), 'forbidden')
      // Don't handle RequestRedirect raised when adding slash.
      const redirect = await app.inject('/slash')
      assert.equal(redirect.statusCode, 308)
      assert.equal(redirect.headers.location, '/slash/')
      assert.equal(await body(app, '/slash/'), 'slash')
    } finally {
      await app.close()
    }
  })

  // TestGenericHandlers::test_handle_generic: an Error handler gets every error directly.
  it(`${USER}::TestGenericHandlers::test_handle_generic`, async () => {
    class Custom extends Error {}
    const app = await routingApp(
      {
        a: [
          url(
            '/custom',
            thrower(() => new Custom()),
            'custom',
          ),
          url(
            '/error',
            thrower(() => new RangeError()),
            'error',
          ),
          url('/abort', () => abort(500), 'abort'),
        ],
      },
      {},
      (app) => app.registerErrorHandler(Error, (e) => `direct ${e.constructor.name}`),
    )
    try {
      assert.equal(await body(app, '/custom'), 'direct Custom')
      assert.equal(await body(app, '/error'), 'direct RangeError')
      assert.equal(await body(app, '/abort'), 'direct InternalServerError')
      assert.equal(await body(app, '/not-found'), 'direct NotFound')
    } finally {
      await app.close()
    }
  })
})

describe(BLUEPRINTS, () => {
  afterEach(freshBlueprints)

  it(`${BLUEPRINTS}::test_blueprint_specific_error_handling (by status)`, async () => {
    const { a, b } = await freshBlueprints()
    a.errorHandler(403, () => 'frontend says no')
    b.errorHandler(403, () => 'backend says no')
    const app = await routingApp(
      {
        a: [url('/frontend-no', () => abort(403), 'frontend_no')],
        b: [url('/backend-no', () => abort(403), 'backend_no')],
        c: [url('/what-is-a-sideend', () => abort(403), 'sideend_no')],
      },
      {},
      (app) => app.registerErrorHandler(403, () => 'application itself says no'),
    )
    try {
      assert.equal(await body(app, '/frontend-no'), 'frontend says no')
      assert.equal(await body(app, '/backend-no'), 'backend says no')
      assert.equal(await body(app, '/what-is-a-sideend'), 'application itself says no')
    } finally {
      await app.close()
    }
  })

  it(`${BLUEPRINTS}::test_blueprint_specific_user_error_handling`, async () => {
    class MyDecoratorException extends Error {}
    class MyFunctionException extends Error {}
    const { a } = await freshBlueprints()
    a.errorHandler(MyDecoratorException, () => 'boom')
    a.errorHandler(MyFunctionException, () => 'bam')
    const app = await routingApp({
      a: [
        url(
          '/decorator',
          thrower(() => new MyDecoratorException()),
          'blue_deco_test',
        ),
        url(
          '/function',
          thrower(() => new MyFunctionException()),
          'blue_func_test',
        ),
      ],
    })
    try {
      assert.equal(await body(app, '/decorator'), 'boom')
      assert.equal(await body(app, '/function'), 'bam')
    } finally {
      await app.close()
    }
  })

  it(`${BLUEPRINTS}::test_blueprint_app_error_handling`, async () => {
    // errors: module a, with no routes; forbidden_bp: module b.
    const { a } = await freshBlueprints()
    a.appErrorHandler(403, () => response('you shall not pass', 403))
    const app = await routingApp(
      { a: [], b: [url('/nope', () => abort(403), 'bp_forbidden')] },
      {},
      (app) => app.get('/forbidden', () => abort(403)),
    )
    try {
      for (const path of ['/forbidden', '/nope']) {
        const res = await app.inject(path)
        assert.equal(res.body, 'you shall not pass')
        assert.equal(res.statusCode, 403)
      }
    } finally {
      await app.close()
    }
  })

  it(`${BLUEPRINTS}::test_error_handler_precedence (module status before app class)`, async () => {
    // Flask: handlers by code first (module, then app), then by class (module, then app).
    const { a } = await freshBlueprints()
    a.errorHandler(Error, () => 'module error')
    a.errorHandler(404, () => 'module 404')
    const app = await routingApp(
      {
        a: [
          url('/gone', () => abort(404), 'gone'),
          url('/forbidden', () => abort(403), 'forbidden'),
          url(
            '/boom',
            thrower(() => new TypeError('x')),
            'boom',
          ),
        ],
      },
      {},
      (app) => app.registerErrorHandler(403, () => 'app 403'),
    )
    try {
      assert.equal(await body(app, '/gone'), 'module 404')
      assert.equal(await body(app, '/forbidden'), 'app 403')
      assert.equal(await body(app, '/boom'), 'module error')
    } finally {
      await app.close()
    }
  })
})

// Flask's tests/test_basic.py error handling cases. Each request also sends a browser's
// Accept: the app's handlers answer before the site's error pages would.
const BASIC = 'flask tests/test_basic.py'
const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

describe(BASIC, () => {
  afterEach(freshBlueprints)

  it(`${BASIC}::test_error_handling`, async () => {
    const app = await routingApp(
      {
        a: [
          url('/', () => abort(404), 'index'),
          url(
            '/error',
            thrower(() => new RangeError()),
            'error',
          ),
          url('/forbidden', () => abort(403), 'error2'),
        ],
      },
      {},
      (app) => {
        app.registerErrorHandler(404, () => response('not found', 404))
        app.registerErrorHandler(500, () => response('internal server error', 500))
        app.registerErrorHandler(httpErrors.Forbidden, () => response('forbidden', 403))
      },
    )
    try {
      for (const [path, status, text] of [
        ['/', 404, 'not found'],
        ['/error', 500, 'internal server error'],
        ['/forbidden', 403, 'forbidden'],
      ] as const) {
        const rv = await app.inject({ url: path, headers: BROWSER })
        assert.equal(rv.statusCode, status)
        assert.equal(rv.body, text)
      }
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_before_request_and_routing_errors`, async () => {
    const app = await routingApp({ a: [] }, {}, (app) => {
      app.decorateRequest('something', '')
      app.addHook('onRequest', async (request) => {
        ;(request as { something?: string }).something = 'value'
      })
      app.registerErrorHandler(404, (_error, request) =>
        response((request as { something?: string }).something, 404),
      )
    })
    try {
      const rv = await app.inject({ url: '/', headers: BROWSER })
      assert.equal(rv.statusCode, 404)
      assert.equal(rv.body, 'value')
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_response_types (the /wsgi NotFound half: Werkzeug's page)`, async () => {
    const app = await routingApp({ a: [url('/wsgi', () => abort(404), 'wsgi')] })
    try {
      const rv = await app.inject({ url: '/wsgi', headers: BROWSER })
      assert.equal(rv.statusCode, 404)
      assert.match(rv.body, /Not Found/)
    } finally {
      await app.close()
    }
  })
})
