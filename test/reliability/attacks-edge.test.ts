// `deploy nginx` puts nginx in front of the services: the edge must refuse what the app
// refuses. A module's guard (beforeRequest) covers its own /static_<module>/ files and a
// sharedStatic: false module stays out of /static/ (issue 14, 7); nginx serving those
// files from disk would hand them to anyone.
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { buildOnce } from '../cli/helpers.ts'
import { type Split, send, startSplit } from '../deploy/edge.ts'

const FIXTURE = fileURLToPath(new URL('../fixtures/static-guarded/', import.meta.url))
const PACKAGE = fileURLToPath(new URL('../../', import.meta.url))

describe("the edge keeps a module's guard on its static files", { timeout: 120_000 }, () => {
  let root: string
  let split: Split
  before(async () => {
    await buildOnce() // the fixture imports the library from dist/
    root = await mkdtemp(join(tmpdir(), 'fms-attack-edge-'))
    await cp(FIXTURE, root, { recursive: true })
    await mkdir(join(root, 'node_modules'))
    await symlink(PACKAGE, join(root, 'node_modules', 'fastify-microservices'), 'dir')
    await writeFile(
      join(root, 'microservices.json'),
      JSON.stringify({ modules: ['admin', 'shop'] }),
    )
    await writeFile(
      join(root, 'services.json'),
      JSON.stringify({
        edge: { listen: '127.0.0.1:8080' },
        services: {
          shop: { modules: ['shop'], upstream: '127.0.0.1:3001' },
          admin: { modules: ['admin'], upstream: '127.0.0.1:3002' },
        },
      }),
    )
    split = await startSplit(root)
  })
  after(async () => {
    await split?.stop()
    await rm(root, { recursive: true, force: true })
  })

  const refused: [string, string][] = [
    ["a guarded module's own prefix", '/static_admin/admin/panel.js'],
    ['the shared chain, sharedStatic: false', '/static/admin/panel.js'],
    [
      'the module prefix of a guarded module left in the shared chain',
      '/static_shop/shop/logo.txt',
    ],
  ]
  for (const [label, path] of refused) {
    it(`GET ${path} through nginx without credentials is refused (${label})`, async () => {
      const res = await send(split.edge.port, { path })
      assert.notEqual(res.status, 200)
      assert.doesNotMatch(res.body, /admin panel|shop logo/)
    })
  }

  it('with credentials the guarded file is still served through nginx', async () => {
    const res = await send(split.edge.port, {
      path: '/static_admin/admin/panel.js',
      headers: { 'x-admin': 'yes' },
    })
    assert.equal(res.status, 200)
    assert.equal(res.body, "console.log('admin panel')\n")
  })

  it('the shared files of the root and of a module left in the chain stay on the edge', async () => {
    const css = await send(split.edge.port, { path: '/static/site.css' })
    assert.equal(css.status, 200)
    const logo = await send(split.edge.port, { path: '/static/shop/logo.txt' })
    assert.equal(logo.status, 200)
  })

  // nginx decodes '%2F' and then resolves the dot segments it makes: routed by that path,
  // '/static/x%2f..%2fsite.css' would be a file the app itself refuses (an encoded slash).
  const encoded = [
    '/static/x%2f..%2fsite.css',
    '/static/shop%2f..%2fsite.css',
    '/static/shop%2F%2E%2E%2Fsite.css',
    '/static/shop/logo.txt%2f..%2f..%2fsite.css',
  ]
  for (const path of encoded) {
    it(`GET ${path}: the edge answers as the app does (a dot segment after an encoded slash)`, async () => {
      const app = split.services[0]
      assert.ok(app)
      const direct = await send(app.port, { path })
      const edge = await send(split.edge.port, { path })
      assert.notEqual(direct.status, 200)
      assert.equal(edge.status, direct.status)
      assert.doesNotMatch(edge.body, /color: black/)
    })
  }
})
