// Out of file descriptors (EMFILE) is load, not a fault: a static file or a view that
// cannot open a file answered 500; it must be 503 with Retry-After, and the server must
// answer normally again once descriptors are free. The server runs under `ulimit -n 256`.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { NODE } from './child.ts'

const SERVER = fileURLToPath(
  new URL('../fixtures/reliability-descriptors/server.ts', import.meta.url),
)

describe('a server out of file descriptors, in its own process', { timeout: 60_000 }, () => {
  const child = spawn('bash', ['-c', `ulimit -n 256 && exec "${NODE}" "${SERVER}"`], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // One kept-alive connection, opened before the descriptors run out: new ones cannot be.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  let port = 0
  before(async () => {
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer]
    port = (JSON.parse(chunk.toString('utf8')) as { listening: number }).listening
  })
  after(() => {
    agent.destroy()
    child.kill('SIGKILL')
  })

  const call = (method: string, path: string) =>
    new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path, agent, timeout: 10_000 },
        (res) => {
          let body = ''
          res.on('data', (chunk) => {
            body += chunk
          })
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }),
          )
        },
      )
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)))
      req.on('error', reject)
      req.end()
    })

  it('a static file and a view answer 503 with Retry-After, then 200 once freed', async () => {
    assert.equal((await call('GET', '/read')).status, 200)
    const hold = JSON.parse((await call('POST', '/hold')).body) as { code: string }
    assert.equal(hold.code, 'EMFILE')
    for (const path of ['/static/a.txt', '/read']) {
      const answer = await call('GET', path)
      assert.equal(answer.status, 503, `${path}: ${answer.body}`)
      assert.equal(answer.retryAfter, '1')
      assert.doesNotMatch(answer.body, /EMFILE|\/dev\/null|reliability/)
    }
    await call('POST', '/release')
    assert.equal((await call('GET', '/static/a.txt')).status, 200)
    assert.equal((await call('GET', '/read')).status, 200)
  })
})
