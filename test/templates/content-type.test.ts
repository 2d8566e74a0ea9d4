import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp, markSafe } from '../../src/index.ts'
import { scratch } from './fixture.ts'

/** reply.render through MicroServicesApp and inject: the answer's type is the template's. */
describe("reply.render answers with the template's type", () => {
  const { dir, remove } = scratch()
  let app: ReturnType<typeof MicroServicesApp>
  before(async () => {
    const templates = join(dir, 'templates')
    mkdirSync(templates, { recursive: true })
    mkdirSync(join(dir, 'modules'))
    const files: Record<string, string> = {
      'echo.txt': 'You searched: {{ q }}',
      'echo.html': '<p>{{ q }}</p>',
      'feed.xml': '<feed>{{ q }}</feed>',
      'image.svg': '<svg>{{ q }}</svg>',
      'data.json': '{"q": {{ q | tojson }}}',
      'page.htm': '<p>{{ q }}</p>',
      'notes.unknownext': '{{ q }}',
      'trusted.html': '{{ banner }}|{{ q }}',
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(templates, name), text)
    app = MicroServicesApp({ root: dir, modulesEnv: false, routeTypes: false })
    await app.registerUrls([])
    app.addContextProcessor(() => ({ banner: markSafe('<b>trusted</b>') }))
    app.get('/render/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      return reply.render(name, { q: (request.query as { q?: string }).q })
    })
    app.get('/typed', (request, reply) => {
      reply.type('text/calendar; charset=utf-8')
      return reply.render('echo.txt', { q: (request.query as { q?: string }).q })
    })
    await app.ready()
  })
  after(async () => {
    await app.close()
    remove()
  })

  it('attack: a .txt template rendering ?q=<script> is not served as text/html', async () => {
    const response = await app.inject('/render/echo.txt?q=%3Cscript%3Ealert(1)%3C/script%3E')
    assert.equal(response.statusCode, 200)
    assert.equal(response.body, 'You searched: <script>alert(1)</script>')
    assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8')
  })

  const types: [name: string, type: string][] = [
    ['echo.html', 'text/html; charset=utf-8'],
    ['page.htm', 'text/html; charset=utf-8'],
    ['feed.xml', 'application/xml; charset=utf-8'],
    ['image.svg', 'image/svg+xml; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    // Not escaped by default, so never HTML: a view wanting HTML sets the type itself.
    ['notes.unknownext', 'text/plain; charset=utf-8'],
  ]
  for (const [name, type] of types) {
    it(`${name} is sent as ${type}`, async () => {
      const response = await app.inject(`/render/${name}?q=a%3Cb`)
      assert.equal(response.statusCode, 200, response.body)
      assert.equal(response.headers['content-type'], type)
    })
  }

  it('data.json escapes with tojson', async () => {
    const response = await app.inject('/render/data.json?q=%3C/script%3E')
    assert.deepEqual(JSON.parse(response.body), { q: '</script>' })
    assert.equal(response.body, '{"q": "\\u003c/script\\u003e"}')
  })

  it('a type the view set is kept', async () => {
    const response = await app.inject('/typed?q=x')
    assert.equal(response.headers['content-type'], 'text/calendar; charset=utf-8')
    assert.equal(response.body, 'You searched: x')
  })

  it("markSafe: a context processor's trusted HTML is not escaped, the request's value is", async () => {
    const response = await app.inject('/render/trusted.html?q=%3Ci%3E')
    assert.equal(response.body, '<b>trusted</b>|&lt;i&gt;')
  })
})
