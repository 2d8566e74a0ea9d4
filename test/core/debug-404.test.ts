// Django's debug 404 (django/views/debug.py technical_404_response): in development a
// browser asking for a path nobody serves sees the rules tried, in order; never in production.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { describe, it } from 'node:test'
import { MicroServicesApp, type MicroServicesOptions } from '../../src/index.ts'
import { fixture } from '../cli/helpers.ts'

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

async function appWith(options: MicroServicesOptions) {
  const app = MicroServicesApp({
    root: fixture('cli-app'),
    modulesEnv: false,
    routeTypes: false,
    ...options,
  })
  await app.registerUrls(['blog', 'shop'])
  return app
}

describe('debug 404 page', () => {
  it('lists every rule tried, in order, with methods and endpoints, for a browser in development', async (t) => {
    const app = await appWith({ dev: true })
    t.after(() => app.close())
    const response = await app.inject({ url: '/nowhere/?q=1', headers: HTML })
    assert.equal(response.statusCode, 404)
    assert.match(response.headers['content-type'] as string, /^text\/html; charset=utf-8/)
    const body = response.body
    assert.match(body, /<title>Page not found \(404\)<\/title>/)
    assert.match(body, /<tr><th>Request URL<\/th><td><code>\/nowhere\/\?q=1<\/code>/)
    assert.match(body, /The current path, <code>\/nowhere\/<\/code>, matched none of these\./)
    const rules = [
      ...body.matchAll(
        /<tr><td><code>([^<]+)<\/code><\/td><td>([^<]*)<\/td><td><code>([^<]+)<\/code>/g,
      ),
    ]
    assert.deepEqual(
      rules.map(([, rule, methods, endpoint]) => [rule, methods, endpoint]),
      [
        ['/blog/', 'GET', 'blog.index'],
        ['/blog/&lt;int:post_id&gt;/', 'GET, POST', 'blog.post'],
        ['/shop/cart', 'GET', 'shop.cart'],
        ['/shop/checkout', 'POST', 'shop.checkout'],
        ['/about/', 'GET', 'shop.about'],
        ['/shop/fail', 'GET', 'shop.fail'],
        ['/static/&lt;path:filename&gt;', 'GET', 'static'],
        ['/static_blog/&lt;path:filename&gt;', 'GET', 'blog.static'],
        ['/static_shop/&lt;path:filename&gt;', 'GET', 'shop.static'],
      ],
    )
  })

  it('escapes the requested URL, sent raw over a socket', async (t) => {
    const app = await appWith({ dev: true })
    t.after(() => app.close())
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(
          'GET /x/<script>?<b>=1 HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n',
        ),
      )
      let data = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        data += chunk
      })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')))
    })
    assert.match(raw, /^HTTP\/1\.1 404 /)
    assert.doesNotMatch(raw, /<script>|<b>/)
    assert.match(raw, /\/x\/&lt;script&gt;\?&lt;b&gt;=1/)
  })

  // Not the debug page: the site's 404 page to a browser (test/core/error-pages.test.ts), JSON to others.
  for (const [label, options, request, answer] of [
    ['in production (dev off)', { dev: false }, { url: '/nowhere/', headers: HTML }, 'page'],
    [
      'to a client that does not ask for HTML',
      { dev: true },
      { url: '/nowhere/', headers: { accept: 'application/json' } },
      'json',
    ],
    [
      'to a POST',
      { dev: true },
      { method: 'POST' as const, url: '/nowhere/', headers: HTML },
      'page',
    ],
  ] as const) {
    it(`is not shown ${label}: the ${answer === 'page' ? "site's 404 page" : 'JSON 404'}`, async (t) => {
      const app = await appWith(options)
      t.after(() => app.close())
      const response = await app.inject(request)
      assert.equal(response.statusCode, 404)
      assert.doesNotMatch(response.body, /were tried/)
      if (answer === 'page') {
        assert.match(response.headers['content-type'] as string, /^text\/html/)
        assert.match(response.body, /<h1>404 Not Found<\/h1>/)
        return
      }
      assert.deepEqual(response.json(), {
        message: 'Route GET:/nowhere/ not found',
        error: 'Not Found',
        statusCode: 404,
      })
    })
  }

  it("gives way to the app's own notFound handler, even in development", async (t) => {
    const app = await appWith({
      dev: true,
      notFound: (_request, reply) => reply.code(404).send('our own page'),
    })
    t.after(() => app.close())
    const response = await app.inject({ url: '/nowhere/', headers: HTML })
    assert.equal(response.statusCode, 404)
    assert.equal(response.body, 'our own page')
  })

  it('leaves 405, 308 and OPTIONS as they are in development', async (t) => {
    const app = await appWith({ dev: true })
    t.after(() => app.close())
    const wrongMethod = await app.inject({ method: 'DELETE', url: '/blog/', headers: HTML })
    assert.equal(wrongMethod.statusCode, 405)
    const slash = await app.inject({ url: '/blog?x=1', headers: HTML })
    assert.equal(slash.statusCode, 308)
    assert.equal(slash.headers.location, '/blog/?x=1')
    const options = await app.inject({ method: 'OPTIONS', url: '/blog/' })
    assert.equal(options.statusCode, 200)
  })

  it('is the default with NODE_ENV=development', async (t) => {
    const before = process.env.NODE_ENV
    process.env.NODE_ENV = 'development'
    t.after(() => {
      if (before === undefined) delete process.env.NODE_ENV
      else process.env.NODE_ENV = before
    })
    const app = await appWith({})
    t.after(() => app.close())
    const response = await app.inject({ url: '/nowhere/', headers: HTML })
    assert.match(response.body, /<title>Page not found \(404\)<\/title>/)
  })
})
