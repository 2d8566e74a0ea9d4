import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { appFor, rawGet } from '../helpers.ts'

type App = Awaited<ReturnType<typeof appFor>>

/** GET over a real socket with extra headers; status, the headers we look at, and the body. */
async function get(port: number, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
  return { status: res.status, module: res.headers.get('x-module'), body: await res.text() }
}

// Flask runs a blueprint's before_request for `admin.static` too: a module's guard covers
// its own /static_<module>/ files, and a module can keep its files out of /static/.
describe("a module's hooks guard its own static files", () => {
  let app: App
  let port: number
  before(async () => {
    app = await appFor('static-guarded', ['admin', 'shop'])
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as AddressInfo).port
  })
  after(() => app.close())

  const refused: [string, string][] = [
    ['the module prefix, no credentials', '/static_admin/admin/panel.js'],
    ['the shared chain, sharedStatic: false', '/static/admin/panel.js'],
    ['an encoded path through the module prefix', '/static_admin/admin/%70anel.js'],
    ['the module prefix of a module left in the shared chain', '/static_shop/shop/logo.txt'],
  ]
  for (const [label, path] of refused)
    it(`refuses GET ${path} (${label})`, async () => {
      const res = await rawGet(port, path)
      assert.notEqual(res.status, 200)
      assert.doesNotMatch(res.body, /admin panel|shop logo/)
    })

  it('refuses HEAD /static_admin/admin/panel.js without credentials', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/static_admin/admin/panel.js`, {
      method: 'HEAD',
    })
    assert.equal(res.status, 403)
    assert.equal(res.headers.get('etag'), null)
  })

  it("answers the module prefix with the module's before and after hooks", async () => {
    const no = await get(port, '/static_admin/admin/panel.js')
    assert.equal(no.status, 403)
    assert.equal(no.body, 'Forbidden')
    assert.equal(no.module, 'admin')
    const yes = await get(port, '/static_admin/admin/panel.js', { 'x-admin': 'yes' })
    assert.equal(yes.status, 200)
    assert.equal(yes.body, "console.log('admin panel')\n")
    assert.equal(yes.module, 'admin')
  })

  it('keeps a sharedStatic: false module out of /static/ even with credentials', async () => {
    const res = await get(port, '/static/admin/panel.js', { 'x-admin': 'yes' })
    assert.equal(res.status, 404)
    assert.equal(
      app.urlFor('admin.static', { filename: 'admin/panel.js' }),
      '/static_admin/admin/panel.js',
    )
  })

  it("serves a shared module's files in /static/ without its hooks, as documented", async () => {
    const res = await get(port, '/static/shop/logo.txt')
    assert.equal(res.status, 200)
    assert.equal(res.body, 'shop logo\n')
    assert.equal((await get(port, '/static_shop/shop/logo.txt', { 'x-shop': 'yes' })).status, 200)
    assert.equal((await get(port, '/static/site.css')).body, 'body {\n  color: black;\n}\n')
  })
})
