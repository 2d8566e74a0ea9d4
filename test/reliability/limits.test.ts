import assert from 'node:assert/strict'
import type { ServerOptions } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { MicroServicesOptions } from '../../src/index.ts'
import { defaultLimits, withDefaultLimits } from '../../src/limits.ts'
import { appFor } from '../helpers.ts'
import { closed, rawSocket } from './child.ts'

/** A bare Fastify app built from the limits, with a route taking a param and one taking a body. */
async function bare(
  options: FastifyServerOptions & { http?: ServerOptions } = {},
): Promise<FastifyInstance> {
  const app = Fastify(withDefaultLimits(options))
  app.get('/p/:id', async (request) => ({ length: (request.params as { id: string }).id.length }))
  app.post('/body', async (request) => ({ length: JSON.stringify(request.body).length }))
  await app.ready()
  return app
}

describe('default limits', () => {
  const apps: FastifyInstance[] = []
  after(() => Promise.all(apps.map((app) => app.close())))

  it('are set on the server where Fastify leaves them open', async () => {
    const app = await bare()
    apps.push(app)
    assert.equal(app.server.requestTimeout, defaultLimits.requestTimeout)
    assert.equal(app.server.timeout, defaultLimits.connectionTimeout)
    assert.equal(app.server.keepAliveTimeout, defaultLimits.keepAliveTimeout)
    assert.equal(app.initialConfig.bodyLimit, 1024 * 1024)
    assert.ok(defaultLimits.requestTimeout > 0 && defaultLimits.connectionTimeout > 0)
  })

  it('what the caller gives wins', () => {
    const options = withDefaultLimits<FastifyServerOptions>({
      requestTimeout: 5000,
      bodyLimit: 10,
      maxParamLength: 50,
    })
    assert.equal(options.requestTimeout, 5000)
    assert.equal(options.bodyLimit, 10)
    assert.equal(options.maxParamLength, 50)
    assert.equal(options.routerOptions, undefined, 'the older spelling is not overridden')
    const routed = withDefaultLimits({
      routerOptions: { maxParamLength: 70, caseSensitive: false },
    })
    assert.deepEqual(routed.routerOptions, { maxParamLength: 70, caseSensitive: false })
    const kept = withDefaultLimits({ routerOptions: { caseSensitive: false } })
    assert.deepEqual(kept.routerOptions, { caseSensitive: false, maxParamLength: 500 })
    const typed = withDefaultLimits<MicroServicesOptions>({
      root: '/app',
      return503OnClosing: false,
    })
    assert.equal(typed.root, '/app')
    assert.equal(typed.return503OnClosing, false)
  })

  it(`a param of ${defaultLimits.maxParamLength} characters passes; one more is a 414`, async () => {
    const app = await bare()
    apps.push(app)
    const ok = await app.inject(`/p/${'a'.repeat(defaultLimits.maxParamLength)}`)
    assert.equal(ok.statusCode, 200)
    assert.deepEqual(ok.json(), { length: defaultLimits.maxParamLength })
    const long = await app.inject(`/p/${'a'.repeat(defaultLimits.maxParamLength + 1)}`)
    assert.equal(long.statusCode, 414)
  })

  it('a too-long param through the app is a 414 as well, a long <path:> is not bound by it', async () => {
    const app = await appFor('original', ['forum'], withDefaultLimits<MicroServicesOptions>({}))
    apps.push(app)
    const fits = await app.inject(`/forum/board/${'b'.repeat(500)}`)
    assert.equal(fits.statusCode, 200)
    const long = await app.inject(`/forum/board/${'b'.repeat(501)}`)
    assert.equal(long.statusCode, 414)
    const path = await app.inject(`/forum/files/${'d/'.repeat(400)}end`)
    assert.equal(path.statusCode, 200)
  })

  it('a body of 1 MiB passes; one byte more is a 413', async () => {
    const app = await bare()
    apps.push(app)
    const fill = (size: number) => JSON.stringify({ x: 'y'.repeat(size - '{"x":""}'.length) })
    const limit = defaultLimits.bodyLimit
    const at = await app.inject({
      method: 'POST',
      url: '/body',
      headers: { 'content-type': 'application/json' },
      payload: fill(limit),
    })
    assert.equal(at.statusCode, 200)
    assert.deepEqual(at.json(), { length: limit })
    const over = await app.inject({
      method: 'POST',
      url: '/body',
      headers: { 'content-type': 'application/json' },
      payload: fill(limit + 1),
    })
    assert.equal(over.statusCode, 413)
  })

  it('a client too slow to send its headers is cut with 408 (requestTimeout, slowloris)', async () => {
    // 300 ms instead of 30 s, and Node checking every 50 ms instead of 30 s, to fit a test.
    const app = await bare({ requestTimeout: 300, http: { connectionsCheckingInterval: 50 } })
    apps.push(app)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const socket = await rawSocket((app.server.address() as AddressInfo).port)
    const started = performance.now()
    socket.write('GET /p/1 HTTP/1.1\r\nHost: x\r\n')
    // One header every 50 ms: never silent, so only requestTimeout can end it.
    const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 50)
    await closed(socket)
    clearInterval(drip)
    const took = performance.now() - started
    assert.match(socket.received(), /^HTTP\/1\.1 408 Request Timeout/)
    assert.ok(took < 2000, `cut after ${Math.round(took)} ms`)
  })

  it('a socket silent for connectionTimeout is closed', async () => {
    const app = await bare({ connectionTimeout: 300 })
    apps.push(app)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const socket = await rawSocket((app.server.address() as AddressInfo).port)
    const started = performance.now()
    await closed(socket)
    const took = performance.now() - started
    assert.ok(took >= 250 && took < 2000, `closed after ${Math.round(took)} ms`)
  })
})
