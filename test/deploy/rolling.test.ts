// Zero failed requests under load while nginx reloads its config, and while the admin
// service's two replicas restart one after the other (rolling). Bounded: about 15 s of load.
import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import { createRequire } from 'node:module'
import { after, before, describe, it } from 'node:test'
import { fixture } from '../helpers.ts'
import {
  closeAgent,
  type Split,
  send,
  startService,
  startSplit,
  stopProcess,
  waitForPort,
} from './edge.ts'

const ROOT = fixture('split')

interface Load {
  readonly requests: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  /** Status -> count, to show what failed. */
  readonly statuses: Record<string, number>
}

/** The part of autocannon's result read here. */
interface AutocannonResult {
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly requests: { readonly total: number }
  readonly statusCodeStats: Record<string, { count: number }>
}
// autocannon ships no types; this is the one call made of it.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string
  connections: number
  duration: number
  timeout: number
  requests: { method: string; path: string }[]
}) => Promise<AutocannonResult>

const PATHS = ['/admin/', '/admin/roles/3/', '/forum/thread/7/hello', '/static/css/site.css']
const CONNECTIONS = 8

/** autocannon against the edge for `seconds`, on kept-alive connections, over routes of both services and a static file. */
async function load(port: number, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: PATHS.map((path) => ({ method: 'GET', path })),
  })
  return {
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
    ),
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resolves once a request through the edge is answered by the process on `port` (x-port). */
async function servedBy(edge: number, port: number, ms: number): Promise<void> {
  const until = Date.now() + ms
  for (let i = 0; Date.now() < until && i < 10_000; i++) {
    const res = await send(edge, { path: '/admin/' })
    if (res.headers['x-port'] === String(port)) return
    await sleep(20)
  }
  throw new Error(`the edge sent nothing to port ${port} within ${ms} ms`)
}

/**
 * GETs the paths in turn on kept-alive connections for `ms`, as a browser does: a GET whose
 * connection is closed before any byte of its answer is sent once more, on a new connection.
 */
async function browserLike(
  port: number,
  ms: number,
): Promise<{ requests: number; failed: string[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  const get = (path: string, retries = 0): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      // The retry goes on a new connection, not on another kept-alive one nginx is closing too.
      const req = request(
        { host: '127.0.0.1', port, path, agent: retries === 0 ? agent : false },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNRESET' && retries < 1) {
          get(path, retries + 1).then(resolve, reject)
        } else reject(error)
      })
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
      req.end()
    })
  let requests = 0
  const failed: string[] = []
  const until = Date.now() + ms
  const worker = async () => {
    for (let i = 0; Date.now() < until && i < 100_000; i++) {
      const path = PATHS[i % PATHS.length] as string
      requests++
      try {
        const status = await get(path)
        if (status !== 200) failed.push(`${path}: ${status}`)
      } catch (error) {
        failed.push(`${path}: ${(error as Error).message}`)
      }
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  agent.destroy()
  return { requests, failed }
}

describe('no failed request while the edge reloads or a service restarts', {
  timeout: 90_000,
}, () => {
  let split: Split
  before(async () => {
    // nginx closes a client's kept-alive connection after 1000 requests (its default
    // keepalive_requests), saying so in `Connection: close`. autocannon ignores that header
    // and sends its next request at once, which the closed connection resets: a reset of the
    // load generator's making, which a browser never meets. The edge is otherwise as generated.
    split = await startSplit(ROOT, {}, 1, ['keepalive_requests 1000000;'])
  })
  after(async () => {
    closeAgent()
    await split?.stop()
  })

  // A reloading nginx finishes every request in flight but closes its idle kept-alive
  // connections at once: a request written on one at that very moment is reset, before any
  // byte of an answer (HTTP/1.1's keep-alive race). RFC 9112 9.3.1 lets a client send such an
  // idempotent request again on a new connection, and browsers and Node's fetch do; autocannon
  // does not, and counts it as an error. So: autocannon's load gets no 5xx and no timeout, and
  // at most one reset per connection and reload; a client that retries as the RFC allows (one
  // retry of a GET whose connection closed before any answer) loses no request at all. A
  // connection nginx had just accepted but not read from is closed the same way.
  it('nginx -s reload under load, three times', async (t) => {
    const RELOADS = 3
    const running = load(split.edge.port, 5)
    const probe = browserLike(split.edge.port, 5000)
    for (let i = 0; i < RELOADS; i++) {
      await sleep(1200)
      await split.edge.reload()
    }
    const [result, probed] = await Promise.all([running, probe])
    t.diagnostic(
      `autocannon: ${result.requests} requests, ${result.errors} reset by a reload; retrying client: ${probed.requests} requests, ${probed.failed.length} failed`,
    )
    const log = await split.edge.errorLog()
    assert.ok(result.requests > 100, `only ${result.requests} requests`)
    assert.deepEqual(
      { timeouts: result.timeouts, non2xx: result.non2xx },
      { timeouts: 0, non2xx: 0 },
      log,
    )
    assert.ok(result.errors <= CONNECTIONS * RELOADS, `${result.errors} resets`)
    assert.ok(probed.requests > 50, `only ${probed.requests} probe requests`)
    assert.deepEqual(probed.failed, [], log)
  })

  it('a rolling restart of the two admin replicas under load', async (t) => {
    const running = load(split.edge.port, 9)
    const restarted: number[] = []
    await sleep(1000)
    for (const replica of split.services.filter((s) => s.service === 'admin')) {
      await stopProcess(replica.child)
      const index = split.services.indexOf(replica)
      const again = await startService(ROOT, 'admin', replica.port)
      split.services[index] = again
      await waitForPort(again.port)
      restarted.push(again.port)
      // Ready as the edge sees it: nginx sends it requests again (it retries a server it
      // marked failed after fail_timeout), before the next replica stops.
      await servedBy(split.edge.port, again.port, 15_000)
    }
    const result = await running
    t.diagnostic(`autocannon: ${result.requests} requests, ${result.errors + result.non2xx} failed`)
    assert.equal(restarted.length, 2)
    assert.ok(result.requests > 100, `only ${result.requests} requests`)
    assert.deepEqual(
      { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
      { errors: 0, timeouts: 0, non2xx: 0 },
      `${JSON.stringify(result.statuses)}\n${await split.edge.errorLog()}`,
    )
    // Both replicas answer again.
    for (const port of restarted) {
      assert.equal((await send(port, { path: '/admin/' })).status, 200)
    }
  })
})
