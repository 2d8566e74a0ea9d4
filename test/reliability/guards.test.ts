// The answers the library gives for a path without running a view (OPTIONS with Allow, 405,
// the trailing-slash 308) were sent from an onRequest hook of its own, registered first, so
// an app's own onRequest guard (an API key, an IP block) never saw them: `OPTIONS /admin/`
// listed the methods to a client every other request of which was refused. Flask runs the
// app's before_request for them too. A module's beforeRequest runs for its views only:
// these answers are the app's (documented in the README, Modules: isolation and hooks).
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { type MicroServicesInstance, url } from '../../src/index.ts'
import { echo, freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

describe("an app's onRequest guard sees OPTIONS, 405 and 308, over a real socket", () => {
  let app: MicroServicesInstance
  let base: string
  const guarded: string[] = []
  before(async () => {
    const { a } = await freshBlueprints()
    a.beforeRequest((request) => {
      guarded.push(request.method)
      return undefined
    })
    app = await routingApp(
      { a: [url('/admin/', echo, { name: 'admin', methods: ['GET', 'POST'] })] },
      {},
      (app) => {
        app.addHook('onRequest', async (request, reply) => {
          if (request.headers['x-key'] !== 'secret') return reply.code(403).send('no key')
        })
      },
    )
    await app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  })
  after(() => app.close())

  for (const [method, path] of [
    ['OPTIONS', '/admin/'],
    ['DELETE', '/admin/'],
    ['GET', '/admin'],
  ] as const) {
    it(`${method} ${path} without the key is refused by the guard, and says nothing of the route`, async () => {
      const answer = await fetch(`${base}${path}`, { method, redirect: 'manual' })
      assert.equal(answer.status, 403)
      assert.equal(answer.headers.get('allow'), null)
      assert.equal(answer.headers.get('location'), null)
    })
  }

  it('with the key, the answers are as Werkzeug gives them; the module guard runs for its view only', async () => {
    const headers = { 'x-key': 'secret' }
    const options = await fetch(`${base}/admin/`, { method: 'OPTIONS', headers })
    assert.equal(options.status, 200)
    assert.equal(options.headers.get('allow'), 'GET, POST, OPTIONS, HEAD')
    assert.equal((await fetch(`${base}/admin/`, { method: 'DELETE', headers })).status, 405)
    const slash = await fetch(`${base}/admin`, { headers, redirect: 'manual' })
    assert.equal(slash.status, 308)
    assert.equal(slash.headers.get('location'), '/admin/')
    assert.deepEqual(guarded, [])
    assert.equal((await fetch(`${base}/admin/`, { headers })).status, 200)
    assert.deepEqual(guarded, ['GET'])
  })
})
