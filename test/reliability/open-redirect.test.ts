// The strict-slash 308 as an attacker uses it: a rule starting with a variable made
// `GET //evil.example` answer `Location: //evil.example/` (a browser goes off-site), and
// `/\evil.example` or an absolute-form target did the same. A Location is only ever a
// same-site path, and only when the slashed path really routes.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts'
import { type MicroServicesInstance, url } from '../../src/index.ts'
import { echo, routingApp } from '../fixtures/routing/app.ts'

/** One request written byte for byte on a fresh socket; the status line and Location back. */
function raw(port: number, target: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer for ${target}`)))
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      const location = /\r\nlocation: ([^\r]*)\r\n/i.exec(text)?.[1]
      resolve({ status, location })
    })
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      'latin1',
    )
  })
}

const sameSite = (location: string): boolean =>
  location.startsWith('/') && !location.startsWith('//') && !location.includes('\\')

describe('no open redirect through the trailing-slash 308', () => {
  let app: MicroServicesInstance
  let port: number
  before(async () => {
    app = await routingApp({
      a: [url('/<int:year>/<slug>/', echo, 'post'), url('/<lang>/about/', echo, 'about')],
      b: [url('/forum/', echo, 'forum')],
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as AddressInfo).port
  })
  after(() => app.close())

  const attacks = [
    '//evil.example',
    '//evil.example/about',
    '/\\evil.example',
    '/\\evil.example/about',
    '/%5Cevil.example/about',
    '/%5cevil.example/about',
    '//2024/post',
    'http://evil.example/forum',
    'http://evil.example//evil.example/about',
    '///evil.example/about',
  ]
  for (const target of attacks) {
    it(`GET ${target} never redirects off-site`, async () => {
      const { status, location } = await raw(port, target)
      assert.notEqual(status, 0)
      if (location !== undefined) {
        assert.ok(sameSite(location), `Location ${location}`)
        assert.ok(!location.includes('evil.example'), `Location ${location}`)
      }
    })
  }

  const legit = [
    { target: '/2024/post', location: '/2024/post/' },
    { target: '/en/about', location: '/en/about/' },
    { target: '/en/about?x=1', location: '/en/about/?x=1' },
    { target: '/forum', location: '/forum/' },
  ]
  for (const { target, location } of legit) {
    it(`GET ${target} still redirects to ${location}`, async () => {
      assert.deepEqual(await raw(port, target), { status: 308, location })
    })
  }

  it('redirects only when the slashed path routes, converters included', async () => {
    assert.equal((await raw(port, '/x2024/post')).status, 404)
    assert.equal((await raw(port, '/2024/post/extra')).status, 404)
  })

  it('Chromium stays on the site for //evil.example and /\\evil.example', {
    timeout: 300_000,
  }, async () => {
    const browser = await chromium.launch({
      executablePath: await findChromium(),
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    })
    try {
      const page = await browser.newPage()
      const offSite: string[] = []
      // Nothing leaves the machine: any request elsewhere is recorded and aborted.
      await page.route('**/*', (route) => {
        const host = new URL(route.request().url()).hostname
        if (host !== '127.0.0.1') {
          offSite.push(route.request().url())
          return route.abort()
        }
        return route.continue()
      })
      for (const path of ['//evil.example', '/\\evil.example', '//evil.example/about']) {
        const response = await page.goto(`http://127.0.0.1:${port}${path}`)
        assert.equal(new URL(page.url()).hostname, '127.0.0.1', path)
        assert.equal(response?.status(), 404, path)
      }
      assert.deepEqual(offSite, [])
    } finally {
      await browser.close()
    }
  })
})

// A static rule ending in '/' that another rule could take without it gets a route of its
// own that redirects (Werkzeug's order), and find-my-way routes an absolute-form target by
// its path: `GET http://evil.example/t/page` answered `Location: http://evil.example/t/page/`.
describe('the redirect route of a static rule, for an absolute-form target', () => {
  let app: MicroServicesInstance
  let port: number
  before(async () => {
    app = await routingApp(
      { a: [url('/t/page/', echo, 'page'), url('/t/<name>', echo, 'name')] },
      { serverName: 'site.example' },
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as AddressInfo).port
  })
  after(() => app.close())

  for (const target of [
    'http://evil.example/t/page',
    'https://evil.example/t/page?x=1',
    'HTTP://evil.example/t/page',
  ]) {
    it(`GET ${target} redirects nowhere off-site`, async () => {
      const { status, location } = await raw(port, target)
      assert.equal(status, 404)
      assert.equal(location, undefined)
    })
  }

  it('GET /t/page still redirects to /t/page/', async () => {
    assert.deepEqual(await raw(port, '/t/page?x=1'), { status: 308, location: '/t/page/?x=1' })
  })
})
