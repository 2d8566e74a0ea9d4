// `npm run start:split`: the example site as web, admin and api (two replicas) behind real
// nginx, sharing one database: log in on admin, post on the forum, follow every link.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { SITE, type SplitSite, startSplitSite } from '../../scripts/split.ts'
import { buildOnce } from '../cli/helpers.ts'
import { csrfTokens } from '../example/helpers.ts'
import { closeAgent, freePort, send } from './edge.ts'

describe('the example site split into services behind nginx', { timeout: 180_000 }, () => {
  let site: SplitSite
  let dataDir: string
  let port: number
  before(async () => {
    await buildOnce() // the example imports the library from dist/
    dataDir = await mkdtemp(join(tmpdir(), 'fms-split-data-'))
    port = await freePort()
    const address = async () => `127.0.0.1:${await freePort()}`
    site = await startSplitSite({
      edge: `127.0.0.1:${port}`,
      upstreams: {
        web: [await address()],
        admin: [await address()],
        api: [await address(), await address()],
      },
      dataDir,
      stdio: 'ignore',
    })
  })
  after(async () => {
    closeAgent()
    await site?.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  const get = (path: string, headers: Record<string, string> = {}) => send(port, { path, headers })

  it('every service answers its health endpoint through the edge', async () => {
    for (const [service, modules] of [
      ['web', ['home', 'forum']],
      ['admin', ['admin']],
      ['api', ['api']],
    ] as const) {
      const res = await get(`/_health/${service}`)
      assert.equal(res.status, 200)
      assert.deepEqual(JSON.parse(res.body), { status: 'ok', service, modules })
    }
  })

  it('every link of the home page works, across services', async () => {
    const home = await get('/')
    assert.equal(home.status, 200)
    const links = [...home.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string)
    assert.ok(links.includes('/admin/') && links.includes('/api/boards/'), links.join(' '))
    for (const link of links.filter((l) => l.startsWith('/'))) {
      const res = await get(link)
      assert.ok(res.status === 200 || res.status === 403, `${link}: ${res.status}`)
    }
  })

  it('static files come from nginx, module-first as the app resolves them', async () => {
    const res = await get('/static/css/theme.css')
    assert.equal(res.status, 200)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    const own = await readFile(join(SITE, 'modules/home/static/css/theme.css'), 'utf8')
    assert.equal(res.body, own, "home's theme.css wins over the root's")
  })

  it('log in on admin, post on the forum (web), see it on the admin dashboard: one session, one database', async () => {
    const denied = await get('/admin/')
    assert.equal(denied.status, 403)
    // A browser's cookie jar: every form carries a CSRF token tied to its cookie (and session).
    const jar = new Map<string, string>()
    const keep = (res: { headers: Record<string, unknown> }) => {
      for (const line of (res.headers['set-cookie'] as string[] | undefined) ?? []) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        jar.set(pair.slice(0, at), pair.slice(at + 1))
      }
    }
    const cookies = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const form = await get('/admin/login/')
    keep(form)
    const [loginToken] = csrfTokens(form.body)
    assert.ok(loginToken, 'the login form carries a CSRF token')
    const login = await send(port, {
      method: 'POST',
      path: '/admin/login/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies() },
      body: new URLSearchParams({ password: 'admin', _csrf: loginToken }).toString(),
    })
    assert.equal(login.status, 303, login.body)
    assert.equal(login.headers.location, '/admin/')
    keep(login)
    const cookie = cookies()

    const boards = JSON.parse((await get('/api/boards/')).body) as { id: number }[]
    const board = boards[0]
    assert.ok(board !== undefined)
    const text = `split ${Date.now()}`
    const page = await get(`/forum/${board.id}/`, { cookie })
    keep(page)
    const [postToken] = csrfTokens(page.body)
    assert.ok(postToken, "the board's form carries a CSRF token")
    const posted = await send(port, {
      method: 'POST',
      path: `/forum/${board.id}/`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies() },
      body: new URLSearchParams({ author: 'tester', body: text, _csrf: postToken }).toString(),
    })
    assert.equal(posted.status, 303, posted.body)

    const dashboard = await get('/admin/', { cookie })
    assert.equal(dashboard.status, 200)
    assert.ok(dashboard.body.includes(text), 'the admin service reads what the web service wrote')
    const onForum = await get(posted.headers.location as string, { cookie })
    assert.ok(onForum.body.includes(text))
    const api = await get(`/api/boards/${board.id}/messages/`)
    assert.ok(api.body.includes(text), 'and so does the api service')
  })
})
