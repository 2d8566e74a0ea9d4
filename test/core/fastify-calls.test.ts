import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { MicroServicesApp, microservices } from '../../src/index.ts'
import { fixture } from '../helpers.ts'

const options = {
  root: fixture('plugin-app'),
  modules: ['shop'],
  modulesEnv: false,
  routeTypes: false,
} as const

type Order = 'before' | 'after'
const ORDERS: readonly Order[] = ['before', 'after']

/**
 * An app that makes one ordinary Fastify call `before` or `after` the modules are
 * mounted, built both ways: the plugin on a plain instance, and MicroServicesApp.
 */
const FORMS = {
  plugin: async (call: (app: FastifyInstance) => void, order: Order) => {
    const app = Fastify()
    if (order === 'before') call(app)
    await app.register(microservices, options)
    if (order === 'after') call(app)
    return app
  },
  MicroServicesApp: async (call: (app: FastifyInstance) => void, order: Order) => {
    const { modules, ...rest } = options
    const app = MicroServicesApp(rest)
    if (order === 'before') call(app)
    await app.registerUrls(modules)
    if (order === 'after') call(app)
    return app
  },
} as const

const cases = Object.entries(FORMS).flatMap(([form, build]) =>
  ORDERS.map((order) => ({ form, order, build })),
)

describe("the app's own setNotFoundHandler", () => {
  for (const { form, order, build } of cases) {
    it(`${form}, called ${order} the modules: its 404 page, while 405, 308 and OPTIONS still answer`, async () => {
      const app = await build((a) => {
        a.setNotFoundHandler((request, reply) =>
          reply.code(404).type('text/html').send(`<h1>no ${request.url}</h1>`),
        )
      }, order)
      const missing = await app.inject('/nope')
      assert.equal(missing.statusCode, 404)
      assert.equal(missing.body, '<h1>no /nope</h1>')
      const post = await app.inject({ method: 'POST', url: '/shop/' })
      assert.equal(post.statusCode, 405)
      assert.equal(post.headers.allow, 'GET, OPTIONS, HEAD')
      const slash = await app.inject('/shop?q=1')
      assert.equal(slash.statusCode, 308)
      assert.equal(slash.headers.location, '/shop/?q=1')
      const allow = await app.inject({ method: 'OPTIONS', url: '/shop/' })
      assert.equal(allow.statusCode, 200)
      assert.equal(allow.headers.allow, 'GET, OPTIONS, HEAD')
      await app.close()
    })
  }
})

describe("the app's own setErrorHandler", () => {
  for (const { form, order, build } of cases) {
    it(`${form}, called ${order} the modules: handles the modules' errors`, async () => {
      const app = await build((a) => {
        a.setErrorHandler((error: FastifyError, request, reply) =>
          reply.code(503).send({ mine: error.message, module: request.blueprint ?? null }),
        )
      }, order)
      const res = await app.inject('/shop/fail')
      assert.equal(res.statusCode, 503)
      assert.deepEqual(res.json(), { mine: 'out of stock', module: 'shop' })
      assert.equal((await app.inject('/shop/')).statusCode, 200) // the rest still works
      await app.close()
    })
  }

  it('without one, the library handles errors: the log names module and endpoint', async () => {
    const lines: string[] = []
    const app = Fastify({
      logger: { level: 'error', stream: { write: (line: string) => lines.push(line) } },
    })
    await app.register(microservices, { ...options, exposeErrors: false })
    const res = await app.inject('/shop/fail')
    assert.equal(res.statusCode, 500)
    assert.equal(res.json().message, 'Internal Server Error')
    const logged = JSON.parse(lines.find((line) => line.includes('request failed')) ?? '{}')
    assert.equal(logged.module, 'shop')
    assert.equal(logged.endpoint, 'shop.fail')
    await app.close()
  })
})

describe('addContextProcessor', () => {
  for (const { form, order, build } of cases) {
    // The plugin's decorations exist once it has loaded, as any Fastify plugin's.
    if (form === 'plugin' && order === 'before') continue
    it(`${form}, called ${order} the modules: every template gets its values`, async () => {
      const app = await build((a) => {
        a.addContextProcessor(() => ({ greeting: 'hello' }))
      }, order)
      assert.equal((await app.inject('/shop/')).body.trim(), '<p>hello from shop</p>')
      assert.equal(await app.render('page.html'), '<p>hello from the root</p>\n')
      await app.close()
    })
  }
})

describe('render outside a request', () => {
  it('MicroServicesApp: renders root templates before the modules are mounted, and theirs after', async () => {
    const app = MicroServicesApp({
      root: fixture('plugin-app'),
      modulesEnv: false,
      routeTypes: false,
    })
    app.addContextProcessor(() => ({ greeting: 'early' }))
    assert.equal(await app.render('page.html'), '<p>early from the root</p>\n')
    await app.registerUrls(['shop'])
    assert.equal(await app.render('page.html', {}, { module: 'shop' }), '<p>early from shop</p>\n')
    assert.equal((await app.inject('/shop/')).body.trim(), '<p>early from shop</p>')
    await app.close()
  })

  it('the plugin: renders once it is registered, for the root and for a module', async () => {
    const app = Fastify()
    await app.register(microservices, options)
    assert.equal(await app.render('page.html', { greeting: 'hi' }), '<p>hi from the root</p>\n')
    assert.equal(
      await app.render('page.html', {}, { module: 'shop' }),
      '<p>no greeting from shop</p>\n',
    )
    await app.close()
  })
})
