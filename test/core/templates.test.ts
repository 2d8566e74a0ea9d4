import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TemplateNotFound } from '../../src/index.ts'
import { appFor } from '../helpers.ts'

type App = Awaited<ReturnType<typeof appFor>>

describe('templates through the app, as Flask-MicroServices resolves them', () => {
  let app: App
  before(async () => {
    app = await appFor('original-site', ['admin', 'forum', 'home'])
  })
  after(() => app.close())

  it("GET / renders home's own home.html over the root's, with links from url_for", async () => {
    const res = await app.inject('/')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    assert.match(res.body, /Home!/)
    assert.doesNotMatch(res.body, /Root!/)
    assert.match(res.body, /id="home" href="\/"/)
    assert.match(res.body, /id="forum-admin" href="\/admin\/forum\/"/)
    assert.match(res.body, /id="admin" href="\/admin\/"/)
    assert.match(res.body, /id="static" href="\/static\/a.txt"/)
  })

  const pages: [string, RegExp][] = [
    ['/admin/', /<h1>Admin base<\/h1><p>admin main<\/p>/],
    ['/forum/', /<p>forum main<\/p>/],
    ['/forum/board/test', /<p>board test<\/p>/],
    ['/forum/board/%3Cscript%3E', /<p>board &lt;script&gt;<\/p>/],
    ['/admin/forum/', /<h1>Admin base<\/h1><p>forum admin<\/p>/],
  ]
  for (const [url, body] of pages) {
    it(`GET ${url}`, async () => {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, body)
    })
  }

  it("keeps each module's main.html its own in any order, with caching on (the original's leak)", async () => {
    for (const path of ['/admin/', '/forum/', '/admin/', '/forum/', '/forum/', '/admin/']) {
      const res = await app.inject(path)
      const expected = path === '/admin/' ? /admin main/ : /forum main/
      assert.match(res.body, expected, path)
      assert.doesNotMatch(res.body, path === '/admin/' ? /forum main/ : /admin main/, path)
    }
  })

  it('renders outside a request: the root folder, or a module given by name', async () => {
    assert.match(await app.render('home.html'), /Root!/)
    assert.match(await app.render('home.html', {}, { module: 'home' }), /Home!/)
    assert.match(await app.render('forum:board.html', { board_id: 7 }), /board 7/)
  })

  it('names every folder searched when a template is missing', async () => {
    await assert.rejects(app.render('nope.html', {}, { module: 'admin' }), (error: Error) => {
      assert.ok(error instanceof TemplateNotFound)
      assert.match(error.message, /nope.html/)
      assert.match(error.message, /admin\/templates/)
      assert.match(error.message, /original-site\/templates/)
      return true
    })
  })
})
