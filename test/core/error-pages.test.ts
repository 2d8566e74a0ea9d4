// HTML error pages as Django and Flask give them: a request that accepts HTML gets the
// module's `<status>.html`, else the root's, else a built-in page; JSON for the others and
// for modules with `errors: 'json'`; a failing error template falls back to the built-in
// page and logs both errors; production pages show no detail of a 500.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InjectOptions } from 'fastify'
import {
  InvalidBlueprintOption,
  MicroServicesApp,
  type MicroServicesOptions,
  Router,
  response,
} from '../../src/index.ts'
import { fixture } from '../helpers.ts'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8'
/** What each client sends as Accept (undefined: no header at all). */
const ACCEPTS = {
  browser: BROWSER,
  'any (*/*)': '*/*',
  curl: '*/*',
  json: 'application/json',
  axios: 'application/json, text/plain, */*',
  none: undefined,
} as const
const PAGE_CLIENTS = new Set(['browser', 'any (*/*)', 'curl'])

async function site(options: MicroServicesOptions = {}) {
  const lines: Record<string, unknown>[] = []
  const app = MicroServicesApp({
    root: fixture('error-pages'),
    modulesEnv: false,
    routeTypes: false,
    dev: false,
    logger: {
      level: 'info',
      stream: { write: (line: string) => lines.push(JSON.parse(line)) },
    },
    ...options,
  })
  await app.registerUrls(['shop', 'api'])
  return { app, lines }
}

const get = (url: string, accept: string | undefined, method: 'GET' | 'POST' = 'GET') =>
  ({ method, url, headers: accept === undefined ? {} : { accept } }) satisfies InjectOptions

/** A page, as each status and URL gives it: its status, h1 and what it must not show. */
const PAGES = [
  {
    label: "abort(404) in a module: the module's 404.html in the root layout",
    url: '/shop/missing',
    status: 404,
    h1: 'Shop 404',
    shows: 'No such product',
  },
  {
    label: "reply.callNotFound() in a module view: the module's 404.html",
    url: '/shop/gone',
    status: 404,
    h1: 'Shop 404',
    shows: 'The requested URL was not found on the server.',
  },
  {
    label: "a URL no rule matches: the root's 404.html",
    url: '/nowhere',
    status: 404,
    h1: 'Root 404',
    shows: 'The requested URL was not found on the server.',
  },
  {
    label: "a method the rule does not answer: the root's 405.html, with Allow",
    url: '/shop/',
    method: 'POST' as const,
    status: 405,
    h1: 'Root 405',
    shows: 'Method POST is not allowed for /shop/',
    allow: 'GET, OPTIONS, HEAD',
  },
  {
    label: "a view that throws: the root's 500.html, no detail",
    url: '/shop/fail',
    status: 500,
    h1: 'Root 500',
    shows: 'Internal Server Error',
    hides: 'hunter2',
  },
  {
    label: 'a failing 403.html: the built-in page, with the public message',
    url: '/shop/forbidden',
    status: 403,
    h1: '403 Forbidden',
    shows: 'Members only',
  },
  {
    label: 'a status without a template: the built-in page',
    url: '/shop/teapot',
    status: 418,
    h1: '418 I&#39;m a Teapot',
    shows: 'I&#39;m a Teapot',
  },
]

describe('error pages by Accept', async () => {
  const { app } = await site()
  for (const page of PAGES) {
    for (const [client, accept] of Object.entries(ACCEPTS)) {
      const html = PAGE_CLIENTS.has(client)
      it(`${page.label}; Accept ${client}: ${html ? 'HTML' : 'JSON'}`, async () => {
        const res = await app.inject(get(page.url, accept, page.method))
        assert.equal(res.statusCode, page.status)
        if (page.allow) assert.equal(res.headers.allow, page.allow)
        if (page.hides) assert.doesNotMatch(res.body, new RegExp(page.hides))
        if (!html) {
          assert.match(res.headers['content-type'] as string, /^application\/json/)
          assert.equal(res.json().statusCode, page.status)
          return
        }
        assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/)
        assert.match(res.body, new RegExp(`<h1>${page.h1}</h1>`))
        assert.ok(res.body.includes(page.shows), res.body)
        // A template page is in the site's layout, url_for included.
        if (!page.h1.startsWith(String(page.status))) {
          assert.match(res.body, /<body class="site-layout">/)
          assert.match(res.body, /<a id="home" href="\/shop\/">/)
        }
      })
    }
  }

  for (const url of ['/api/missing', '/api/fail']) {
    it(`a module with errors: 'json' answers ${url} in JSON, even to a browser`, async () => {
      const res = await app.inject(get(url, BROWSER))
      assert.match(res.headers['content-type'] as string, /^application\/json/)
      assert.doesNotMatch(res.body, /secret/)
    })
  }

  it('a HEAD gets the page status and type, without a body', async () => {
    const res = await app.inject({
      method: 'HEAD',
      url: '/shop/missing',
      headers: { accept: BROWSER },
    })
    assert.equal(res.statusCode, 404)
    assert.match(res.headers['content-type'] as string, /^text\/html/)
    assert.equal(res.body, '')
  })

  for (const [which, url] of [
    ['a template page', '/shop/markup/404'],
    ['the built-in page', '/shop/markup/409'],
  ]) {
    it(`${which} escapes the message`, async () => {
      const res = await app.inject(get(url as string, BROWSER))
      assert.doesNotMatch(res.body, /<script>/)
      assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    })
  }
})

