// urlFor's absolute URLs take the scheme of the request: with trustProxy, that is the
// X-Forwarded-Proto header, which urlFor uses unchecked, while `_scheme` is checked
// (issue 14, 4). A client the app trusts (every client with `trustProxy: true`, the
// example's documented setting before it meant one hop) makes `javascript://host/...`
// and `https://evil.example/#://host/...` links; a shared cache keeps them for others.
// Only http and https are taken from the request; anything else falls back to
// preferredUrlScheme.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { MicroServicesInstance } from '../../src/index.ts'
import { appFor } from '../helpers.ts'

describe('urlFor _external with the scheme a trusted proxy forwards', () => {
  let app: MicroServicesInstance
  let port: number
  before(async () => {
    app = await appFor('url-for-values', undefined, { trustProxy: true })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as AddressInfo).port
  })
  after(() => app.close())

  const protos = ['javascript', 'data', 'https://evil.example/#', 'x y']
  for (const proto of protos) {
    it(`X-Forwarded-Proto: ${proto} never makes a non-HTTP(S) link, nor a 500`, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/shop/share`, {
        headers: { 'x-forwarded-proto': proto },
      })
      const body = await res.text()
      assert.ok(res.status < 500, `${res.status} ${body}`)
      if (res.status === 200) assert.match(body, /^https?:\/\/127\.0\.0\.1:\d+\/shop\/$/)
    })
  }

  it('X-Forwarded-Proto: https makes an https link (what the header is for)', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/shop/share`, {
      headers: { 'x-forwarded-proto': 'https' },
    })
    assert.equal(res.status, 200)
    assert.match(await res.text(), /^https:\/\/127\.0\.0\.1:\d+\/shop\/$/)
  })
})
