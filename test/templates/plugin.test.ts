import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { ContextProcessors } from '../../src/templates/context.ts'
import { createNunjucksEngine } from '../../src/templates/nunjucks.ts'
import { templatePlugin } from '../../src/templates/plugin.ts'
import { EXAMPLE, fakeUrlFor, filters, foldersOf } from './fixture.ts'

/**
 * A bare Fastify app standing in for the core: each module is an encapsulated
 * plugin decorating request.blueprint, and the plugin's urlFor is a fake of the core's.
 */
async function exampleApp(): Promise<{ app: FastifyInstance; closed: () => boolean }> {
  const app = Fastify()
  let closed = false
  const engine = createNunjucksEngine({ ...foldersOf(EXAMPLE), filters })
  const close = engine.close.bind(engine)
  engine.close = () => {
    closed = true
    close()
  }
  const processors = new ContextProcessors().add(
    () => ({ board_id: 'from forum processor' }),
    'forum',
  )
  // The core's urlFor: the request's module for '.name', '/outside/...' outside a request.
  const urlFor = (endpoint: string, values: Record<string, unknown>, request?: FastifyRequest) => {
    if (request === undefined) return `/outside/${endpoint}`
    const blueprint = (request as { blueprint?: string }).blueprint
    return fakeUrlFor(endpoint.startsWith('.') ? `${blueprint}${endpoint}` : endpoint, values)
  }
  await app.register(templatePlugin, { engine, processors, urlFor })
  app.addContextProcessor(() => ({ site: 'Example' }))

  await app.register(async (home) => {
    home.decorateRequest('blueprint', 'home')
    home.get('/', (_request, reply) => reply.render('home.html'))
  })
  await app.register(
    async (admin) => {
      admin.decorateRequest('blueprint', 'admin')
      admin.get('/', (_request, reply) => reply.render('main.html'))
      admin.get('/secret', (_request, reply) => reply.code(403).render('403.html'))
    },
    { prefix: '/admin' },
  )
  await app.register(async (forum) => {
    forum.decorateRequest('blueprint', 'forum')
    forum.get('/forum/', (_request, reply) => reply.render('main.html'))
    forum.get('/forum/board/', (_request, reply) => reply.render('board.html'))
    forum.get<{ Params: { board_id: string } }>('/forum/board/:board_id', (request, reply) =>
      reply.render('board.html', { board_id: request.params.board_id }),
    )
    forum.get('/admin/forum/', (_request, reply) => reply.render('admin/forum.html'))
    forum.get('/forum/missing', (_request, reply) => reply.render('nope.html'))
    forum.get('/forum/site', (_request, reply) => reply.render(':nav.html'))
  })
  app.get('/outside', (_request, reply) => reply.render('home.html'))
  return { app, closed: () => closed }
}

describe('reply.render through a Fastify app', () => {
  let app: FastifyInstance
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
    ['/forum/board/test', 200, /<h1>Board test<\/h1>/],
    ['/forum/board/%3Cscript%3E', 200, /<h1>Board &lt;script&gt;<\/h1>/],
    ['/forum/board/', 200, /<h1>Board from forum processor<\/h1>/],
    ['/admin/secret', 403, /<title>Forbidden<\/title>[\s\S]*admin nav/],
    ['/outside', 200, /root home[\s\S]*/],
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

  it("home.html's links are built for the request, with Jinja's keywords", async () => {
    const { body } = await app.inject('/')
    assert.match(body, /<a href="\/home\/home">Home<\/a>/)
    assert.match(body, /<a href="\/forum\/admin">Forum admin<\/a>/)
    assert.match(body, /<a href="\/admin\/home">Admin<\/a>/)
    assert.match(body, /<a href="\/static\/a.txt">a.txt<\/a>/)
  })

  it('board.html passes board_id as a keyword: no __keywords marker leaks', async () => {
    const { body } = await app.inject('/forum/board/7')
    assert.match(body, /href="\/forum\/board\?board_id=7"/)
  })

  it('/admin/, /forum/, /admin/ again: each module keeps its main.html', async () => {
    const mains = []
    for (const url of ['/admin/', '/forum/', '/admin/', '/forum/', '/admin/'])
      mains.push(/admin main|forum main/.exec((await app.inject(url)).body)?.[0])
    assert.deepEqual(mains, ['admin main', 'forum main', 'admin main', 'forum main', 'admin main'])
  })

  it('a missing template is a 500 naming the folders searched', async () => {
    const response = await app.inject('/forum/missing')
    assert.equal(response.statusCode, 500)
    const error = response.json() as { code: string; message: string }
    assert.equal(error.code, 'FMS_ERR_TEMPLATE_NOT_FOUND')
    assert.match(
      error.message,
      /for module 'forum'[\s\S]*1\. .*forum.templates[\s\S]*2\. .*templates \(root\)/,
    )
  })

  it('fastify.render renders outside a request, for a module when asked', async () => {
    assert.match(
      await app.render('main.html', {}, { module: 'forum' }),
      /forum nav[\s\S]*forum main/,
    )
    assert.match(await app.render('home.html'), /root home/)
    assert.match(
      await app.render('home.html', {}, { module: 'home' }),
      /href="\/outside\/home.home"/,
    )
  })
})
