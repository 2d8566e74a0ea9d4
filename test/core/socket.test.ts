import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { appFor } from '../helpers.ts'

describe('the original example over a real socket', () => {
  let app: Awaited<ReturnType<typeof appFor>>
  let base: string
  before(async () => {
    app = await appFor('original', ['admin', 'forum', 'home'])
    base = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  after(() => app.close())

  it('serves views, redirects slashes, answers 405 with Allow', async () => {
    const home = await fetch(`${base}/`)
    assert.equal(home.status, 200)
    assert.equal(home.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.equal(await home.text(), 'home page')

    const redirect = await fetch(`${base}/admin?x=1`, { redirect: 'manual' })
    assert.equal(redirect.status, 308)
    assert.equal(redirect.headers.get('location'), '/admin/?x=1')

    const followed = await fetch(`${base}/admin`)
    assert.equal(followed.url, `${base}/admin/`)
    assert.equal(await followed.text(), '<h1>admin</h1>')

    const post = await fetch(`${base}/admin/`, { method: 'POST' })
    assert.equal(post.status, 405)
    assert.equal(post.headers.get('allow'), 'GET, OPTIONS, HEAD')

    const role = await fetch(`${base}/admin/roles/41/`, { method: 'POST' })
    assert.deepEqual(await role.json(), { id: 41, type: 'number', method: 'POST' })
  })

  it('builds external URLs from the Host the client sent', async () => {
    const res = await fetch(`${base}/forum/links`)
    const { external } = (await res.json()) as { external: string }
    assert.equal(external, `${base}/admin/`)
  })
})
