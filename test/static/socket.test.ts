import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { APP_JS, bigBytes, staticApp } from './tree.ts'

describe('static chain over a real socket', () => {
  let s: Awaited<ReturnType<typeof staticApp>>
  let base: string
  before(async () => {
    s = await staticApp()
    await s.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`
  })
  after(() => s.close())

  it('answers a Range, then a 304 to the ETag it sent', async () => {
    const part = await fetch(`${base}/static/a.txt`, { headers: { range: 'bytes=0-2' } })
    assert.equal(part.status, 206)
    assert.equal(await part.text(), 'roo')
    assert.equal(part.headers.get('content-range'), 'bytes 0-2/7')
    const etag = part.headers.get('etag')
    assert.ok(etag)
    const again = await fetch(`${base}/static/a.txt`, { headers: { 'if-none-match': etag } })
    assert.equal(again.status, 304)
    assert.equal(await again.text(), '')
  })

  it('streams a large file and a precompressed one whole', async () => {
    const big = await fetch(`${base}/static/big.bin`)
    assert.equal(big.status, 200)
    assert.ok(Buffer.from(await big.arrayBuffer()).equals(bigBytes()))
    // fetch asks for compressed answers and decodes them itself.
    const js = await fetch(`${base}/static/zipped/app.js`)
    assert.ok(['br', 'gzip'].includes(String(js.headers.get('content-encoding'))))
    assert.equal(js.headers.get('vary'), 'Accept-Encoding')
    assert.equal(await js.text(), APP_JS)
  })

  it('answers HEAD with the length and no body', async () => {
    const head = await fetch(`${base}/static/big.bin`, { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.headers.get('content-length'), String(1024 * 1024))
    assert.equal((await head.arrayBuffer()).byteLength, 0)
  })
})
