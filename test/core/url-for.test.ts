import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BuildError, MissingServerName, url } from '../../src/index.ts'
import { compileRoutes } from '../../src/urls/compile.ts'
import { converterTable } from '../../src/urls/converters.ts'
import { routeTypes } from '../../src/urls/routes-file.ts'
import { UrlMap } from '../../src/urls/url-map.ts'

const view = () => ''

function mapOf(options = {}) {
  const map = new UrlMap(options)
  const routes = compileRoutes(
    [
      {
        module: 'forum',
        patterns: [
          url('/forum/', view, 'home'),
          url('/forum/board/<board_id>', view, 'board'),
          url('/forum/t/<int:id>/<slug>', view, 'thread', ['GET', 'POST']),
          url('/forum/f/<path:name>', view, 'file'),
          url('/forum/u/<uuid:u>', view, 'user'),
          url('/forum/p/<float:x>', view, 'price'),
          url('/forum/s/<any(new, top):order>', view, 'sort'),
          url('/forum/n/<int(fixed_digits=4):n>', view, 'padded'),
          url('/forum/signed/<int(signed=True):n>', view, 'signed'),
        ],
      },
      { module: 'admin', patterns: [url('/admin/', view, 'home')] },
    ],
    converterTable(),
  )
  for (const route of routes) map.add(route.builder)
  return map
}

