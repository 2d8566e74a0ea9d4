import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import * as store from '../../examples/site/modules/forum/store.ts'
import { ADMIN_PASSWORD as ADMIN, type Site, siteOn, tempDataDir, Visitor } from './helpers.ts'

const SESSION = 'admin_session'

/** The message bodies listed on a board page, in page order. */
const bodiesOn = (html: string): string[] =>
  [...html.matchAll(/<article class="message">[\s\S]*?<p>([\s\S]*?)<\/p><\/article>/g)].map(
    (m) => m[1] ?? '',
  )

describe('example site', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>
  let app: Site
  let visitor: Visitor
  beforeEach(async () => {
    data = await tempDataDir()
    app = await siteOn(data.path)
    visitor = new Visitor(app)
  })
  afterEach(async () => {
    await app.close()
    await data.remove()
  })

  describe('every page answers', () => {
    const pages = [
      { url: '/', status: 200, type: 'text/html', text: '<h1>Welcome</h1>' },
      { url: '/about/', status: 200, type: 'text/html', text: '<h1>About this site</h1>' },
      { url: '/forum/', status: 200, type: 'text/html', text: 'href="/forum/1/">General</a>' },
      { url: '/forum/1/', status: 200, type: 'text/html', text: 'No messages yet.' },
      { url: '/admin/', status: 403, type: 'text/html', text: 'href="/admin/login/"' },
      { url: '/admin/login/', status: 200, type: 'text/html', text: 'name="password"' },
      { url: '/api/health', status: 200, type: 'application/json', text: '{"ok":true}' },
      { url: '/api/boards/', status: 200, type: 'application/json', text: '"slug":"general"' },
      { url: '/api/boards/1/messages/', status: 200, type: 'application/json', text: '"page":1' },
      { url: '/static/css/site.css', status: 200, type: 'text/css', text: '--accent' },
      { url: '/forum/99/', status: 404, type: 'application/json', text: 'not found' },
      { url: '/api/boards/99/messages/', status: 404, type: 'application/json', text: 'no such' },
    ]
    for (const page of pages) {
      it(`GET ${page.url} -> ${page.status}`, async () => {
        const res = await app.inject(page.url)
        assert.equal(res.statusCode, page.status)
        assert.match(String(res.headers['content-type']), new RegExp(`^${page.type}`))
        assert.ok(res.body.includes(page.text), `${page.url} shows ${page.text}`)
      })
    }

    // A browser's errors: the root templates' 404.html and 500.html, in the site's layout.
    const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
    for (const url of ['/no-such-page/', '/forum/99/']) {
      it(`GET ${url} from a browser -> the site's 404 page`, async () => {
        const res = await app.inject({ url, headers: BROWSER })
        assert.equal(res.statusCode, 404)
        assert.match(String(res.headers['content-type']), /^text\/html/)
        assert.match(res.body, /<h1 id="error-title">Page not found<\/h1>/)
        assert.match(res.body, /<footer>Served by module/)
      })
    }

    it("a view that fails, from a browser -> the site's 500 page, no detail", async () => {
      const broken = await siteOn(data.path, {}, (site) =>
        site.get('/broken', () => {
          throw new Error('secret detail')
        }),
      )
      const res = await broken.inject({ url: '/broken', headers: BROWSER })
      await broken.close()
      assert.equal(res.statusCode, 500)
      assert.match(res.body, /<h1 id="error-title">Something went wrong<\/h1>/)
      assert.match(res.body, /<p id="error-message">Internal Server Error<\/p>/)
      assert.doesNotMatch(res.body, /secret/)
    })

    it('links in the pages are built by url_for from endpoint names', async () => {
      const home = (await app.inject('/')).body
      for (const href of ['/forum/', '/admin/', '/api/boards/', '/about/']) {
        assert.ok(home.includes(`href="${href}"`), `home links to ${href}`)
      }
      assert.ok(home.includes('href="/static/css/theme.css"'))
    })

    it("the home module's theme.css is served instead of the root's", async () => {
      const css = (await app.inject('/static/css/theme.css')).body
      assert.match(css, /rgb\(0, 119, 102\)/)
      assert.doesNotMatch(css, /rgb\(85, 85, 85\)/)
    })
  })

  describe('forum form', () => {
    const cases = [
      {
        name: 'empty',
        fields: { author: '', body: '' },
        errors: ['Please give your name.', 'A message cannot be empty.'],
      },
      {
        name: 'blank (spaces only)',
        fields: { author: '   ', body: ' \n ' },
        errors: ['Please give your name.', 'A message cannot be empty.'],
      },
      {
        name: 'too long',
        fields: { author: 'a'.repeat(41), body: 'b'.repeat(2001) },
        errors: ['A name has at most 40 characters.', 'A message has at most 2000 characters.'],
      },
      {
        name: 'no name',
        fields: { author: '', body: 'kept in the form' },
        errors: ['Please give your name.'],
      },
    ]
    for (const { name, fields, errors } of cases) {
      it(`${name}: 400, the errors shown, nothing stored`, async () => {
        const res = await visitor.post('/forum/1/', fields)
        assert.equal(res.statusCode, 400)
        for (const error of errors) assert.ok(res.body.includes(error), error)
        assert.equal(res.body.match(/class="error"/g)?.length, errors.length)
        if (fields.body.trim()) assert.ok(res.body.includes(`>${fields.body}</textarea>`))
        const api = (await app.inject('/api/boards/1/messages/')).json()
        assert.deepEqual(api.messages, [])
      })
    }

    it('a valid post redirects (303, post/redirect/get) and the message is on the board', async () => {
      const res = await visitor.post('/forum/1/', { author: 'Ada', body: 'Hello there' })
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/forum/1/')
      const board = (await app.inject('/forum/1/')).body
      assert.deepEqual(bodiesOn(board), ['Hello there'])
      assert.ok(board.includes('<strong>Ada</strong>'))
      assert.ok((await app.inject('/forum/')).body.includes('(1 messages)'))
    })

    it('a posted message is escaped in the page', async () => {
      await visitor.post('/forum/1/', { author: 'Eve', body: '<script>x()</script>' })
      const board = (await app.inject('/forum/1/')).body
      assert.ok(board.includes('&lt;script&gt;x()&lt;/script&gt;'))
      assert.ok(!board.includes('<script>x()'))
    })

    it('pages: 10 newest first, page 2 has the older ones, page links by url_for', async () => {
      for (let n = 1; n <= 12; n++) {
        const res = await visitor.post('/forum/2/', { author: 'Bob', body: `message ${n}` })
        assert.equal(res.statusCode, 303)
      }
      const first = (await app.inject('/forum/2/')).body
      const newest = Array.from({ length: 10 }, (_, i) => `message ${12 - i}`)
      assert.deepEqual(bodiesOn(first), newest)
      assert.ok(first.includes('href="/forum/2/?page=2">2</a>'))
      assert.ok(first.includes('<span>1</span>'))
      const second = (await app.inject('/forum/2/?page=2')).body
      assert.deepEqual(bodiesOn(second), ['message 2', 'message 1'])
      assert.ok(second.includes('href="/forum/2/?page=1">1</a>'))
      assert.ok(second.includes('<span>2</span>'))
      const api = (await app.inject('/api/boards/2/messages/?page=2')).json()
      assert.deepEqual(
        api.messages.map((m: { body: string }) => m.body),
        ['message 2', 'message 1'],
      )
      // A page number that is not one is a 400; one past the last page is the last page.
      assert.equal((await app.inject('/forum/2/?page=x')).statusCode, 400)
      assert.deepEqual(bodiesOn((await app.inject('/forum/2/?page=3')).body), bodiesOn(second))
    })

    it('page links are a window around the current page, not every page', async () => {
      for (let n = 1; n <= 200; n++) await store.post(app.db, 1, 'Bob', `message ${n}`)
      const links = async (page: number) =>
        [
          ...(await app.inject(`/forum/1/?page=${page}`)).body.matchAll(
            /<a href="\/forum\/1\/\?page=(\d+)">|<span>(\d+)<\/span>|<span class="gap">/g,
          ),
        ].map((m) => m[1] ?? (m[2] ? `[${m[2]}]` : '…'))
      assert.deepEqual(await links(1), ['[1]', '2', '3', '…', '20'])
      assert.deepEqual(await links(10), ['1', '…', '8', '9', '[10]', '11', '12', '…', '20'])
      assert.deepEqual(await links(4), ['1', '2', '3', '[4]', '5', '6', '…', '20'])
      assert.deepEqual(await links(20), ['1', '…', '18', '19', '[20]'])
    })
  })

  describe('admin', () => {
    it('a wrong password gets 401, the form again, and no session', async () => {
      const res = await visitor.post('/admin/login/', { password: 'wrong' })
      assert.equal(res.statusCode, 401)
      assert.ok(res.body.includes('Wrong password.'))
      assert.equal(visitor.cookies[SESSION], undefined)
    })

    it('the right password sets a random httpOnly session cookie and reaches the dashboard', async () => {
      const res = await visitor.post('/admin/login/', { password: ADMIN })
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/admin/')
      const session = res.cookies.find((c) => c.name === SESSION)
      assert.ok(session)
      assert.equal(session.httpOnly, true)
      assert.equal(session.path, '/admin/')
      assert.equal(session.sameSite, 'Lax')
      assert.match(session.value, /^[\w-]{43}$/, '256 random bits, base64url')
      const dashboard = await visitor.get('/admin/')
      assert.equal(dashboard.statusCode, 200)
      assert.ok(dashboard.body.includes('<h1>Admin dashboard</h1>'))
    })

    const forged = [
      { name: 'the old constant value', value: 'admin' },
      { name: 'a random id never issued', value: 'A'.repeat(43) },
      { name: 'empty', value: '' },
    ]
    for (const { name, value } of forged) {
      it(`a forged cookie (${name}) gets the 403 page`, async () => {
        const res = await app.inject({ url: '/admin/', cookies: { [SESSION]: value } })
        assert.equal(res.statusCode, 403)
        assert.ok(res.body.includes('403: this page needs the admin session'))
      })
    }

    it('a session from another site (another database) is refused', async () => {
      const other = await tempDataDir()
      const otherApp = await siteOn(other.path)
      try {
        const there = new Visitor(otherApp)
        await there.logIn()
        const res = await app.inject({ url: '/admin/', cookies: there.cookies })
        assert.equal(res.statusCode, 403)
      } finally {
        await otherApp.close()
        await other.remove()
      }
    })

    it('logout ends the session on the server, clears the cookie and goes to the login form', async () => {
      await visitor.logIn()
      const stolen = { [SESSION]: visitor.cookies[SESSION] ?? '' }
      const res = await visitor.post('/admin/logout/', {}, '/admin/')
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/admin/login/')
      const cleared = res.cookies.find((c) => c.name === SESSION)
      assert.ok(cleared)
      assert.equal(cleared.value, '')
      assert.equal(cleared.path, '/admin/')
      // A copy of the cookie taken before the logout is worth nothing after it.
      assert.equal((await app.inject({ url: '/admin/', cookies: stolen })).statusCode, 403)
    })

    it('the dashboard lists the latest messages; delete removes one', async () => {
      await visitor.post('/forum/1/', { author: 'Ada', body: 'keep me' })
      await visitor.post('/forum/2/', { author: 'Bob', body: 'delete me' })
      const [doomed] = (await app.inject('/api/boards/2/messages/')).json().messages
      await visitor.logIn()
      const dashboard = (await visitor.get('/admin/')).body
      assert.ok(dashboard.indexOf('delete me') < dashboard.indexOf('keep me'), 'newest first')
      const action = `/admin/messages/${doomed.id}/delete/`
      assert.ok(dashboard.includes(`action="${action}"`), 'delete form built by url_for')

      const stranger = new Visitor(app)
      await stranger.get('/forum/1/') // a CSRF cookie, but no session
      const refused = await stranger.post(action, {}, '/forum/1/')
      assert.equal(refused.statusCode, 403, 'no session, no delete')
      assert.equal((await app.inject('/api/boards/2/messages/')).json().messages.length, 1)

      const res = await visitor.post(action, {}, '/admin/')
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/admin/')
      assert.deepEqual((await app.inject('/api/boards/2/messages/')).json().messages, [])
      const after = (await visitor.get('/admin/')).body
      assert.ok(!after.includes('delete me'))
      assert.ok(after.includes('keep me'))
    })
  })

  describe('api', () => {
    it('/api/boards/ lists each board with its messages URL', async () => {
      const res = await app.inject('/api/boards/')
      assert.deepEqual(res.json(), [
        {
          id: 1,
          slug: 'general',
          title: 'General',
          about: 'Anything about the project.',
          messages: 0,
          url: '/api/boards/1/messages/',
        },
        {
          id: 2,
          slug: 'help',
          title: 'Help',
          about: 'Questions and answers.',
          messages: 0,
          url: '/api/boards/2/messages/',
        },
      ])
    })

    it("a board's messages: board title, page, and each message's fields", async () => {
      await visitor.post('/forum/1/', { author: 'Ada', body: 'Hello' })
      const res = await app.inject('/api/boards/1/messages/')
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['cache-control'], 'no-store')
      const { board, page, pages, messages } = res.json()
      assert.equal(board, 'General')
      assert.equal(page, 1)
      assert.equal(pages, 1)
      assert.equal(messages.length, 1)
      const [message] = messages
      assert.deepEqual(Object.keys(message).sort(), [
        'author',
        'board_id',
        'body',
        'created_at',
        'id',
      ])
      assert.equal(message.author, 'Ada')
      assert.equal(message.body, 'Hello')
      assert.equal(message.board_id, 1)
      assert.equal(typeof message.id, 'number')
      assert.match(message.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    })

    it('an unknown board is a JSON 404; a non-integer id does not match the rule', async () => {
      const missing = await app.inject('/api/boards/9/messages/')
      assert.equal(missing.statusCode, 404)
      assert.deepEqual(missing.json(), { error: 'no such board' })
      assert.equal((await app.inject('/api/boards/abc/messages/')).statusCode, 404)
    })
  })

  describe('database', () => {
    it('each module owns its tables: forum and admin have their tables and migration versions', async () => {
      const tables = (
        await app.db.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        )
      ).map((row) => row.name)
      assert.deepEqual(tables, [
        'admin_sessions',
        'forum_boards',
        'forum_messages',
        'migrations',
        'site_secrets',
      ])
      const versions = (
        await app.db.all<{ module: string; version: number }>(
          'SELECT module, version FROM migrations ORDER BY module, version',
        )
      ).map((row) => `${row.module}:${row.version}`)
      assert.deepEqual(versions, ['admin:1', 'forum:1', 'forum:2', 'forum:3', 'site:1'])
    })

    it('data survives a restart, and migrations do not run again', async () => {
      await visitor.post('/forum/1/', { author: 'Ada', body: 'still here' })
      await visitor.logIn()
      const { cookies } = visitor
      await app.close()

      app = await siteOn(data.path) // afterEach closes this one
      assert.deepEqual(bodiesOn((await app.inject('/forum/1/')).body), ['still here'])
      const versions = await app.db.all("SELECT version FROM migrations WHERE module = 'forum'")
      assert.equal(versions.length, 3)
      const boards = await app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM forum_boards')
      assert.equal(boards?.n, 2, 'the seed rows were not inserted twice')
      const dashboard = await app.inject({ url: '/admin/', cookies })
      assert.equal(dashboard.statusCode, 200, 'sessions are kept in the database')
    })
  })
})
