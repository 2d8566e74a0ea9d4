import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp } from '../../src/index.ts'
import { createNunjucksEngine } from '../../src/templates/nunjucks.ts'
import { EXAMPLE, filters, MODULES } from './fixture.ts'

/**
 * The templates plugin as MicroServicesApp wires it: modules admin, forum and home of
 * test/fixtures/templates-example, answered through inject.
 */
async function exampleApp() {
  let closed = false
  const app = MicroServicesApp({
    root: EXAMPLE,
    modulesEnv: false,
    routeTypes: false,
    exposeErrors: true, // the 500's message is what one test reads
    templates: {
      // The default engine, made through the public option to see that close() is called.
      engine: (folders) => {
        const engine = createNunjucksEngine({ ...folders, filters })
        return {
          render: (name, context, scope) => engine.render(name, context, scope),
          close: () => {
            closed = true
            engine.close()
          },
        }
      },
    },
  })
  await app.registerUrls([...MODULES])
  app.addContextProcessor(() => ({ site: 'Example' }))
  app.get('/outside', (_request, reply) => reply.render('home.html'))
  await app.ready()
  return { app, closed: () => closed }
}

describe('reply.render through MicroServicesApp', () => {
  let app: Awaited<ReturnType<typeof exampleApp>>['app']
  let closed: () => boolean
  before(async () => {
    ;({ app, closed } = await exampleApp())
  })
  after(async () => {
    await app.close()
    assert.ok(closed(), 'engine.close runs on app.close')
  })

  const pages: [url: string, status: number, body: RegExp][] = [
    ['/', 200, /home's own home/],
    ['/admin/', 200, /<title>Admin: home<\/title>[\s\S]*admin nav[\s\S]*admin main/],
    ['/forum/', 200, /forum nav[\s\S]*forum main/],
    ['/admin/forum/', 200, /<title>Admin: forum<\/title>[\s\S]*forum nav[\s\S]*forum admin/],
    ['/forum/board/test', 200, /<h1>Board test<\/h1>[\s\S]*<span class="badge">TEST<\/span>/],
    ['/forum/board/%3Cscript%3E', 200, /<h1>Board &lt;script&gt;<\/h1>/],
    ['/forum/board/', 200, /<h1>Board from forum processor<\/h1>/],
    ['/admin/secret', 403, /<title>Forbidden<\/title>[\s\S]*admin nav/],
    ['/outside', 200, /root nav[\s\S]*root home/],
    ['/forum/site', 200, /^root nav/],
  ]
  for (const [url, status, body] of pages) {
    it(`GET ${url} -> ${status}`, async () => {
      const response = await app.inject(url)
      assert.equal(response.statusCode, status)
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
      assert.match(response.body, body)
    })
  }

  it("home.html's links are built by the app's urlFor, through an imported macro", async () => {
    const { body } = await app.inject('/')
    assert.match(body, /<a href="\/">Home<\/a>/)
    assert.match(body, /<a href="\/admin\/forum\/">Forum admin<\/a>/)
    assert.match(body, /<a href="\/admin\/">Admin<\/a>/)
    assert.match(body, /<a href="\/static\/a.txt">a.txt<\/a>/)
  })

  it('board.html passes board_id as a keyword: it fills the rule, nothing else reaches the URL', async () => {
    const { body } = await app.inject('/forum/board/7')
    assert.match(body, /href="\/forum\/board\/7">permalink/)
  })

  it('/admin/, /forum/, /admin/ again: each module keeps its main.html', async () => {
    const mains = []
    for (const url of ['/admin/', '/forum/', '/admin/', '/forum/', '/admin/'])
      mains.push(/admin main|forum main/.exec((await app.inject(url)).body)?.[0])
    assert.deepEqual(mains, ['admin main', 'forum main', 'admin main', 'forum main', 'admin main'])
  })

  it('a missing template is a 500 naming the folders searched (details exposed)', async () => {
    const response = await app.inject('/forum/missing')
    assert.equal(response.statusCode, 500)
    assert.match(response.body, /FMS_ERR_TEMPLATE_NOT_FOUND/)
    assert.match(
      response.body,
      /for module 'forum'[\s\S]*1\. .*forum.templates[\s\S]*2\. .*templates \(root\)/,
    )
  })

  it('app.render renders outside a request, for a module when asked', async () => {
    assert.match(
      await app.render('main.html', {}, { module: 'forum' }),
      /forum nav[\s\S]*forum main/,
    )
    assert.match(await app.render('home.html'), /root home/)
    assert.match(await app.render('home.html', {}, { module: 'home' }), /href="\/admin\/"/)
  })
})

describe('reply.render sends in the tick it renders', () => {
  it('answers the reply itself, already sent, and Fastify sends it once (no "already sent" warning)', async () => {
    const logged: string[] = []
    const app = MicroServicesApp({
      root: EXAMPLE,
      modulesEnv: false,
      routeTypes: false,
      logger: { level: 'warn', stream: { write: (line: string) => logged.push(line) } },
    })
    await app.registerUrls([...MODULES])
    let answered: unknown
    let replied: unknown
    let sentAtOnce: boolean | undefined
    app.get('/sync', (_request, reply) => {
      replied = reply
      answered = reply.render('home.html')
      sentAtOnce = reply.sent
      return answered
    })
    app.get('/awaited', async (_request, reply) => {
      await reply.render('home.html')
      return reply
    })
    await app.inject('/sync') // the first render imports nunjucks: a promise
    for (const url of ['/sync', '/awaited', '/sync']) {
      const response = await app.inject(url)
      assert.equal(response.statusCode, 200, url)
      assert.match(response.body, /root home/)
    }
    assert.equal(answered, replied)
    assert.equal(sentAtOnce, true)
    assert.deepEqual(logged, [])
    await app.close()
  })
})