describe('urlFor', () => {
  const map = mapOf()
  const built: [string, Record<string, unknown>, string][] = [
    ['forum.home', {}, '/forum/'],
    ['admin.home', {}, '/admin/'],
    ['forum.board', { board_id: 'test' }, '/forum/board/test'],
    ['forum.board', { board_id: 'a b?c#d&e' }, '/forum/board/a%20b%3Fc%23d&e'],
    ['forum.board', { board_id: 'é' }, '/forum/board/%C3%A9'],
    ['forum.thread', { id: 7, slug: 'hi' }, '/forum/t/7/hi'],
    ['forum.thread', { id: '7', slug: 'hi' }, '/forum/t/7/hi'],
    ['forum.file', { name: 'a/b c/d.txt' }, '/forum/f/a/b%20c/d.txt'],
    [
      'forum.user',
      { u: '0B8E8F8E-0000-4000-8000-000000000000' },
      '/forum/u/0b8e8f8e-0000-4000-8000-000000000000',
    ],
    ['forum.price', { x: 2 }, '/forum/p/2.0'],
    ['forum.price', { x: 2.5 }, '/forum/p/2.5'],
    ['forum.sort', { order: 'top' }, '/forum/s/top'],
    ['forum.padded', { n: 7 }, '/forum/n/0007'],
    ['forum.signed', { n: -3 }, '/forum/signed/-3'],
    ['forum.home', { page: 2, q: 'a&b' }, '/forum/?page=2&q=a%26b'],
    ['forum.home', { tag: ['x', 'y'], skip: undefined, none: null }, '/forum/?tag=x&tag=y'],
    ['forum.thread', { id: 1, slug: 's', _anchor: 'reply 2' }, '/forum/t/1/s#reply%202'],
    ['forum.thread', { id: 1, slug: 's', _method: 'POST' }, '/forum/t/1/s'],
    ['forum.thread', { id: 1, slug: 's', _method: 'HEAD' }, '/forum/t/1/s'],
    ['forum.home', { _private: 1 }, '/forum/?_private=1'],
    // Werkzeug's safe sets: path segments keep sub-delims, ':' and '@'; a query writes ' ' as '+'
    ['forum.board', { board_id: "a:b@c!$&'()*+,;=" }, "/forum/board/a:b@c!$&'()*+,;="],
    ['forum.file', { name: 'a:b/c@d' }, '/forum/f/a:b/c@d'],
    ['forum.home', { q: 'a b+c/d?e' }, '/forum/?q=a+b%2Bc/d?e'],
    ['forum.home', { 'a b': 'x' }, '/forum/?a+b=x'],
  ]
  for (const [endpoint, values, expected] of built) {
    it(`builds ${endpoint} ${JSON.stringify(values)}`, () => {
      assert.equal(map.urlFor(endpoint, values), expected)
    })
  }

  it('quotes a BigInt it refuses instead of failing on it', () => {
    assert.throws(
      () => map.urlFor('forum.thread', { id: 10n, slug: 's' }),
      (error: Error) => {
        assert.ok(error instanceof BuildError)
        assert.match(error.message, /the value "10n" for 'id' is refused/)
        return true
      },
    )
  })

  it('resolves .name against the request module', () => {
    assert.equal(map.urlFor('.home', {}, { blueprint: 'admin' }), '/admin/')
    assert.equal(map.urlFor('.home', {}, { blueprint: 'forum' }), '/forum/')
  })

  it('builds external URLs from the request, or from the server name outside one', () => {
    const scope = { protocol: 'https', host: 'example.org:8443' }
    assert.equal(
      map.urlFor('admin.home', { _external: true }, scope),
      'https://example.org:8443/admin/',
    )
    assert.equal(
      map.urlFor('admin.home', { _external: true, _scheme: 'wss' }, scope),
      'wss://example.org:8443/admin/',
    )
    const configured = mapOf({ serverName: 'site.test', preferredUrlScheme: 'https' })
    assert.equal(configured.urlFor('admin.home', { _external: true }), 'https://site.test/admin/')
    assert.throws(() => map.urlFor('admin.home', { _external: true }), MissingServerName)
  })

  const refused: [string, Record<string, unknown>, RegExp][] = [
    [
      'admn.home',
      {},
      /endpoint 'admn.home' with values \{\}: no such endpoint\. Did you mean 'admin.home'/,
    ],
    ['forum.bord', { board_id: 1 }, /Did you mean 'forum.board'/],
    ['nothing.like.this.at.all', {}, /no such endpoint\.$/],
    ['forum.board', {}, /missing a value for 'board_id' in rule '\/forum\/board\/<board_id>'/],
    ['forum.thread', { id: 'x', slug: 's' }, /the value "x" for 'id' is refused/],
    ['forum.thread', { id: 1.5, slug: 's' }, /for 'id' is refused/],
    ['forum.thread', { id: -3, slug: 's' }, /the value -3 for 'id' is refused/],
    ['forum.thread', { id: Number.NaN, slug: 's' }, /for 'id' is refused/],
    ['forum.board', {}, /with values \{\}: missing a value for 'board_id'/],
    ['forum.sort', { order: 'old' }, /for 'order' is refused/],
    ['forum.user', { u: 'nope' }, /for 'u' is refused/],
    ['forum.file', { name: '' }, /for 'name' is refused/],
    ['forum.file', { name: 'a/../b' }, /for 'name' is refused/],
    ['forum.board', { board_id: 'a/b' }, /for 'board_id' is refused/],
    ['forum.board', { board_id: '..' }, /for 'board_id' is refused/],
    ['forum.padded', { n: 12345 }, /for 'n' is refused/],
    ['forum.price', { x: 1e21 }, /for 'x' is refused/],
    ['forum.home', { _method: 'DELETE' }, /it answers GET, not DELETE/],
    ['.home', {}, /relative endpoint needs a request handled by a module/],
  ]
  for (const [endpoint, values, message] of refused) {
    it(`refuses ${endpoint} ${JSON.stringify(values)} with a BuildError`, () => {
      assert.throws(
        () => map.urlFor(endpoint, values),
        (error: Error & { code: string }) => {
          assert.ok(error instanceof BuildError)
          assert.equal(error.code, 'FMS_ERR_URL_BUILD')
          assert.match(error.message, message)
          return true
        },
      )
    })
  }

  /** What templates compile `url_for('e', a=x, b=y)` to: a builder taking [x, y], made once. */
  const prepared = (endpoint: string, values: Record<string, unknown>) =>
    map.prepare(endpoint, Object.keys(values))?.(Object.values(values))
  /** Calls urlFor must leave to render time: they depend on the request, or fail to build at all. */
  const leftToRender = (endpoint: string, values: Record<string, unknown>) =>
    endpoint.startsWith('.') ||
    Object.keys(values).some((key) => key.startsWith('_')) ||
    !map.endpoints.includes(endpoint)
  for (const [endpoint, values, expected] of built) {
    it(`prepare: ${endpoint} ${JSON.stringify(values)} builds what urlFor builds`, () => {
      if (leftToRender(endpoint, values))
        assert.equal(map.prepare(endpoint, Object.keys(values)), undefined)
      else assert.equal(prepared(endpoint, values), expected)
    })
  }
  for (const [endpoint, values] of refused) {
    it(`prepare: ${endpoint} ${JSON.stringify(values)} fails as urlFor fails, or is left to render`, () => {
      if (leftToRender(endpoint, values)) {
        assert.equal(map.prepare(endpoint, Object.keys(values)), undefined)
        return
      }
      const message = (build: () => unknown): string => {
        try {
          build()
        } catch (error) {
          assert.ok(error instanceof BuildError)
          return error.message
        }
        return assert.fail('no BuildError')
      }
      assert.equal(
        message(() => prepared(endpoint, values)),
        message(() => map.urlFor(endpoint, values)),
      )
    })
  }
})

describe('routes.d.ts of an endpoint with several rules', () => {
  it('maps the endpoint to the union of its rules, once', () => {
    const text = routeTypes([
      { endpoint: 'shop.list', rule: '/users/page/<int:page>/' },
      { endpoint: 'shop.home', rule: '/' },
      { endpoint: 'shop.list', rule: '/users/' },
    ])
    assert.match(text, /'shop.list': '\/users\/page\/<int:page>\/' \| '\/users\/'\n/)
    assert.equal(text.match(/'shop.list'/g)?.length, 1)
    assert.ok(text.indexOf("'shop.home'") < text.indexOf("'shop.list'"))
  })
})
