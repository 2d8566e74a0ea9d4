import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BuildError } from '../../src/index.ts'
import { appFor } from '../helpers.ts'

type App = Awaited<ReturnType<typeof appFor>>

describe('the static chain through the app, as Flask-MicroServices serves it', () => {
  let app: App
  before(async () => {
    app = await appFor('original-site', ['admin', 'forum', 'home'])
  })
  after(() => app.close())

  const rows: [string, number, string?][] = [
    ['/static/a.txt', 200, 'root_a\n'],
    ['/static/b.txt', 200, 'home_b\n'],
    ['/static/c.txt', 200, 'home_c\n'],
    ['/static_home/b.txt', 200, 'home_b\n'],
    ['/static_home/a.txt', 404],
    ['/static/nope.txt', 404],
    ['/static/', 404],
    ['/nope', 404],
    ['/static/../x', 404],
    ['/static/%2e%2e/x', 404],
  ]
  for (const [url, status, body] of rows) {
    it(`GET ${url} -> ${status}`, async () => {
      const res = await app.inject(url)
      assert.equal(res.statusCode, status)
      if (body !== undefined) assert.equal(res.body, body)
    })
  }

  it('answers a Range with 206, Content-Range, ETag and Last-Modified', async () => {
    const res = await app.inject({ url: '/static/a.txt', headers: { range: 'bytes=0-2' } })
    assert.equal(res.statusCode, 206)
    assert.equal(res.body, 'roo')
    assert.equal(res.headers['content-range'], 'bytes 0-2/7')
    assert.ok(res.headers.etag)
    assert.ok(res.headers['last-modified'])
  })

  it('answers another method on a static path with 405', async () => {
    const res = await app.inject({ method: 'POST', url: '/static/a.txt' })
    assert.equal(res.statusCode, 405)
    assert.equal(res.headers.allow, 'GET, OPTIONS, HEAD')
  })

  it("builds 'static' and '<module>.static' URLs", () => {
    assert.equal(app.urlFor('static', { filename: 'a.txt' }), '/static/a.txt')
    assert.equal(app.urlFor('home.static', { filename: 'b c.txt' }), '/static_home/b%20c.txt')
    assert.equal(app.urlFor('static', { filename: 'a.txt', v: 2 }), '/static/a.txt?v=2')
    assert.throws(() => app.urlFor('static', {}), BuildError)
    assert.throws(() => app.urlFor('static', { filename: '' }), BuildError)
  })
})

describe('content-hashed static URLs', () => {
  it('urlFor gives the hashed name, served with an immutable Cache-Control', async () => {
    const app = await appFor('original-site', ['home'], { static: { hashed: true } })
    const url = app.urlFor('static', { filename: 'c.txt' })
    assert.match(url, /^\/static\/c\.[0-9a-f]{12}\.txt$/)
    const hashed = await app.inject(url)
    assert.equal(hashed.body, 'home_c\n')
    assert.match(String(hashed.headers['cache-control']), /immutable/)
    const plain = await app.inject('/static/c.txt')
    assert.equal(plain.body, 'home_c\n')
    assert.doesNotMatch(String(plain.headers['cache-control']), /immutable/)
    await app.close()
  })
})
