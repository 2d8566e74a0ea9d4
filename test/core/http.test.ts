import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { appFor } from '../helpers.ts'
import { originalHttpCases } from './http-cases.ts'

type App = Awaited<ReturnType<typeof appFor>>

describe('the original example over HTTP (behaviour.md)', () => {
  let app: App
  before(async () => {
    app = await appFor('original', ['admin', 'forum', 'home'])
  })
  after(() => app.close())

  const cases = originalHttpCases

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
