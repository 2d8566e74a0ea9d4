// The example site, attacked over inject() on the real app (users copy it).
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import * as store from '../../examples/site/modules/forum/store.ts'
import { trustProxyFrom } from '../../examples/site/proxy.ts'
import { csrfTokens, type Site, siteOn, tempDataDir, Visitor } from '../example/helpers.ts'

// Each test: a data folder of its own, and the app it started closed after it.
let data: Awaited<ReturnType<typeof tempDataDir>>
let app: Site | undefined
beforeEach(async () => {
  data = await tempDataDir()
})
afterEach(async () => {
  await app?.close()
  app = undefined
  await data.remove()
})

describe('example site: the login rate limit behind a proxy', () => {
  /** One login attempt as a client behind the proxy: the proxy appends the peer it saw. */
  async function attempt(site: Site, spoofed: string) {
    const form = await site.inject({ url: '/admin/login/' })
    const [token] = csrfTokens(form.body)
    const csrf = form.cookies.find((c: { name: string }) => c.name === '_csrf')
    assert.ok(token && csrf)
    const res = await site.inject({
      method: 'POST',
      url: '/admin/login/',
      remoteAddress: '10.0.0.2', // the proxy
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // What nginx's $proxy_add_x_forwarded_for sends: the client's header, then the client.
        'x-forwarded-for': `${spoofed}, 203.0.113.7`,
      },
      cookies: { _csrf: csrf.value },
      payload: new URLSearchParams({ password: 'guess', _csrf: token }).toString(),
    })
    return res.statusCode
  }

  const settings = [
    ['TRUST_PROXY=true', 'true'],
    ['TRUST_PROXY=1', '1'],
  ] as const
  for (const [label, value] of settings) {
    it(`${label}: a new X-Forwarded-For per attempt does not reset the limit`, async () => {
      app = await siteOn(data.path, {
        trustProxy: trustProxyFrom(value),
        settings: { loginsPerMinute: 3 },
      })
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push(await attempt(app, `198.51.100.${i}`))
      assert.deepEqual(statuses, [401, 401, 401, 429, 429])
    })
  }

  it('TRUST_PROXY unset or empty trusts no proxy; addresses stay addresses', () => {
    assert.equal(trustProxyFrom(undefined), false)
    assert.equal(trustProxyFrom(''), false)
    const two = trustProxyFrom('2') as (address: string, hop: number) => boolean
    assert.deepEqual(
      [two('10.0.0.2', 0), two('10.0.0.1', 1), two('203.0.113.7', 2)],
      [true, true, false],
    )
    assert.equal(trustProxyFrom('10.0.0.1,10.0.0.2'), '10.0.0.1,10.0.0.2')
  })
})

// The CSRF secret is a cookie (double submit). Whoever can set a cookie for the site (a
// sibling subdomain, any plain-HTTP answer on the way) plants a secret of their own, with
// a token for it they read off any page; a token must not outlive the session it was made in.
describe('example site: a planted CSRF cookie', () => {
  it("the attacker's token, made without the admin's session, does not delete as the admin", async () => {
    app = await siteOn(data.path)
    const id = await store.post(app.db, 1, 'Ada', 'keep me')
    // The attacker's own visit: a signed secret and a token for it.
    const page = await app.inject({ url: '/forum/1/' })
    const planted = page.cookies.find((c: { name: string }) => c.name === '_csrf')
    const [token] = csrfTokens(page.body)
    assert.ok(planted && token)
    // The admin's browser carries the planted cookie, and logs in.
    const admin = new Visitor(app)
    admin.cookies._csrf = planted.value
    await admin.logIn()
    // The attacker's page posts the delete form with its token; the browser adds the cookies.
    const res = await app.inject({
      method: 'POST',
      url: `/admin/messages/${id}/delete/`,
      cookies: { ...admin.cookies, _csrf: planted.value },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token }).toString(),
    })
    assert.equal(res.statusCode, 403)
    assert.equal((await store.latest(app.db, 5)).length, 1, 'the message is still there')
  })

  it("the admin's own forms still work, before and after logging in", async () => {
    app = await siteOn(data.path)
    const id = await store.post(app.db, 1, 'Ada', 'delete me')
    const admin = new Visitor(app)
    assert.equal((await admin.post('/forum/1/', { author: 'Bo', body: 'hi' })).statusCode, 303)
    await admin.logIn()
    const res = await admin.post(`/admin/messages/${id}/delete/`, {}, '/admin/')
    assert.equal(res.statusCode, 303)
    assert.equal((await admin.post('/forum/1/', { author: 'Bo', body: 'again' })).statusCode, 303)
    assert.equal((await admin.post('/admin/logout/', {}, '/admin/')).statusCode, 303)
  })
})
