// Clients that pipeline requests and never read the answers: Node parses every request a
// read brings and buffers each answer whole, so 20 such connections held about 200 MiB
// (10 MiB each) until the 120 s connection timeout. The library's pipelining limits
// destroy such a connection once 16 requests wait behind an unsent answer.
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { type Child, startChild } from './child.ts'

const SERVER = new URL('../fixtures/reliability-pipelining/server.ts', import.meta.url)
const REQUEST = 'GET /page HTTP/1.1\r\nHost: x\r\n\r\n'

/** The child's memory (after a collection) in bytes: heap, external and array buffers. */
async function memoryOf(port: number): Promise<number> {
  const answer = await fetch(`http://127.0.0.1:${port}/memory`)
  const m = (await answer.json()) as Record<string, number>
  return (m.heapUsed ?? 0) + (m.external ?? 0) + (m.arrayBuffers ?? 0)
}

/** 20 connections, each writing 20,000 pipelined requests and reading nothing. */
async function attack(port: number): Promise<Socket[]> {
  const batch = REQUEST.repeat(2_000)
  const sockets = Array.from({ length: 20 }, () => {
    const socket = connect(port, '127.0.0.1')
    socket.pause()
    socket.on('error', () => {})
    socket.on('connect', () => {
      for (let i = 0; i < 10; i++) socket.write(batch)
    })
    return socket
  })
  await sleep(3_000)
  return sockets
}

describe('pipelining clients that never read, against a server in its own process', {
  timeout: 60_000,
}, () => {
  let child: Child
  before(async () => {
    child = await startChild(SERVER, {}, ['--expose-gc'])
  })
  after(() => child.kill())

  it('20 of them cost the server a few MiB, not 10 MiB each, and are disconnected', async () => {
    const start = await memoryOf(child.port)
    const sockets = await attack(child.port)
    const grown = (await memoryOf(child.port)) - start
    for (const socket of sockets) socket.destroy()
    assert.ok(grown < 20 * 2 ** 20, `the server grew by ${(grown / 2 ** 20).toFixed(1)} MiB`)
    const warned = await child.line((line) => String(line.msg).includes('pipelined'), 5_000)
    assert.equal(warned.maxQueued, 16)
  })

  it('a pipelining client that reads gets all its answers', async () => {
    const socket = connect(child.port, '127.0.0.1')
    let text = ''
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
    })
    await new Promise((resolve) => socket.on('connect', resolve))
    socket.write(REQUEST.repeat(15) + REQUEST.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'))
    await new Promise((resolve) => socket.on('close', resolve))
    assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 16)
  })
})
