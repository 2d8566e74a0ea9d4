import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify from 'fastify'
import { gracefulShutdown } from '../../src/shutdown.ts'
import { type Child, closed, get, rawSocket, refused, startChild } from './child.ts'

const SERVER = new URL('../fixtures/reliability-shutdown/server.ts', import.meta.url)

/** Waits until `check` holds, polling; fails after `ms`. */
async function until(check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`not true within ${ms} ms`)
    await sleep(20)
  }
}

/** Resolves once the child has logged the arrival of a request for `url` (it is past routing). */
const arrived = (child: Child, url: string) =>
  child.line(
    (line) => line.msg === 'incoming request' && (line.req as { url?: string })?.url === url,
  )

const events = (child: Child, hook: string) =>
  child.lines
    .map((line) => line.event as { module: string; hook: string } | undefined)
    .filter((event) => event?.hook === hook)
    .map((event) => event?.module)

describe('graceful shutdown on SIGTERM, over a real socket in a child process', {
  concurrency: true,
}, () => {
  const children: Child[] = []
  after(() => {
    for (const child of children) child.kill()
  })

  it('finishes the request in flight, answers 503 to a new one, runs close hooks in reverse, exits 0 in time', async () => {
    const child = await startChild(SERVER)
    children.push(child)
    const { port } = child
    assert.deepEqual(events(child, 'start'), ['first', 'second'])

    const inFlight = get(port, '/slow?ms=1500')
    // A request whose headers are half sent when the signal comes: its connection is not
    // idle, so it is kept, and the request is routed while the app is closing.
    const late = await rawSocket(port)
    late.write('GET /fast HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    await arrived(child, '/slow?ms=1500') // the slow request is now inside its view

    const signalled = performance.now()
    child.process.kill('SIGTERM')
    await child.line((line) => line.msg === 'shutting down: finishing the requests in flight')
    await until(() => refused(port))
    late.write('\r\n')
    await closed(late)

    const answer = late.received()
    assert.match(answer, /^HTTP\/1\.1 503 Service Unavailable\r\n/)
    assert.match(answer, /\r\nconnection: close\r\n/i)

    const slow = await inFlight
    assert.equal(slow.status, 200)
    assert.equal(slow.body, 'slept 1500')

    const { code, at } = await child.exited()
    const took = at - signalled
    assert.equal(code, 0, child.stderr())
    assert.ok(took < 1500 + 3000, `exited ${Math.round(took)} ms after SIGTERM`)
    assert.deepEqual(events(child, 'close'), ['second', 'first'])
    assert.ok(child.lines.some((line) => line.msg === 'shut down'))
  })

  it('exits at once with nothing in flight', async () => {
    const child = await startChild(SERVER)
    children.push(child)
    const signalled = performance.now()
    child.process.kill('SIGTERM')
    const { code, at } = await child.exited()
    assert.equal(code, 0)
    assert.ok(at - signalled < 4000, `took ${Math.round(at - signalled)} ms`)
  })

  it('forces the exit with code 1 when a request outlives the timeout', async () => {
    const child = await startChild(SERVER, { SHUTDOWN_TIMEOUT: '500' })
    children.push(child)
    const stuck = get(child.port, '/slow?ms=20000').catch((error: Error) => error)
    await arrived(child, '/slow?ms=20000')
    const signalled = performance.now()
    child.process.kill('SIGTERM')
    const { code, at } = await child.exited()
    assert.equal(code, 1)
    assert.ok(at - signalled < 500 + 4000, `took ${Math.round(at - signalled)} ms`)
    assert.ok(child.lines.some((line) => String(line.msg).includes('forced exit')))
    assert.ok((await stuck) instanceof Error, 'the stuck request is cut, not answered')
  })

  it('a second signal during the shutdown forces the exit', async () => {
    const child = await startChild(SERVER, { SHUTDOWN_TIMEOUT: '20000' })
    children.push(child)
    const stuck = get(child.port, '/slow?ms=20000').catch((error: Error) => error)
    await arrived(child, '/slow?ms=20000')
    child.process.kill('SIGTERM')
    await child.line((line) => line.msg === 'shutting down: finishing the requests in flight')
    child.process.kill('SIGTERM')
    const { code } = await child.exited()
    assert.equal(code, 1)
    await stuck
  })
})

/** One GET through `agent` (a keep-alive client reuses its socket); resolves with the answer. */
function getVia(
  agent: Agent,
  port: number,
  path: string,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('graceful shutdown with keep-alive clients and unfinished requests', {
  concurrency: true,
}, () => {
  const children: Child[] = []
  after(() => {
    for (const child of children) child.kill()
  })

  /**
   * Starts the server with a 20 s timeout: a shutdown that waits on a socket (72 s of
   * keep-alive) ends with code 1 after it; one that drains them exits 0 long before.
   */
  async function start(): Promise<Child> {
    const child = await startChild(SERVER, { SHUTDOWN_TIMEOUT: '20000' })
    children.push(child)
    return child
  }

  /** SIGTERM, then the exit: code 0, within `ms`, every close hook run in reverse order. */
  async function assertCleanExit(child: Child, ms: number): Promise<void> {
    const signalled = performance.now()
    child.process.kill('SIGTERM')
    const { code, at } = await child.exited()
    const took = at - signalled
    assert.equal(code, 0, `exit code ${code} after ${Math.round(took)} ms; ${child.stderr()}`)
    assert.ok(took < ms, `exited ${Math.round(took)} ms after SIGTERM`)
    assert.deepEqual(events(child, 'close'), ['second', 'first'])
  }

  it('a request in flight on a kept-alive socket is answered with Connection: close, and the socket is closed', async () => {
    const child = await start()
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const first = await getVia(agent, child.port, '/fast')
      assert.equal(first.connection, 'keep-alive')
      const inFlight = getVia(agent, child.port, '/slow?ms=800') // the same socket, reused
      await arrived(child, '/slow?ms=800')
      const exited = assertCleanExit(child, 800 + 10_000)
      const slow = await inFlight
      assert.equal(slow.status, 200)
      assert.equal(slow.body, 'slept 800')
      assert.equal(slow.connection, 'close')
      await exited
    } finally {
      agent.destroy()
    }
  })

  it('an idle kept-alive socket is closed at once', async () => {
    const child = await start()
    const socket = await rawSocket(child.port)
    socket.write('GET /fast HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await until(() => socket.received().endsWith('fast'))
    await assertCleanExit(child, 10_000)
    await closed(socket)
  })

  it('a slow upload (body half sent) is cut, and the process exits 0', async () => {
    const child = await start()
    const socket = await rawSocket(child.port)
    socket.write(
      'POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789',
    )
    await arrived(child, '/upload')
    await assertCleanExit(child, 10_000)
    await closed(socket)
    assert.equal(socket.received(), '', 'nothing is answered to a request that never ended')
  })

  it('a connection with half-sent headers is cut, and the process exits 0', async () => {
    const child = await start()
    const socket = await rawSocket(child.port)
    socket.write('GET /fast HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    await sleep(200)
    await assertCleanExit(child, 10_000)
    await closed(socket)
  })

  it('an uncaught exception is logged, the app closes, and the process exits 1', async () => {
    const child = await start()
    assert.equal((await get(child.port, '/crash')).body, 'crashing')
    const { code } = await child.exited()
    assert.equal(code, 1)
    const fatal = child.lines.find((line) => line.level === 60)
    assert.ok(fatal, 'a fatal log line')
    assert.match(String((fatal.err as { message?: string } | undefined)?.message), /a timer failed/)
    assert.deepEqual(events(child, 'close'), ['second', 'first'])
  })
})

describe('gracefulShutdown in process', () => {
  it('close() closes the app once and gives the exit code to exit()', async () => {
    const app = Fastify()
    const order: string[] = []
    app.addHook('onClose', async () => {
      order.push('closed')
    })
    await app.ready()
    const codes: number[] = []
    const shutdown = gracefulShutdown(app, {
      signals: [],
      errors: false,
      exit: (code) => codes.push(code),
    })
    assert.equal(shutdown.closing, false)
    const first = shutdown.close('test')
    assert.equal(shutdown.close('again'), first)
    assert.equal(shutdown.closing, true)
    assert.equal(await first, 0)
    assert.deepEqual(codes, [0])
    assert.deepEqual(order, ['closed'])
    shutdown.remove()
  })

  it('a failing close hook gives exit code 1', async () => {
    const app = Fastify()
    app.addHook('onClose', async () => {
      throw new Error('cannot close the pool')
    })
    await app.ready()
    const codes: number[] = []
    const shutdown = gracefulShutdown(app, {
      signals: [],
      errors: false,
      exit: (code) => codes.push(code),
    })
    assert.equal(await shutdown.close(), 1)
    assert.deepEqual(codes, [1])
  })

  it('listens to the signals it is given, and stops when removed', () => {
    const before = process.listenerCount('SIGUSR2')
    const shutdown = gracefulShutdown(Fastify(), {
      signals: ['SIGUSR2'],
      errors: false,
      exit: () => {},
    })
    assert.equal(process.listenerCount('SIGUSR2'), before + 1)
    shutdown.remove()
    assert.equal(process.listenerCount('SIGUSR2'), before)
  })
})
