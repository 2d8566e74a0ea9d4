// The example site, attacked over inject() on the real app (users copy it).
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { trustProxyFrom } from '../../examples/site/proxy.ts'
import { csrfTokens, type Site, siteOn, tempDataDir } from '../example/helpers.ts'

describe('example site: the login rate limit behind a proxy', () => {
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

  /** One login attempt as a client behind the proxy: the proxy appends the peer it saw. */
  async function attempt(site: Site, spoofed: string) {
    const form = await site.inject({ url: '/admin/login/' })
    const [token] = csrfTokens(form.body)
    const csrf = form.cookies.find((c) => c.name === '_csrf')
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