describe('a failing error template', () => {
  it('answers the built-in page and logs both errors', async () => {
    const { app, lines } = await site()
    const res = await app.inject(get('/shop/forbidden', BROWSER))
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /<h1>403 Forbidden<\/h1>/)
    const failed = lines.find((line) => String(line.msg).startsWith('error page 403.html failed'))
    assert.ok(failed, JSON.stringify(lines))
    assert.match(JSON.stringify(failed.err), /no\.such\.endpoint/)
    assert.equal((failed.original as { message: string }).message, 'Members only')
    await app.close()
  })
})

describe('development', () => {
  it('a 500 to a browser is the debug page; a 404 the site page', async () => {
    const { app } = await site({ dev: true })
    const fail = await app.inject(get('/shop/fail', BROWSER))
    assert.equal(fail.statusCode, 500)
    assert.match(fail.body, /This page is shown in development only/)
    assert.match(fail.body, /hunter2/)
    const missing = await app.inject(get('/shop/missing', BROWSER))
    assert.match(missing.body, /<h1>Shop 404<\/h1>/)
    await app.close()
  })
})

describe("the app's own handlers win over the pages", () => {
  it('registerErrorHandler(404) for a thrown 404 and a URL no rule matches', async () => {
    const { app } = await site()
    app.registerErrorHandler(404, (error) => `mine: ${error.message}`)
    for (const url of ['/shop/missing', '/nowhere']) {
      const res = await app.inject(get(url, BROWSER))
      assert.match(res.body, /^mine: /)
    }
    await app.close()
  })

  it('registerErrorHandler(405) for a method no rule answers, Allow kept', async () => {
    const { app } = await site()
    app.registerErrorHandler(405, () => response('no such method here', 405))
    const res = await app.inject(get('/shop/', BROWSER, 'POST'))
    assert.equal(res.statusCode, 405)
    assert.equal(res.headers.allow, 'GET, OPTIONS, HEAD')
    assert.equal(res.body, 'no such method here')
    await app.close()
  })

  for (const order of ['before', 'after'] as const) {
    it(`the app's setNotFoundHandler, called ${order} the modules`, async () => {
      const app = MicroServicesApp({
        root: fixture('error-pages'),
        modulesEnv: false,
        routeTypes: false,
      })
      const own = () => app.setNotFoundHandler((_request, reply) => reply.code(404).send('own 404'))
      if (order === 'before') own()
      await app.registerUrls(['shop'])
      if (order === 'after') own()
      assert.equal((await app.inject(get('/nowhere', BROWSER))).body, 'own 404')
      await app.close()
    })
  }

  it("the app's setErrorHandler", async () => {
    const { app } = await site()
    app.setErrorHandler((_error, _request, reply) => reply.code(500).send('own handler'))
    assert.equal((await app.inject(get('/shop/fail', BROWSER))).body, 'own handler')
    await app.close()
  })

  it('the notFound option', async () => {
    const { app } = await site({ notFound: (_request, reply) => reply.code(404).send('option') })
    assert.equal((await app.inject(get('/nowhere', BROWSER))).body, 'option')
    await app.close()
  })
})

describe("the blueprint's errors option", () => {
  it("refuses anything but 'html' or 'json'", () => {
    assert.throws(
      () => Router.createBlueprint('feed', import.meta.url, { errors: 'xml' as never }),
      (error: Error) =>
        error instanceof InvalidBlueprintOption && /'errors': 'html' or 'json'/.test(error.message),
    )
  })
})
