// Flask's tests/test_views.py, the cases a class view of url() has: a class with get,
// post… methods (MethodView) or a dispatchRequest and static methods (View).
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type InvalidClassView, type InvalidHook, url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const ORIGIN = 'flask tests/test_views.py'

/** The Allow header of an OPTIONS answer, as a sorted list (werkzeug's parse_set_header). */
const allowed = (header: unknown): string[] =>
  String(header)
    .split(',')
    .map((m) => m.trim())
    .sort()

/** Flask's common_test: GET and POST answered, PUT a 405, OPTIONS lists GET, HEAD, OPTIONS, POST. */
async function commonTest(view: Parameters<typeof url>[1]): Promise<void> {
  const app = await routingApp({ a: [url('/', view, 'index')] })
  try {
    assert.equal((await app.inject('/')).body, 'GET')
    assert.equal((await app.inject({ method: 'POST', url: '/' })).body, 'POST')
    assert.equal((await app.inject({ method: 'PUT', url: '/' })).statusCode, 405)
    const options = await app.inject({ method: 'OPTIONS', url: '/' })
    assert.deepEqual(allowed(options.headers.allow), ['GET', 'HEAD', 'OPTIONS', 'POST'])
  } finally {
    await app.close()
  }
}

describe(ORIGIN, () => {
  afterEach(freshBlueprints)

  it(`${ORIGIN}::test_basic_view`, async () => {
    class Index {
      static methods = ['GET', 'POST']
      dispatchRequest(request: FastifyRequest) {
        return request.method
      }
    }
    await commonTest(Index)
  })

  it(`${ORIGIN}::test_method_based_view`, async () => {
    class Index {
      get() {
        return 'GET'
      }
      post() {
        return 'POST'
      }
    }
    await commonTest(Index)
  })

  it(`${ORIGIN}::test_view_inheritance`, async () => {
    class Index {
      get() {
        return 'GET'
      }
      post() {
        return 'POST'
      }
    }
    class BetterIndex extends Index {
      delete() {
        return 'DELETE'
      }
    }
    const app = await routingApp({ a: [url('/', BetterIndex, 'index')] })
    try {
      const options = await app.inject({ method: 'OPTIONS', url: '/' })
      assert.deepEqual(allowed(options.headers.allow), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST'])
      assert.equal((await app.inject({ method: 'DELETE', url: '/' })).body, 'DELETE')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_implicit_head`, async () => {
    class Index {
      get(request: FastifyRequest, reply: FastifyReply) {
        reply.header('x-method', request.method)
        return 'Blub'
      }
    }
    const app = await routingApp({ a: [url('/', Index, 'index')] })
    try {
      const get = await app.inject('/')
      assert.equal(get.body, 'Blub')
      assert.equal(get.headers['x-method'], 'GET')
      const head = await app.inject({ method: 'HEAD', url: '/' })
      assert.equal(head.body, '')
      assert.equal(head.headers['x-method'], 'HEAD')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_explicit_head`, async () => {
    class Index {
      get() {
        return 'GET'
      }
      head(_request: FastifyRequest, reply: FastifyReply) {
        reply.header('x-method', 'HEAD')
        return ''
      }
    }
    const app = await routingApp({ a: [url('/', Index, 'index')] })
    try {
      assert.equal((await app.inject('/')).body, 'GET')
      const head = await app.inject({ method: 'HEAD', url: '/' })
      assert.equal(head.body, '')
      assert.equal(head.headers['x-method'], 'HEAD')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_methods_var_inheritance`, async () => {
    // biome-ignore lint/complexity/noStaticOnlyClass: Flask's BaseView holds only its methods list
    class BaseView {
      static methods = ['GET', 'PROPFIND']
    }
    class ChildView extends BaseView {
      get() {
        return 'GET'
      }
      propfind() {
        return 'PROPFIND'
      }
    }
    const pattern = url('/', ChildView, 'index')
    assert.deepEqual([...pattern.methods].sort(), ['GET', 'PROPFIND'])
    // Fastify answers WebDAV's PROPFIND once the app adds it.
    const app = await routingApp({ a: [pattern] }, {}, (app) =>
      app.addHttpMethod('PROPFIND', { hasBody: true }),
    )
    try {
      assert.equal((await app.inject('/')).body, 'GET')
      assert.equal((await app.inject({ method: 'PROPFIND', url: '/' })).body, 'PROPFIND')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_multiple_inheritance`, async () => {
    // JavaScript has one base class: GetDeleteView extends a GetView that extends DeleteView.
    class DeleteView {
      delete() {
        return 'DELETE'
      }
    }
    class GetView extends DeleteView {
      get() {
        return 'GET'
      }
    }
    class GetDeleteView extends GetView {}
    const pattern = url('/', GetDeleteView, 'index')
    assert.deepEqual([...pattern.methods].sort(), ['DELETE', 'GET'])
    const app = await routingApp({ a: [pattern] })
    try {
      assert.equal((await app.inject('/')).body, 'GET')
      assert.equal((await app.inject({ method: 'DELETE', url: '/' })).body, 'DELETE')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_remove_method_from_parent`, async () => {
    class OtherView {
      post() {
        return 'POST'
      }
    }
    class GetView extends OtherView {
      get() {
        return 'GET'
      }
    }
    class View extends GetView {
      static methods = ['GET']
    }
    const pattern = url('/', View, 'index')
    assert.deepEqual(pattern.methods, ['GET'])
    const app = await routingApp({ a: [pattern] })
    try {
      assert.equal((await app.inject('/')).body, 'GET')
      assert.equal((await app.inject({ method: 'POST', url: '/' })).statusCode, 405)
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_init_once`, async () => {
    let n = 0
    class CountInit {
      static initEveryRequest = false
      constructor() {
        n += 1
      }
      dispatchRequest() {
        return String(n)
      }
    }
    const app = await routingApp({ a: [url('/', CountInit, 'index')] })
    try {
      assert.equal((await app.inject('/')).body, '1')
      assert.equal((await app.inject('/')).body, '1')
    } finally {
      await app.close()
    }
  })

  it('a class view is made anew for each request (Flask: init_every_request = True)', async () => {
    let n = 0
    class CountInit {
      constructor() {
        n += 1
      }
      get() {
        return String(n)
      }
    }
    const app = await routingApp({ a: [url('/', CountInit, 'index')] })
    try {
      assert.equal((await app.inject('/')).body, '1')
      assert.equal((await app.inject('/')).body, '2')
    } finally {
      await app.close()
    }
  })

  it('a class view takes its name from the class; explicit methods win over its own', () => {
    class Items {
      get() {
        return 'GET'
      }
      post() {
        return 'POST'
      }
    }
    assert.equal(url('/', Items).name, 'Items')
    assert.deepEqual(url('/', Items, 'items', ['GET']).methods, ['GET'])
  })

  it('a class with no HTTP method nor dispatchRequest is refused by url(), not with a 500 per request', () => {
    class Nothing {
      render() {
        return 'x'
      }
    }
    assert.throws(
      () => url('/', Nothing as never, 'index'),
      (error: InstanceType<typeof InvalidClassView>) => {
        assert.equal(error.code, 'FMS_ERR_URL_CLASS_VIEW')
        assert.match(error.message, /Nothing.*'\/'.*none of get, post/)
        return true
      },
    )
    class Lying {
      static methods = ['GET', 'POST']
      get() {
        return 'GET'
      }
    }
    assert.throws(() => url('/', Lying, 'index'), /static methods list POST/)
  })

  it('a class where a hook is expected is refused when it is given', async () => {
    const { a } = await freshBlueprints()
    class Hook {}
    assert.throws(
      () => a.beforeRequest(Hook as never),
      (error: InstanceType<typeof InvalidHook>) => {
        assert.equal(error.code, 'FMS_ERR_MODULE_INVALID_HOOK')
        assert.match(error.message, /beforeRequest\(\) got the class Hook/)
        return true
      },
    )
    assert.throws(() => a.afterRequest('x' as never), { code: 'FMS_ERR_MODULE_INVALID_HOOK' })
  })
})
