import assert from 'node:assert/strict'
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
    await sleep(200) // the slow request is now inside its view

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
    assert.ok(took < 1500 + 2000, `exited ${Math.round(took)} ms after SIGTERM`)
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
    assert.ok(at - signalled < 1500, `took ${Math.round(at - signalled)} ms`)
  })

  it('forces the exit with code 1 when a request outlives the timeout', async () => {
    const child = await startChild(SERVER, { SHUTDOWN_TIMEOUT: '500' })
    children.push(child)
    const stuck = get(child.port, '/slow?ms=20000').catch((error: Error) => error)
    await sleep(200)
    const signalled = performance.now()
    child.process.kill('SIGTERM')
    const { code, at } = await child.exited()
    assert.equal(code, 1)
    assert.ok(at - signalled < 500 + 1500, `took ${Math.round(at - signalled)} ms`)
    assert.ok(child.lines.some((line) => String(line.msg).includes('forced exit')))
    assert.ok((await stuck) instanceof Error, 'the stuck request is cut, not answered')
  })

  it('a second signal during the shutdown forces the exit', async () => {
    const child = await startChild(SERVER, { SHUTDOWN_TIMEOUT: '20000' })
    children.push(child)
    const stuck = get(child.port, '/slow?ms=20000').catch((error: Error) => error)
    await sleep(200)
    child.process.kill('SIGTERM')
    await child.line((line) => line.msg === 'shutting down: finishing the requests in flight')
    child.process.kill('SIGTERM')
    const { code } = await child.exited()
    assert.equal(code, 1)
    await stuck
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
    const shutdown = gracefulShutdown(app, { signals: [], exit: (code) => codes.push(code) })
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
    const shutdown = gracefulShutdown(app, { signals: [], exit: (code) => codes.push(code) })
    assert.equal(await shutdown.close(), 1)
    assert.deepEqual(codes, [1])
  })

  it('listens to the signals it is given, and stops when removed', () => {
    const before = process.listenerCount('SIGUSR2')
    const shutdown = gracefulShutdown(Fastify(), { signals: ['SIGUSR2'], exit: () => {} })
    assert.equal(process.listenerCount('SIGUSR2'), before + 1)
    shutdown.remove()
    assert.equal(process.listenerCount('SIGUSR2'), before)
  })
})
