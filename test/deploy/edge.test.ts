// The original example served three ways with the same answers (inject, one process over a
// socket, split into services behind real nginx), which service owns what, and the edge's
// traps. Real processes, real nginx on loopback; everything started is stopped in after().
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { inspectApp } from '../../src/modules/inspect.ts'
import { originalHttpCases } from '../core/http-cases.ts'
import { appFor, fixture } from '../helpers.ts'
import {
  type Answer,
  closeAgent,
  freePort,
  type ServiceProcess,
  type Split,
  send,
  startService,
  startSplit,
  stopProcess,
} from './edge.ts'

const ROOT = fixture('split')
/** What the answers are compared on, besides status and body: what a client acts upon. */
const COMPARED = ['content-type', 'location', 'allow', 'x-module'] as const

describe('the original example split into services behind nginx', { timeout: 120_000 }, () => {
  let split: Split
  let whole: ServiceProcess
  let app: Awaited<ReturnType<typeof appFor>>
  before(async () => {
    app = await appFor('split', undefined, { service: false })
    split = await startSplit(ROOT)
    whole = await startService(ROOT, undefined, await freePort())
  })
  after(async () => {
    closeAgent()
    await Promise.all([split?.stop(), whole && stopProcess(whole.child), app?.close()])
  })

  const edgePort = () => split.edge.port

  describe('the HTTP conformance table answers the same by inject, over a socket, and through the edge', () => {
    for (const c of originalHttpCases) {
      const method = c.method ?? 'GET'
      it(`${method} ${c.url} -> ${c.status}`, async () => {
        const injected = await app.inject({ method, url: c.url })
        const ways: [string, Answer][] = [
          [
            'inject',
            {
              status: injected.statusCode,
              headers: injected.headers as Answer['headers'],
              body: injected.body,
            },
          ],
          ['one process', await send(whole.port, { method, path: c.url })],
          ['nginx + services', await send(edgePort(), { method, path: c.url })],
        ]
        for (const [way, answer] of ways) {
          assert.equal(answer.status, c.status, `${way}: ${answer.body}`)
          if (typeof c.body === 'string') assert.equal(answer.body, c.body, way)
          if (c.body instanceof RegExp) assert.match(answer.body, c.body, way)
          if (c.json !== undefined) assert.deepEqual(JSON.parse(answer.body), c.json, way)
          for (const name of COMPARED) {
            assert.equal(answer.headers[name], ways[0]?.[1].headers[name], `${way}: ${name}`)
          }
          assert.equal(answer.body, injected.body, `${way}: the same body as inject`)
        }
      })
    }
  })

  describe('ownership: each rule, through the edge, lands on the service that owns it', () => {
    const samples: Record<string, unknown> = {
      default: 'x',
      string: 'x',
      int: 3,
      float: 1.5,
      path: 'a/b',
      uuid: '0b8e8f8e-0000-4000-8000-000000000000',
    }
    it('every rule of every service, and a 404 from the others', async () => {
      const inspection = await inspectApp({ root: ROOT, modulesEnv: false })
      const { readServices, ownerOf } = await import('../../src/services/config.ts')
      const config = readServices(ROOT)
      assert.ok(config)
      const owners = ownerOf(config)
      let checked = 0
      for (const route of inspection.routes) {
        const values: Record<string, unknown> = {}
        for (const variable of route.pattern.parsed.variables) {
          values[variable.name] =
            variable.converter === 'any' ? variable.args.positional[0] : samples[variable.converter]
        }
        const path = app.urlMap.urlFor(route.endpoint, values)
        const method = route.methods[0] as string
        const owner = owners.get(route.module) as string
        const res = await send(edgePort(), { method, path })
        assert.ok(res.status < 400, `${method} ${path}: ${res.status} ${res.body}`)
        assert.equal(res.headers['x-service'], owner, `${method} ${path}`)
        for (const other of split.services.filter((s) => s.service !== owner)) {
          const there = await send(other.port, { method, path })
          assert.equal(there.status, 404, `${method} ${path} on ${other.service}`)
        }
        checked++
      }
      assert.equal(checked, inspection.routes.length)
      assert.ok(checked >= 15)
    })

    it('each service answers its health endpoint through the edge', async () => {
      for (const service of ['web', 'admin']) {
        const res = await send(edgePort(), { path: `/_health/${service}` })
        assert.equal(res.status, 200)
        assert.equal(JSON.parse(res.body).service, service)
      }
    })
  })

  describe("the edge's traps", () => {
    /** The answer through the edge equals the one-process answer, status and body. */
    const same = async (
      request: Parameters<typeof send>[1],
      expected: { status: number; service?: string },
    ) => {
      const direct = await send(whole.port, request)
      const edged = await send(edgePort(), request)
      assert.equal(direct.status, expected.status, `one process: ${direct.body}`)
      assert.equal(edged.status, expected.status, `edge: ${edged.body}`)
      assert.equal(edged.body, direct.body)
      assert.equal(edged.headers.location, direct.headers.location)
      if (expected.service !== undefined) assert.equal(edged.headers['x-service'], expected.service)
      return edged
    }

    it('/forumx is not under /forum/: the app 404s it', async () => {
      await same({ path: '/forumx' }, { status: 404 })
      await same({ path: '/forum/' }, { status: 200, service: 'web' })
    })

    it('//forum//board is not /forum/board: no merging of slashes before the app sees it', async () => {
      await same({ path: '//forum//board' }, { status: 404 })
      await same({ path: '//admin/' }, { status: 404 })
    })

    it('/forum/%2e%2e/admin/ is not /admin/: dot segments are left to the app', async () => {
      await same({ path: '/forum/%2e%2e/admin/' }, { status: 404 })
      await same({ path: '/forum/%2E%2E/admin/' }, { status: 404 })
      await same({ path: '/forum/../admin/' }, { status: 404 })
      await same({ path: '/forum/files/%2e%2e/x' }, { status: 404 })
    })

    it('a missing trailing slash: the 308 of the app, never a 301 of nginx', async () => {
      const res = await same({ path: '/admin?x=1' }, { status: 308, service: 'admin' })
      assert.equal(res.headers.location, '/admin/?x=1')
      await same({ path: '/forum' }, { status: 308, service: 'web' })
      await same({ path: '/admin/simple' }, { status: 308, service: 'admin' })
      // Werkzeug redirects only for a method the slashed rule answers: POST is the app's 404.
      await same({ method: 'POST', path: '/admin/simple' }, { status: 404, service: 'admin' })
      await same({ path: '/static/css' }, { status: 404 })
    })

    it('a static file is served by nginx with the caching the app gives it; POST to it is the app’s 405', async () => {
      const res = await send(edgePort(), { path: '/static/css/site.css' })
      assert.equal(res.status, 200)
      assert.equal(res.headers['x-service'], undefined, 'served by nginx itself')
      assert.equal(res.headers['content-type'], 'text/css; charset=utf-8')
      assert.equal(res.headers['cache-control'], 'public, max-age=0')
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      const fromNode = await send(whole.port, { path: '/static/css/site.css' })
      assert.equal(res.body, fromNode.body)
      // Listed in docs/deploy.md: nginx's ETag is its own (size and mtime), not the app's.
      assert.ok(res.headers.etag !== undefined && fromNode.headers.etag !== undefined)
      assert.notEqual(res.headers.etag, fromNode.headers.etag)
      const hashed = app.urlFor('static', { filename: 'robots.txt' })
      const names = JSON.parse(
        await (await import('node:fs/promises')).readFile(
          `${split.edge.dir}/static.manifest.json`,
          'utf8',
        ),
      ) as Record<string, string>
      const immutable = await send(edgePort(), { path: `/static/${names['robots.txt']}` })
      assert.equal(immutable.status, 200)
      assert.equal(immutable.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.equal(hashed, '/static/robots.txt')
      const post = await same({ method: 'POST', path: '/static/css/site.css' }, { status: 405 })
      assert.equal(
        post.headers.allow,
        (await send(whole.port, { method: 'POST', path: '/static/css/site.css' })).headers.allow,
      )
      await same({ path: '/static/missing.css' }, { status: 404 })
    })

    it("a redirect's Location through the proxy: relative as the app wrote it, external with the public host", async () => {
      const res = await send(edgePort(), {
        path: '/forum/links',
        headers: { host: 'shop.example:8443' },
      })
      assert.equal(JSON.parse(res.body).external, 'http://shop.example:8443/admin/')
      const plain = await send(edgePort(), { path: '/forum/links' })
      assert.equal(JSON.parse(plain.body).external, `http://127.0.0.1:${edgePort()}/admin/`)
      for (const port of Object.values(split.ports).flat()) {
        assert.ok(!plain.body.includes(`:${port}/`), 'no internal address')
      }
    })

    it('a body over the limit: 413 from the edge, the app’s own answer', async () => {
      const body = Buffer.alloc(1024 * 1024 + 1, 'a')
      const request = {
        method: 'POST',
        path: '/admin/roles/3/',
        headers: { 'content-type': 'text/plain' },
        body,
      }
      const edged = await send(edgePort(), request)
      const injected = await app.inject({
        method: 'POST',
        url: request.path,
        headers: request.headers,
        payload: body,
      })
      assert.equal(edged.status, 413)
      assert.equal(injected.statusCode, 413)
      assert.equal(edged.headers['x-service'], undefined, 'refused by nginx itself')
      assert.deepEqual(JSON.parse(edged.body), injected.json())
      assert.equal(edged.headers['content-type'], injected.headers['content-type'])
      const toStatic = await send(edgePort(), { ...request, path: '/static/robots.txt' })
      assert.equal(toStatic.status, 413)
      assert.deepEqual(JSON.parse(toStatic.body), injected.json())
      const fits = await send(edgePort(), { ...request, body: Buffer.alloc(1024 * 1024, 'a') })
      assert.equal(fits.status, 200)
    })
  })
})
