// What the server does with a request body that comes slowly, over a real socket, with the
// default limits shortened to fit a test. docs/reliability.md says the same, in words.
import assert from 'node:assert/strict'
import type { ServerOptions } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { withDefaultLimits } from '../../src/limits.ts'
import { closed, rawSocket } from './child.ts'

async function listening(
  options: FastifyServerOptions & { http?: ServerOptions },
): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify(withDefaultLimits(options))
  app.post('/body', async (request) => `got ${String(request.body).length} bytes`)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, port: (app.server.address() as AddressInfo).port }
}

const HEAD =
  'POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n'

describe('slow request bodies', () => {
  const apps: FastifyInstance[] = []
  after(() => Promise.all(apps.map((app) => app.close())))

  it('a body that stops coming is cut after connectionTimeout of silence, unanswered', async () => {
    const { app, port } = await listening({ connectionTimeout: 400, requestTimeout: 200 })
    apps.push(app)
    const socket = await rawSocket(port)
    const started = performance.now()
    socket.write(`${HEAD}0123456789`)
    await closed(socket)
    const took = performance.now() - started
    assert.ok(took >= 350 && took < 10_000, `cut after ${Math.round(took)} ms`)
    assert.equal(socket.received(), '')
  })

  it('a body dripped steadily is not cut by requestTimeout, which ends once the headers are in', async () => {
    // requestTimeout 200 ms checked every 50 ms; the body takes about 40 x 25 ms = 1 s.
    // connectionTimeout is long, so that a loaded machine's pauses between bytes do not cut it.
    const { app, port } = await listening({
      connectionTimeout: 10_000,
      requestTimeout: 200,
      http: { connectionsCheckingInterval: 50 },
    })
    apps.push(app)
    const socket = await rawSocket(port)
    socket.write(HEAD)
    let sent = 0
    const drip = setInterval(() => {
      if (sent < 40) socket.write('a')
      sent += 1
    }, 25)
    const deadline = performance.now() + 20_000
    while (!socket.received().includes('got 40 bytes') && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    clearInterval(drip)
    socket.destroy()
    assert.match(socket.received(), /^HTTP\/1\.1 200 OK[\s\S]*got 40 bytes$/)
  })
})
