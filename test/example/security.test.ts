// The example site is copied by users: each attack on it, as an adversary would run it,
// through inject() on the real app (the real server for start-up, Chromium in browser.test.ts).
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { ModuleSetupError } from 'fastify-microservices'
import { samePassword } from '../../examples/site/modules/admin/password.ts'
import * as store from '../../examples/site/modules/forum/store.ts'
import { ADMIN_PASSWORD, csrfTokens, type Site, siteOn, tempDataDir, Visitor } from './helpers.ts'

const SESSION = 'admin_session'

describe('example site under attack', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>
  const apps: Site[] = []
  beforeEach(async () => {
    data = await tempDataDir()
  })
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close()
    await data.remove()
  })
  const site = async (options: Parameters<typeof siteOn>[1] = {}) => {
    const app = await siteOn(data.path, options)
    apps.push(app)
    return app
  }

  describe('the admin password', () => {
    const refused = [
      { name: 'production, ADMIN_PASSWORD unset', production: true, password: undefined },
      { name: 'production, ADMIN_PASSWORD empty', production: true, password: '' },
      { name: 'development, ADMIN_PASSWORD empty', production: false, password: '' },
    ]
    for (const { name, production, password } of refused) {
      it(`${name}: start-up refused, naming the admin module and ADMIN_PASSWORD`, async () => {
        await assert.rejects(
          siteOn(data.path, { settings: { production, adminPassword: password } }),
          (error: Error & { code?: string }) => {
            assert.ok(error instanceof ModuleSetupError, String(error))
            assert.equal(error.code, 'FMS_ERR_MODULE_SETUP')
            assert.match(error.message, /admin/)
            assert.match(error.message, /ADMIN_PASSWORD/)
            return true
          },
        )
      })
    }

    it('production without ADMIN_PASSWORD still starts when the admin module is not enabled', async () => {
      const app = await site({
        modules: ['home', 'forum'],
        settings: { production: true, adminPassword: undefined },
      })
      assert.equal((await app.inject('/forum/')).statusCode, 200)
    })

    it('compares in constant time without a length check: any length is a plain 401', async () => {
      const app = await site()
      const visitor = new Visitor(app)
      for (const guess of [
        '',
        'c',
        ADMIN_PASSWORD.slice(0, -1),
        `${ADMIN_PASSWORD}x`,
        'x'.repeat(50_000),
      ]) {
        assert.equal((await visitor.post('/admin/login/', { password: guess })).statusCode, 401)
      }
      assert.equal(samePassword('a', 'a'), true)
      assert.equal(samePassword('a', 'a'.repeat(1000)), false)
      assert.equal(samePassword('é', 'e\u0301'), false)
    })

    it('a password sent as a list or an object is refused, not a 500', async () => {
      const app = await site()
      const visitor = new Visitor(app)
      const res = await visitor.post('/admin/login/', {
        password: [ADMIN_PASSWORD, ADMIN_PASSWORD],
      })
      assert.equal(res.statusCode, 401)
    })

    it('login attempts are rate-limited per client; showing the form is not counted', async () => {
      const app = await site({ settings: { loginsPerMinute: 3 } })
      const visitor = new Visitor(app)
      const statuses = []
      for (let i = 0; i < 4; i++) {
        // post() opens the form first: four GETs in between do not count.
        statuses.push((await visitor.post('/admin/login/', { password: `guess ${i}` })).statusCode)
      }
      assert.deepEqual(statuses, [401, 401, 401, 429])
      const blocked = await visitor.post('/admin/login/', { password: ADMIN_PASSWORD })
      assert.equal(blocked.statusCode, 429, 'the right password too, until the window ends')
      assert.ok(blocked.headers['retry-after'])
    })
  })

  describe('sessions', () => {
    it('each login gets its own random id; the cookie is HttpOnly, SameSite=Lax, not Secure over http', async () => {
      const app = await site()
      const ids = new Set<string>()
      for (let i = 0; i < 3; i++) {
        const visitor = new Visitor(app)
        const res = await visitor.post('/admin/login/', { password: ADMIN_PASSWORD })
        const cookie = res.cookies.find((c) => c.name === SESSION)
        assert.ok(cookie)
        assert.equal(cookie.httpOnly, true)
        assert.equal(cookie.sameSite, 'Lax')
        assert.notEqual(cookie.secure, true)
        assert.ok(cookie.maxAge && cookie.maxAge > 0, 'the cookie expires with the session')
        ids.add(cookie.value)
      }
      assert.equal(ids.size, 3)
      const stored = await app.db.all<{ id_hash: string }>('SELECT id_hash FROM admin_sessions')
      assert.equal(stored.length, 3)
      for (const row of stored) assert.ok(!ids.has(String(row.id_hash)), 'ids are stored hashed')
    })

    it('behind a trusted HTTPS proxy the session cookie is Secure', async () => {
      const app = await site({ trustProxy: true })
      const login = await app.inject({
        url: '/admin/login/',
        headers: { 'x-forwarded-proto': 'https' },
      })
      const [token] = csrfTokens(login.body)
      const csrf = login.cookies.find((c) => c.name === '_csrf')
      assert.ok(token && csrf)
      assert.equal(csrf.secure, true)
      const res = await app.inject({
        method: 'POST',
        url: '/admin/login/',
        headers: {
          'x-forwarded-proto': 'https',
          'content-type': 'application/x-www-form-urlencoded',
        },
        cookies: { _csrf: csrf.value },
        payload: new URLSearchParams({ password: ADMIN_PASSWORD, _csrf: token }).toString(),
      })
      assert.equal(res.statusCode, 303)
      assert.equal(res.cookies.find((c) => c.name === SESSION)?.secure, true)
    })

    it('a session expires on the server, whatever the browser keeps', async () => {
      const app = await site({ settings: { sessionMs: 300 } })
      const visitor = new Visitor(app)
      await visitor.logIn()
      assert.equal((await visitor.get('/admin/')).statusCode, 200)
      await sleep(400)
      const res = await app.inject({ url: '/admin/', cookies: visitor.cookies })
      assert.equal(res.statusCode, 403)
    })
  })

  describe('CSRF', () => {
    it('every form of every page carries a token', async () => {
      const app = await site()
      const visitor = new Visitor(app)
      await visitor.logIn()
      await store.post(app.db, 1, 'Ada', 'a message to moderate')
      for (const url of ['/', '/forum/', '/forum/1/', '/admin/login/', '/admin/', '/about/']) {
        const html = (await visitor.get(url)).body
        const forms = html.match(/<form[^>]*method="post"/g) ?? []
        assert.equal(csrfTokens(html).length, forms.length, `${url}: one token per form`)
      }
      assert.ok(csrfTokens((await visitor.get('/admin/')).body).length >= 2)
    })

    const posts: { url: string; fields: Record<string, string> }[] = [
      { url: '/forum/1/', fields: { author: 'Mallory', body: 'spam' } },
      { url: '/admin/login/', fields: { password: ADMIN_PASSWORD } },
      { url: '/admin/logout/', fields: {} },
      { url: '/admin/messages/1/delete/', fields: {} },
    ]
    for (const { url, fields } of posts) {
      it(`POST ${url} without a token, or with another visitor's, is refused (403)`, async () => {
        const app = await site()
        const victim = new Visitor(app)
        await victim.logIn()
        await store.post(app.db, 1, 'Ada', 'keep me')
        const form = {
          method: 'POST' as const,
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }
        // A cross-site form post: the victim's cookies go with it, no token does.
        const bare = await app.inject({
          ...form,
          cookies: victim.cookies,
          payload: new URLSearchParams(fields).toString(),
        })
        assert.equal(bare.statusCode, 403)
        // The attacker's own token, with the victim's cookies.
        const attacker = new Visitor(app)
        const [token] = csrfTokens((await attacker.get('/admin/login/')).body)
        const foreign = await app.inject({
          ...form,
          cookies: victim.cookies,
          payload: new URLSearchParams({ ...fields, _csrf: token ?? '' }).toString(),
        })
        assert.equal(foreign.statusCode, 403)
        assert.equal((await store.boards(app.db))[0]?.messages, 1, 'nothing posted or deleted')
        assert.equal((await victim.get('/admin/')).statusCode, 200, 'still logged in')
      })
    }
  })

  it('security headers with a Content-Security-Policy on pages, JSON and static files', async () => {
    const app = await site()
    for (const url of ['/', '/forum/1/', '/api/boards/', '/static/css/site.css', '/nope']) {
      const res = await app.inject(url)
      const csp = String(res.headers['content-security-policy'])
      assert.match(csp, /default-src 'self'/, url)
      assert.match(csp, /script-src 'self'/, url)
      assert.match(csp, /frame-ancestors 'self'/, url)
      assert.match(csp, /form-action 'self'/, url)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
      assert.ok(res.headers['strict-transport-security'], url)
    }
  })

  describe('page numbers: 400 or the last page, never a 500', () => {
    const bad = [
      '1e20',
      'Infinity',
      '-Infinity',
      'NaN',
      '0.0000001',
      '1.5',
      '-1',
      '0',
      'x',
      '',
      '0x10',
      ' 1',
    ]
    const large = ['2', '9007199254740993', '99999999999999999999']
    for (const value of bad) {
      it(`?page=${value}: 400 on the board and in the API`, async () => {
        const app = await site()
        const q = `page=${encodeURIComponent(value)}`
        assert.equal((await app.inject(`/forum/1/?${q}`)).statusCode, 400)
        const api = await app.inject(`/api/boards/1/messages/?${q}`)
        assert.equal(api.statusCode, 400)
        assert.deepEqual(api.json(), { error: 'page is a whole number from 1' })
      })
    }
    for (const value of large) {
      it(`?page=${value}: past the end, the last page`, async () => {
        const app = await site()
        for (let n = 1; n <= 15; n++) await store.post(app.db, 1, 'Bob', `message ${n}`)
        const board = await app.inject(`/forum/1/?page=${value}`)
        assert.equal(board.statusCode, 200)
        assert.match(board.body, /<span>2<\/span>/)
        const api = (await app.inject(`/api/boards/1/messages/?page=${value}`)).json()
        assert.equal(api.page, 2)
        assert.equal(api.messages.length, 5)
      })
    }
    it('?page=1&page=2 (a list): 400', async () => {
      const app = await site()
      assert.equal((await app.inject('/forum/1/?page=1&page=2')).statusCode, 400)
      assert.equal((await app.inject('/api/boards/1/messages/?page=1&page=2')).statusCode, 400)
    })
  })

  describe('posting', () => {
    it('is rate-limited per client; reading is not', async () => {
      const app = await site({ settings: { postsPerMinute: 2 } })
      const visitor = new Visitor(app)
      const statuses = []
      for (let n = 0; n < 3; n++) {
        statuses.push(
          (await visitor.post('/forum/1/', { author: 'Bob', body: `spam ${n}` })).statusCode,
        )
      }
      assert.deepEqual(statuses, [303, 303, 429])
      assert.equal((await visitor.get('/forum/1/')).statusCode, 200)
      assert.equal((await store.boards(app.db))[0]?.messages, 2)
    })

    const notText = [
      {
        name: 'a repeated field (a list)',
        author: ['Ada', 'Bob'],
        body: 'hello',
        error: 'A name is text.',
      },
      { name: 'a repeated body', author: 'Ada', body: ['a', 'b'], error: 'A message is text.' },
    ]
    for (const { name, author, body, error } of notText) {
      it(`forum fields accept text only: ${name} is a 400 with the form`, async () => {
        const app = await site()
        const res = await new Visitor(app).post('/forum/1/', { author, body })
        assert.equal(res.statusCode, 400)
        assert.ok(res.body.includes(error), res.body)
        assert.equal((await store.boards(app.db))[0]?.messages, 0)
      })
    }

    it('forum fields accept text only: a JSON post with objects and numbers is a 400', async () => {
      const app = await site()
      const visitor = new Visitor(app)
      const [token] = csrfTokens((await visitor.get('/forum/1/')).body)
      const res = await visitor.request({
        method: 'POST',
        url: '/forum/1/',
        payload: { author: { toString: 'x' }, body: 42, _csrf: token },
      })
      assert.equal(res.statusCode, 400)
      assert.ok(res.body.includes('A name is text.'))
      assert.ok(res.body.includes('A message is text.'))
      assert.equal((await store.boards(app.db))[0]?.messages, 0)
    })
  })
})
