// Flask's tests/test_blueprints.py, the url prefix, renaming and nesting cases, translated
// case by case: a Flask Blueprint is a module (modules a, b of test/fixtures/routing; a's
// child modules child and grandchild under modules/a/modules/), `Blueprint(url_prefix=)`
// the blueprint's urlPrefix, `register_blueprint(bp, url_prefix=, name=, url_defaults=)` an
// entry { name, prefix, as, defaults } of the enabled list (or of a parent's `modules`).
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { DuplicateModule, response, url } from '../../src/index.ts'
import {
  blueprintOptions,
  childBlueprints,
  freshBlueprints,
  routingApp,
} from '../fixtures/routing/app.ts'

const ORIGIN = 'flask tests/test_blueprints.py'
const endpoint = (request: FastifyRequest) => String(request.routeOptions.config.endpoint)
const abort = (statusCode: number): never => {
  throw Object.assign(new Error('aborted'), { statusCode })
}
const on403 =
  (body: string) => (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
    error.statusCode === 403 ? response(body, 403) : reply.send(error)

describe(`${ORIGIN} (prefixes, renaming, nesting)`, () => {
  afterEach(async () => {
    await freshBlueprints()
    await childBlueprints()
  })

  // @pytest.mark.parametrize("prefix, rule, url", ...), less the rule '' (see SKIPPED.md)
  const slashes: [string, string, string][] = [
    ['', '/', '/'],
    ['/', '/', '/'],
    ['', '/bar', '/bar'],
    ['/foo/', '/bar', '/foo/bar'],
    ['/foo/', 'bar', '/foo/bar'],
    ['/foo', '/bar', '/foo/bar'],
    ['/foo/', '//bar', '/foo/bar'],
    ['/foo//', '/bar', '/foo/bar'],
  ]
  for (const [prefix, rule, path] of slashes) {
    it(`${ORIGIN}::test_blueprint_prefix_slash[${prefix}-${rule}-${path}]`, async () => {
      const { a } = await freshBlueprints()
      blueprintOptions(a, { urlPrefix: prefix })
      const app = await routingApp({ a: [url(rule, () => response('', 204), 'index')] })
      try {
        assert.equal((await app.inject(path)).statusCode, 204)
      } finally {
        await app.close()
      }
    })
  }

  it(`${ORIGIN}::test_blueprint_url_defaults`, async () => {
    const foo = (request: FastifyRequest) => {
      const { bar, baz } = request.params as { bar: number; baz: number }
      return `${bar}/${baz}`
    }
    const bar = (request: FastifyRequest) => String((request.params as { bar: number }).bar)
    const app = await routingApp(
      { a: [url('/foo', foo, { name: 'foo', defaults: { baz: 42 } }), url('/bar', bar, 'bar')] },
      {},
      undefined,
      [
        { name: 'a', prefix: '/1', defaults: { bar: 23 } },
        { name: 'a', as: 'test2', prefix: '/2', defaults: { bar: 19 } },
      ],
    )
    try {
      assert.equal((await app.inject('/1/foo')).body, '23/42')
      assert.equal((await app.inject('/2/foo')).body, '19/42')
      assert.equal((await app.inject('/1/bar')).body, '23')
      assert.equal((await app.inject('/2/bar')).body, '19')
      // Each mount is its own module: its endpoints and its own static files.
      assert.equal(app.urlFor('test2.bar'), '/2/bar')
      assert.equal(app.urlFor('test2.static', { filename: 'x.css' }), '/static_test2/x.css')
    } finally {
      await app.close()
    }
  })

  // @pytest.mark.parametrize("parent_init, child_init, parent_registration, child_registration", ...)
  const nesting: [
    string | undefined,
    string | undefined,
    string | undefined,
    string | undefined,
  ][] = [
    ['/parent', '/child', undefined, undefined],
    ['/parent', undefined, undefined, '/child'],
    [undefined, undefined, '/parent', '/child'],
    ['/other', '/something', '/parent', '/child'],
  ]
  for (const [parentInit, childInit, parentRegistration, childRegistration] of nesting) {
    const id = [parentInit, childInit, parentRegistration, childRegistration].map(String).join('-')
    it(`${ORIGIN}::test_nesting_url_prefixes[${id}]`, async () => {
      const { a } = await freshBlueprints()
      const { child } = await childBlueprints()
      blueprintOptions(child, { urlPrefix: childInit })
      child.urlpatterns.push(url('/', () => 'index', 'index'))
      blueprintOptions(a, {
        urlPrefix: parentInit,
        modules: [{ name: 'child', ...(childRegistration ? { prefix: childRegistration } : {}) }],
      })
      const app = await routingApp({ a: [] }, {}, undefined, [
        { name: 'a', ...(parentRegistration ? { prefix: parentRegistration } : {}) },
      ])
      try {
        const answer = await app.inject('/parent/child/')
        assert.equal(answer.statusCode, 200)
        assert.equal(app.urlFor('a.child.index'), '/parent/child/')
      } finally {
        await app.close()
      }
    })
  }

  it(`${ORIGIN}::test_unique_blueprint_names`, async () => {
    const start = async (enabled: Parameters<typeof routingApp>[3]) => {
      const app = await routingApp({ a: [], b: [] }, {}, undefined, enabled)
      await app.close()
    }
    // same bp, same name, error
    await assert.rejects(start(['a', 'a']), DuplicateModule)
    // same bp, different name, ok
    await start(['a', { name: 'a', as: 'again' }])
    // different bp, same name, error
    await assert.rejects(start(['a', { name: 'b', as: 'a' }]), DuplicateModule)
    // different bp, different name, ok
    await start(['a', { name: 'b', as: 'alt' }])
  })

  it(`${ORIGIN}::test_blueprint_renaming`, async () => {
    // bp is module a, bp2 its child module 'child'.
    const { a } = await freshBlueprints()
    const { child } = await childBlueprints()
    a.urlpatterns.push(
      url('/', endpoint, 'index'),
      url('/error', () => abort(403), 'error'),
    )
    a.errorHandler(on403('Error'))
    child.urlpatterns.push(url('/', endpoint, 'index2'))
    blueprintOptions(a, { modules: [{ name: 'child', prefix: '/a', as: 'sub' }] })
    const app = await routingApp({ a: [...a.urlpatterns] }, {}, undefined, [
      { name: 'a', prefix: '/a' },
      { name: 'a', prefix: '/b', as: 'alt' },
    ])
    try {
      assert.equal((await app.inject('/a/')).body, 'a.index')
      assert.equal((await app.inject('/b/')).body, 'alt.index')
      assert.equal((await app.inject('/a/a/')).body, 'a.sub.index2')
      assert.equal((await app.inject('/b/a/')).body, 'alt.sub.index2')
      assert.equal((await app.inject('/a/error')).body, 'Error')
      assert.equal((await app.inject('/b/error')).body, 'Error')
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_nested_callback_order`, async () => {
    const seen = (request: FastifyRequest): string[] => {
      const holder = request as FastifyRequest & { seen?: string[] }
      holder.seen ??= []
      return holder.seen
    }
    const push = (name: string) => async (request: FastifyRequest) => {
      seen(request).push(name)
    }
    const { a } = await freshBlueprints()
    const { child } = await childBlueprints()
    a.beforeRequest(push('parent_1')).beforeRequest(push('parent_2'))
    child.beforeRequest(push('child_1')).beforeRequest(push('child_2'))
    child.urlpatterns.push(url('/a', (request) => seen(request).join(', '), 'a'))
    blueprintOptions(a, { modules: ['child'] })
    const app = await routingApp({ a: [] }, {}, (app) => {
      app.addHook('preHandler', push('app_1'))
      app.addHook('preHandler', push('app_2'))
    })
    try {
      assert.equal(
        (await app.inject('/a')).body,
        'app_1, app_2, parent_1, parent_2, child_1, child_2',
      )
    } finally {
      await app.close()
    }
  })

  it(`${ORIGIN}::test_nested_blueprint`, async () => {
    const { a } = await freshBlueprints()
    const { child, grandchild } = await childBlueprints()
    a.errorHandler(on403('Parent no'))
    a.urlpatterns.push(url('/', () => 'Parent yes', 'parent_index'))
    a.urlpatterns.push(url('/no', () => abort(403), 'parent_no'))
    child.urlpatterns.push(url('/', () => 'Child yes', 'child_index'))
    child.urlpatterns.push(url('/no', () => abort(403), 'child_no'))
    grandchild.errorHandler(on403('Grandchild no'))
    grandchild.urlpatterns.push(url('/', () => 'Grandchild yes', 'grandchild_index'))
    grandchild.urlpatterns.push(url('/no', () => abort(403), 'grandchild_no'))
    blueprintOptions(child, { modules: [{ name: 'grandchild', prefix: '/grandchild' }] })
    blueprintOptions(a, { modules: [{ name: 'child', prefix: '/child' }] })
    const app = await routingApp({ a: [...a.urlpatterns] }, {}, undefined, [
      { name: 'a', prefix: '/parent' },
    ])
    try {
      assert.equal((await app.inject('/parent/')).body, 'Parent yes')
      assert.equal((await app.inject('/parent/child/')).body, 'Child yes')
      assert.equal((await app.inject('/parent/child/grandchild/')).body, 'Grandchild yes')
      assert.equal((await app.inject('/parent/no')).body, 'Parent no')
      assert.equal((await app.inject('/parent/child/no')).body, 'Parent no')
      assert.equal((await app.inject('/parent/child/grandchild/no')).body, 'Grandchild no')
    } finally {
      await app.close()
    }
  })
})

describe('module url prefixes: what every consumer sees', () => {
  afterEach(async () => {
    await freshBlueprints()
    await childBlueprints()
  })

  it("relative endpoints: '.list' is this module's, '..list' its parent's", async () => {
    const { a } = await freshBlueprints()
    const { child } = await childBlueprints()
    const links = (request: FastifyRequest) => [
      request.urlFor('.list'),
      request.urlFor('..list'),
      request.blueprint,
    ]
    a.urlpatterns.push(url('/', () => 'parent', 'list'))
    child.urlpatterns.push(
      url('/', () => 'child', 'list'),
      url('/links', links, 'links'),
    )
    blueprintOptions(a, { urlPrefix: '/admin', modules: [{ name: 'child', prefix: '/users' }] })
    const app = await routingApp({ a: [...a.urlpatterns] })
    try {
      assert.deepEqual((await app.inject('/admin/users/links')).json(), [
        '/admin/users/',
        '/admin/',
        'a.child',
      ])
    } finally {
      await app.close()
    }
  })

  it("a prefixed rule gets Werkzeug's 308 to its slash and its 405", async () => {
    const { a } = await freshBlueprints()
    blueprintOptions(a, { urlPrefix: '/forum' })
    const app = await routingApp({ a: [url('/board/', () => 'board', 'board')] })
    try {
      const redirect = await app.inject('/forum/board')
      assert.equal(redirect.statusCode, 308)
      assert.equal(redirect.headers.location, '/forum/board/')
      const refused = await app.inject({ method: 'POST', url: '/forum/board/' })
      assert.equal(refused.statusCode, 405)
      assert.equal((await app.inject('/board/')).statusCode, 404)
    } finally {
      await app.close()
    }
  })

  it("the registration's prefix wins over the blueprint's urlPrefix", async () => {
    const { a } = await freshBlueprints()
    blueprintOptions(a, { urlPrefix: '/forum' })
    const app = await routingApp({ a: [url('/', () => 'home', 'home')] }, {}, undefined, [
      { name: 'a', prefix: '/community' },
    ])
    try {
      assert.equal((await app.inject('/community/')).body, 'home')
      assert.equal((await app.inject('/forum/')).statusCode, 404)
      assert.equal(app.urlFor('a.home'), '/community/')
      const [module] = app.microservices
      assert.equal(module?.prefix, '/community')
    } finally {
      await app.close()
    }
  })

  it('a relative rule in a module without prefix is refused at start-up', async () => {
    await assert.rejects(routingApp({ a: [url('edit', () => 'x', 'edit')] }), {
      code: 'FMS_ERR_URL_INVALID_RULE',
    })
  })

  it('an entry that is neither a name nor { name, as, prefix, defaults } is refused', async () => {
    for (const entry of [{ name: 'a', prefix: 'forum' }, { name: 'a', url: '/x' }, 3]) {
      await assert.rejects(
        routingApp({ a: [] }, {}, undefined, [entry as never]),
        { code: 'FMS_ERR_MODULE_INVALID_ENTRY' },
        JSON.stringify(entry),
      )
    }
  })
})
