import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { MicroServicesOptions } from '../../src/index.ts'
import { defaultLimits, withDefaultLimits } from '../../src/limits.ts'
import { appFor } from '../helpers.ts'

// Only what the library decides: its defaults reach the server, the caller's options win, and
// maxParamLength (500, Fastify's is 100) holds through the app. Node's and Fastify's own
// enforcement of requestTimeout, connectionTimeout and bodyLimit is theirs to test.

/** A bare Fastify app built from the limits, with a route taking a param. */
async function bare(options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(withDefaultLimits(options))
  app.get('/p/:id', async (request) => ({ length: (request.params as { id: string }).id.length }))
  await app.ready()
  return app
}

describe('default limits', () => {
  const apps: FastifyInstance[] = []
  after(() => Promise.all(apps.map((app) => app.close())))

  // Node's and Fastify's own behaviour past each limit (408, 413, a silent socket closed) is
  // theirs to test; here, that our values reach the server and the router.
  it("set the server's request and connection timeouts, which Fastify leaves at 0", async () => {
    const app = await bare()
    apps.push(app)
    assert.equal(app.server.requestTimeout, defaultLimits.requestTimeout)
    assert.equal(app.server.timeout, defaultLimits.connectionTimeout)
    assert.equal(app.server.keepAliveTimeout, defaultLimits.keepAliveTimeout)
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
})
