// Regular expressions that see request data, attacked with padded input: a header of 16,000
// blanks costs its regex 130-300 ms of CPU if the regex backtracks quadratically (the
// Range parser did), and blocks every other client meanwhile. Each parser must stay
// within a few times what a same-size header nobody parses costs.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import {
  acceptedEncodings,
  noneMatch,
  parseHttpDate,
  parseRange,
} from '../../src/static/conditional.ts'
import { staticApp } from '../static/tree.ts'
import { runs } from './mode.ts'

/** One request on a fresh socket, read until the server closes it; resolves with the status. */
function exchange(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')))
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)))
    socket.write(`${head}Connection: close\r\n\r\n`, 'latin1')
  })
}

/** CPU milliseconds (user and system) this process spends on `work`. */
async function cpuOf(work: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage()
  await work()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

const BLANKS = ' '.repeat(16_000)
const ROUNDS = 8

describe('a padded Range header over a real socket', () => {
  let s: Awaited<ReturnType<typeof staticApp>>
  let port: number
  before(async () => {
    s = await staticApp()
    await s.app.listen({ host: '127.0.0.1', port: 0 })
    port = (s.app.server.address() as AddressInfo).port
  })
  after(() => s.close())

  const get = (header: string) => async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const status = await exchange(port, `GET /static/a.txt HTTP/1.1\r\nHost: x\r\n${header}\r\n`)
      assert.ok(status === 200 || status === 206, `status ${status}`)
    }
  }

  it('costs about what the same bytes in a header nobody parses cost', async () => {
    await get(`X-Pad: ${BLANKS}`)() // warm-up
    const padded = await cpuOf(get(`X-Pad: ${BLANKS}`))
    const range = await cpuOf(get(`Range: bytes=${BLANKS}x`))
    const tail = await cpuOf(get(`Range: bytes=${BLANKS}0-1`))
    // Node trims the blanks that end a header, not those inside: `bytes=<blanks>x` kept the
    // regex backtracking quadratically, 130-300 ms a request (1 s or more for 8).
    for (const [name, ms] of [
      ['bytes=<blanks>x', range],
      ['bytes=<blanks>0-1', tail],
    ] as const) {
      assert.ok(
        ms < padded * 4 + 100,
        `${name}: ${ms.toFixed(0)} ms of CPU for ${ROUNDS} requests, against ${padded.toFixed(0)} ms`,
      )
    }
  })
})

/** The Range syntax the library has always read (RFC 9110 `bytes=first-last`, blanks around each). */
const REFERENCE = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i

function referenceRange(header: string, size: number): ReturnType<typeof parseRange> {
  const match = REFERENCE.exec(header)
  if (match === null) return undefined
  const [, first = '', last = ''] = match
  if (first === '') {
    if (last === '') return undefined
    const suffix = Number(last)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? Number.POSITIVE_INFINITY : Number(last)
  if (end < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end: Math.min(end, size - 1) }
}

describe('parseRange', () => {
  it('reads every header as the anchored regex does, on inputs short enough for it', () => {
    const piece = fc.constantFrom(
      'bytes=',
      'BYTES=',
      'Bytes =',
      '0',
      '7',
      '12',
      '-',
      ' ',
      '\t',
      ',',
      'x',
      '\u00a0',
      '1-2',
    )
    const header = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(header, fc.nat({ max: 20 }), (text, size) => {
        assert.deepEqual(parseRange(text, size), referenceRange(text, size))
      }),
      { numRuns: runs(2000) },
    )
  })
})

/** Milliseconds `parse` takes on `input`, the best of three (a slow machine adds, never removes). */
function msOf(parse: () => unknown): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    parse()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

describe('every header parser of the static chain is linear in its input', () => {
  // 16 KB, Node's header limit: the most a client can send in one header.
  const hostile = [
    ` ${BLANKS}x`,
    `bytes=${BLANKS}`,
    `Sun, 06${'-'.repeat(16_000)}`,
    `Sun,${BLANKS}06 Nov${BLANKS}1994${BLANKS}x`,
    `Sun Nov${BLANKS}6${BLANKS}x`,
    `${'br;q=1,'.repeat(2_000)}`,
    `${';'.repeat(16_000)}`,
    `${'W/"a",'.repeat(2_500)}`,
  ]
  const parsers = {
    parseRange: (text: string) => parseRange(text, 100),
    parseHttpDate,
    acceptedEncodings,
    noneMatch: (text: string) => noneMatch(text, '"etag"'),
  }
  for (const [name, parse] of Object.entries(parsers)) {
    it(`${name} takes under 20 ms on 16 KB of hostile input`, () => {
      for (const text of hostile) {
        const ms = msOf(() => parse(text))
        assert.ok(ms < 20, `${name}(${JSON.stringify(text.slice(0, 20))}…): ${ms.toFixed(1)} ms`)
      }
    })
  }
})
