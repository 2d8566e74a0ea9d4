import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { appFor } from '../helpers.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Heap in use after a full collection, in MiB. */
function heapAfterGc(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

/** The n-th spelling of page.html: each bit of n chooses './' or './/' for one of 17 parts. */
const spelling = (n: number): string => {
  let name = ''
  for (let bit = 0; bit < 17; bit++) name += n & (1 << bit) ? './/' : './'
  return `${name}page.html`
}

const PAGE = '<!doctype html><main><h1>Page</h1><p>part</p>\n</main>\n'

type App = Awaited<ReturnType<typeof appFor>>

describe('a view rendering a name from the request (reply.render(request.query.name))', () => {
  let app: App
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  let port: number
  before(async () => {
    app = await appFor('templates-by-name', ['pages'], { dev: false })
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as AddressInfo).port
  })
  after(async () => {
    agent.destroy()
    await app.close()
  })

  // A real keep-alive socket: app.inject() itself keeps about 9 KiB per call on the heap.
  const get = (name: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const path = `/page?name=${encodeURIComponent(name)}`
      const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end()
    })

  it('every spelling of page.html renders that one file over a socket', async () => {
    for (const name of ['page.html', './page.html', '././page.html', './/page.html', spelling(7)]) {
      const res = await get(name)
      assert.equal(res.status, 200, name)
      assert.equal(res.body, PAGE, name)
    }
  })

  it('50,000 spellings of one file leave the heap bounded', async () => {
    const render = async (name: string) => {
      assert.equal(await app.render(name, { title: 'Page' }, { module: 'pages' }), PAGE)
    }
    for (let n = 0; n < 3000; n++) await render(spelling(n))
    const before = heapAfterGc()
    for (let n = 3000; n < 53_000; n++) await render(spelling(n))
    const grown = heapAfterGc() - before
    // Kept by name, each spelling cost about 110 bytes that nothing evicted: 5.9 MiB here.
    assert.ok(grown < 2.5, `the heap grew by ${grown.toFixed(1)} MiB for 50,000 spellings`)
    // The app still renders afterwards: the engine was alive through the measure.
    const res = await get('page.html')
    assert.equal(res.body, PAGE)
  })
})
