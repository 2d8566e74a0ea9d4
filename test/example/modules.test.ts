// Every combination of the example's modules: each either starts and answers every page of
// its modules (and every link on them) without a 5xx, or refuses to start naming what it lacks.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MissingRequiredModule } from 'fastify-microservices'
import { exitOf, type Site, siteOn, startServer, tempDataDir, Visitor } from './helpers.ts'

const MODULES = ['home', 'forum', 'admin', 'api'] as const
type Module = (typeof MODULES)[number]

/** What each module requires, as its blueprint declares it. */
const REQUIRES: Record<Module, Module[]> = { home: [], forum: [], admin: ['forum'], api: ['forum'] }

/** The pages of each module, as a visitor (logged in as admin when admin runs) opens them. */
const PAGES: Record<Module, string[]> = {
  home: ['/', '/about/'],
  forum: ['/forum/', '/forum/1/', '/forum/2/?page=2'],
  admin: ['/admin/login/', '/admin/'],
  api: ['/api/health', '/api/boards/', '/api/boards/1/messages/'],
}

/** Every subset of the modules, in the order of MODULES. */
const subsets: Module[][] = Array.from({ length: 2 ** MODULES.length }, (_, mask) =>
  MODULES.filter((_, bit) => mask & (1 << bit)),
)

const hrefs = (html: string): string[] =>
  [...html.matchAll(/href="(\/[^"]*)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'))

describe('every combination of the example modules', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>
  before(async () => {
    data = await tempDataDir()
  })
  after(() => data.remove())

  for (const enabled of subsets) {
    const lacking = enabled.flatMap((m) => REQUIRES[m].filter((r) => !enabled.includes(r)))
    const label = `[${enabled.join(', ')}]`
    if (lacking.length > 0) {
      it(`${label}: refuses to start, naming ${[...new Set(lacking)].join(', ')}`, async () => {
        await assert.rejects(siteOn(data.path, { modules: enabled }), (error: Error) => {
          assert.ok(error instanceof MissingRequiredModule, String(error))
          assert.match(error.message, /^Module '(admin|api)' requires module 'forum'/)
          return true
        })
      })
      continue
    }
    it(`${label}: starts; every page of its modules and every link on them answers below 500`, async () => {
      let app: Site | undefined
      const own = await tempDataDir() // a fresh database: each module must make its own tables
      try {
        app = await siteOn(own.path, { modules: enabled })
        const visitor = new Visitor(app)
        if (enabled.includes('admin')) await visitor.logIn()
        const pages = enabled.flatMap((m) => PAGES[m])
        const seen = new Set<string>()
        const queue = [...pages, '/static/css/site.css', '/nope/']
        while (queue.length > 0 && seen.size < 200) {
          const url = queue.shift() as string
          if (seen.has(url)) continue
          seen.add(url)
          const res = await visitor.get(url)
          assert.ok(res.statusCode < 500, `${label} GET ${url}: ${res.statusCode} ${res.body}`)
          if (pages.includes(url)) assert.equal(res.statusCode, 200, `${label} GET ${url}`)
          if (String(res.headers['content-type']).startsWith('text/html')) {
            queue.push(...hrefs(res.body).filter((href) => !seen.has(href)))
          }
        }
        if (enabled.includes('forum')) {
          const posted = await visitor.post('/forum/1/', { author: 'Ada', body: 'hello' })
          assert.equal(posted.statusCode, 303)
        }
        // Links go only to modules that run.
        for (const url of seen) {
          const owner = MODULES.find((m) => url.startsWith(`/${m}/`))
          if (owner !== undefined && owner !== 'home') assert.ok(enabled.includes(owner), url)
        }
      } finally {
        await app?.close()
        await own.remove()
      }
    })
  }

  it('MODULES=home,api npm start refuses to start, naming forum', { timeout: 30_000 }, async () => {
    const { code, output } = await exitOf(startServer(data.path, { MODULES: 'home,api' }))
    assert.notEqual(code, 0)
    assert.match(output, /FMS_ERR_MODULE_MISSING_REQUIRED/)
    assert.match(output, /Module 'api' requires module 'forum', which is not enabled/)
  })
})
