import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { appFor } from '../helpers.ts'

type App = Awaited<ReturnType<typeof appFor>>

describe('the original example over HTTP (behaviour.md)', () => {
  let app: App
  before(async () => {
    app = await appFor('original', ['admin', 'forum', 'home'])
  })
  after(() => app.close())

  const cases: {
    method?: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'OPTIONS' | 'DELETE'
    url: string
    status: number
    body?: string | RegExp
    json?: unknown
    headers?: Record<string, string | RegExp>
  }[] = [
    {
      url: '/',
      status: 200,
      body: 'home page',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    },
    { url: '/admin/', status: 200, body: '<h1>admin</h1>' },
    { url: '/admin', status: 308, headers: { location: '/admin/' } },
    { url: '/admin?x=1', status: 308, headers: { location: '/admin/?x=1' } },
    // Werkzeug redirects to the slashed path only for a method the slashed rule answers.
    { method: 'POST', url: '/admin', status: 404 },
    { url: '/admin/simple', status: 308, headers: { location: '/admin/simple/' } },
    { url: '/forum/board/test', status: 200, body: 'board test' },
    { url: '/forum/board/a%20b', status: 200, body: 'board a b' },
    { url: '/forum/board/', status: 404 },
    { url: '/forum/board/x%2Fy', status: 404 },
    { url: '/forum/board/test/', status: 404 },
    { url: '/admin/forum/', status: 200, body: 'forum admin' },
    { method: 'POST', url: '/admin/', status: 405, headers: { allow: 'GET, OPTIONS, HEAD' } },
    {
      method: 'DELETE',
      url: '/admin/roles/3/',
      status: 405,
      headers: { allow: 'GET, POST, OPTIONS, HEAD' },
    },
    { method: 'HEAD', url: '/admin/', status: 200, body: '' },
    {
      method: 'OPTIONS',
      url: '/admin/',
      status: 200,
      body: '',
      headers: { allow: 'GET, OPTIONS, HEAD' },
    },
    { method: 'OPTIONS', url: '/forum/created', status: 200, headers: { allow: 'POST, OPTIONS' } },
    { url: '/nope', status: 404 },
    { url: '/admin/roles/12/', status: 200, json: { id: 12, type: 'number', method: 'GET' } },
    {
      method: 'POST',
      url: '/admin/roles/12/',
      status: 200,
      json: { id: 12, type: 'number', method: 'POST' },
    },
    { url: '/admin/roles/abc/', status: 404 },
    { url: '/admin/roles/99999999999999999999/', status: 404 },
    { url: '/admin/roles/-1/', status: 404 },
    { url: '/forum/thread/7/hello', status: 200, json: { id: 7, slug: 'hello' } },
    { url: '/forum/thread/x/hello', status: 404 },
    { url: '/forum/thread/1e3/hello', status: 404 },
    { url: '/forum/thread/%201/hello', status: 404 },
    { url: '/forum/thread/0x1/hello', status: 404 },
    { url: '/forum/price/1e3', status: 404 },
    { url: '/forum/u/0B8E8F8E-0000-4000-8000-00000000000Z', status: 404 },
    { url: '/forum/files/a/b/c.txt', status: 200, json: { name: 'a/b/c.txt' } },
    { url: '/forum/files/', status: 404 },
    {
      url: '/forum/u/0B8E8F8E-0000-4000-8000-000000000000',
      status: 200,
      json: { u: '0b8e8f8e-0000-4000-8000-000000000000' },
    },
    { url: '/forum/u/not-a-uuid', status: 404 },
    { url: '/forum/price/1.5', status: 200, json: { x: 1.5 } },
    { url: '/forum/price/1', status: 404 },
    { url: '/forum/sort/top', status: 200, json: { order: 'top' } },
    { url: '/forum/sort/old', status: 404 },
    { url: '/forum/json-list', status: 200, json: [1, 2, 3] },
    {
      method: 'POST',
      url: '/forum/created',
      status: 201,
      body: 'made',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    },
    { url: '/forum/created', status: 405, headers: { allow: 'POST, OPTIONS' } },
    { url: '/forum/async', status: 200, body: 'later' },
    {
      url: '/forum/raw',
      status: 200,
      body: 'raw reply',
      headers: { 'content-type': /^text\/plain/ },
    },
    { url: '/admin/x/', status: 201, body: 'x GET', headers: { 'x-extra': 'yes' } },
    { method: 'PUT', url: '/admin/x/', status: 201, body: 'x PUT' },
    { url: '/forum/board/%zz', status: 400 },
  ]

  for (const c of cases) {
    const method = c.method ?? 'GET'
    it(`${method} ${c.url} -> ${c.status}`, async () => {
      const res = await app.inject({ method, url: c.url })
      assert.equal(res.statusCode, c.status, res.body)
      if (typeof c.body === 'string') assert.equal(res.body, c.body)
      if (c.body instanceof RegExp) assert.match(res.body, c.body)
      if (c.json !== undefined) assert.deepEqual(res.json(), c.json)
      for (const [name, expected] of Object.entries(c.headers ?? {})) {
        const actual = String(res.headers[name])
        if (expected instanceof RegExp) assert.match(actual, expected)
        else assert.equal(actual, expected, name)
      }
    })
  }

  it('urlFor works on request and reply, relative names use the request module', async () => {
    const res = await app.inject({ url: '/forum/links', headers: { host: 'example.org:8080' } })
    assert.deepEqual(res.json(), {
      self: '/forum/links',
      board: '/forum/board/a%20b?page=2',
      thread: '/forum/thread/7/hello',
      external: 'http://example.org:8080/admin/',
      blueprint: 'forum',
    })
  })

  it('a module hook touches only its own routes', async () => {
    const admin = await app.inject('/admin/')
    const forum = await app.inject('/forum/')
    assert.equal(admin.headers['x-module'], 'admin')
    assert.equal(forum.headers['x-module'], undefined)
  })

  it('a 405 is not seen by the module hooks of the path', async () => {
    const res = await app.inject({ method: 'POST', url: '/admin/' })
    assert.equal(res.statusCode, 405)
    assert.equal(res.headers['x-module'], undefined)
  })
})
