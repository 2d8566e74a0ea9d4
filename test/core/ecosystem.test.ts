import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import { MicroServicesApp, type MicroServicesInstance } from '../../src/index.ts'
import { fixture } from '../helpers.ts'

describe('modules are ordinary encapsulated Fastify plugins', () => {
  let app: MicroServicesInstance
  before(async () => {
    app = MicroServicesApp({
      root: fixture('ecosystem'),
      modulesEnv: false,
      routeTypes: false,
      exposeErrors: true, // the 500 below is read for its message
    })
    await app.register(cookie)
    await app.register(helmet, { contentSecurityPolicy: false })
    await app.registerUrls(['shop', 'blog'])
    await app.ready()
  })
  after(() => app.close())

  it('app-level plugins (@fastify/cookie, @fastify/helmet) are seen by every module', async () => {
    for (const path of ['/shop/cookies', '/blog/cookies']) {
      const res = await app.inject({ url: path, cookies: { theme: 'dark' } })
      assert.deepEqual(res.json(), { theme: 'dark' }, path)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path)
      assert.ok(res.headers['strict-transport-security'], path)
    }
    const set = await app.inject('/shop/set')
    assert.match(String(set.headers['set-cookie']), /theme=dark/)
  })

  it('a plugin registered inside one module is not seen by another', async () => {
    assert.deepEqual((await app.inject('/shop/cart')).json(), { cart: 'shop-cart' })
    assert.deepEqual((await app.inject('/blog/cart')).json(), { cart: null })
  })

  it("a module's Fastify hooks touch only its routes", async () => {
    assert.equal((await app.inject('/shop/cart')).headers['x-shop-hook'], '1')
    assert.equal((await app.inject('/blog/cart')).headers['x-shop-hook'], undefined)
  })

  it('beforeRequest can answer instead of the view, for its module only', async () => {
    const blocked = await app.inject({ url: '/shop/cart', headers: { 'x-blocked': 'yes' } })
    assert.equal(blocked.statusCode, 403)
    assert.equal(blocked.body, 'blocked by shop')
    const blog = await app.inject({ url: '/blog/cart', headers: { 'x-blocked': 'yes' } })
    assert.equal(blog.statusCode, 200)
  })

  it("a module's error handler catches its own errors only", async () => {
    const shop = await app.inject('/shop/fail')
    assert.equal(shop.statusCode, 418)
    assert.equal(shop.body, 'shop handled: out of stock')
    const blog = await app.inject('/blog/fail')
    assert.equal(blog.statusCode, 500)
    assert.equal(blog.json().message, 'no post')
  })

  it('registers each module as a named plugin', () => {
    const tree = app.printPlugins()
    assert.match(tree, /module:shop/)
    assert.match(tree, /module:blog/)
  })
})

describe('errors in production', () => {
  it('a view that throws answers 500 without its message, and the log names module and route', async () => {
    const lines: string[] = []
    const app = MicroServicesApp({
      root: fixture('ecosystem'),
      modulesEnv: false,
      routeTypes: false,
      exposeErrors: false,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    })
    await app.registerUrls(['blog'])
    const res = await app.inject('/blog/fail')
    assert.equal(res.statusCode, 500)
    assert.deepEqual(res.json(), {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
    })
    assert.doesNotMatch(res.body, /no post|at |\.ts/)
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'request failed')
    assert.equal(logged.module, 'blog')
    assert.equal(logged.endpoint, 'blog.fail')
    assert.equal(logged.err.message, 'no post')
    await app.close()
  })
})

describe('errors in development', () => {
  it('a browser gets a page naming the module, endpoint and file at fault', async () => {
    const app = MicroServicesApp({
      root: fixture('ecosystem'),
      modulesEnv: false,
      routeTypes: false,
      dev: true,
    })
    await app.registerUrls(['blog'])
    const page = await app.inject({ url: '/blog/fail', headers: { accept: 'text/html' } })
    assert.equal(page.statusCode, 500)
    assert.match(String(page.headers['content-type']), /text\/html/)
    assert.match(page.body, /500: no post/)
    assert.match(page.body, /<code>blog<\/code>/)
    assert.match(page.body, /<code>blog.fail<\/code>/)
    assert.match(page.body, /modules\/blog\/index.ts/)
    const api = await app.inject({ url: '/blog/fail', headers: { accept: 'application/json' } })
    assert.equal(api.json().message, 'no post')
    await app.close()
  })
})
