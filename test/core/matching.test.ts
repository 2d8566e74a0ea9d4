import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cors from '@fastify/cors'
import {
  type MicroServicesInstance,
  RouteConflict,
  RouteRegistrationError,
  url,
} from '../../src/index.ts'
import { echo, routingApp } from '../fixtures/routing/app.ts'

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS'
interface Expect {
  method?: Method
  url: string
  status: number
  endpoint?: string
  params?: Record<string, unknown>
  location?: string
  allow?: string
}

async function check(app: MicroServicesInstance, cases: readonly Expect[]): Promise<void> {
  for (const c of cases) {
    const res = await app.inject({ method: c.method ?? 'GET', url: c.url })
    const what = `${c.method ?? 'GET'} ${c.url}: ${res.body}`
    assert.equal(res.statusCode, c.status, what)
    if (c.endpoint !== undefined) assert.equal(res.json().endpoint, c.endpoint, what)
    if (c.params !== undefined) assert.deepEqual(res.json().params, c.params, what)
    if (c.location !== undefined) assert.equal(res.headers.location, c.location, what)
    if (c.allow !== undefined) assert.equal(res.headers.allow, c.allow, what)
  }
}

const hex = {
  regex: '[0-9a-f]+',
  toValue: (raw: string) => Number.parseInt(raw, 16),
  toUrl: (value: unknown) => Number(value).toString(16),
}

describe('every rule set Werkzeug accepts starts (issue 12, item 1)', () => {
  const sets: { title: string; rules: Parameters<typeof routingApp>[0]; cases: Expect[] }[] = [
    {
      title: 'int and float at one position',
      rules: { a: [url('/<int:a>', echo, 'int'), url('/<float:a>', echo, 'float')] },
      cases: [
        { url: '/12', status: 200, endpoint: 'a.int', params: { a: 12 } },
        { url: '/1.5', status: 200, endpoint: 'a.float', params: { a: 1.5 } },
        { url: '/x', status: 404 },
      ],
    },
    {
      title: 'int and uuid',
      rules: { a: [url('/<int:a>', echo, 'int'), url('/<uuid:a>', echo, 'uuid')] },
      cases: [
        { url: '/7', status: 200, endpoint: 'a.int' },
        {
          url: '/0B8E8F8E-0000-4000-8000-000000000000',
          status: 200,
          endpoint: 'a.uuid',
          params: { a: '0b8e8f8e-0000-4000-8000-000000000000' },
        },
      ],
    },
    {
      title: 'two any() in two modules',
      rules: {
        a: [url('/<any(x, y):k>', echo, 'xy')],
        b: [url('/<any(z, w):k>', echo, 'zw')],
      },
      cases: [
        { url: '/x', status: 200, endpoint: 'a.xy' },
        { url: '/w', status: 200, endpoint: 'b.zw' },
        { url: '/q', status: 404 },
      ],
    },
    {
      title: 'int and a custom converter',
      rules: { a: [url('/n/<int:a>', echo, 'int'), url('/n/<hex:a>', echo, 'hex')] },
      cases: [
        { url: '/n/10', status: 200, endpoint: 'a.int', params: { a: 10 } },
        { url: '/n/ff', status: 200, endpoint: 'a.hex', params: { a: 255 } },
      ],
    },
    {
      title: 'fall-through: int refuses, path takes it (item 2)',
      rules: { a: [url('/<int:year>', echo, 'year'), url('/<path:name>', echo, 'name')] },
      cases: [
        { url: '/Some', status: 200, endpoint: 'a.name', params: { name: 'Some' } },
        { url: '/2024', status: 200, endpoint: 'a.year', params: { year: 2024 } },
        { url: '/a/b', status: 200, endpoint: 'a.name', params: { name: 'a/b' } },
      ],
    },
    {
      title: 'a converter refusing a value lets the next rule try (min)',
      rules: {
        a: [url('/p/<int(min=10):n>', echo, 'big'), url('/p/<string:n>', echo, 'text')],
      },
      cases: [
        { url: '/p/12', status: 200, endpoint: 'a.big', params: { n: 12 } },
        { url: '/p/3', status: 200, endpoint: 'a.text', params: { n: '3' } },
      ],
    },
    {
      title: 'path anywhere in a rule (item 3)',
      rules: {
        a: [
          url('/<path:p>/edit', echo, 'edit'),
          url('/repo/<path:p>/blob/<rev>', echo, 'blob'),
          url('/files/<path:p>/', echo, 'folder'),
        ],
      },
      cases: [
        { url: '/a/b/edit', status: 200, endpoint: 'a.edit', params: { p: 'a/b' } },
        {
          url: '/repo/x/y/blob/main',
          status: 200,
          endpoint: 'a.blob',
          params: { p: 'x/y', rev: 'main' },
        },
        { url: '/files/x/y/', status: 200, endpoint: 'a.folder', params: { p: 'x/y' } },
        { url: '/files/x/y', status: 308, location: '/files/x/y/' },
        { url: '/edit', status: 404 },
      ],
    },
    {
      title: "a path rule alone keeps find-my-way's wildcard, without its '*' key",
      rules: { a: [url('/files/<path:p>', echo, 'files')] },
      cases: [
        { url: '/files/x/y', status: 200, endpoint: 'a.files', params: { p: 'x/y' } },
        { url: '/files/', status: 404 },
      ],
    },
    {
      title: 'HEAD and a query string reach a rule the matcher picks',
      rules: { a: [url('/<int:year>', echo, 'year'), url('/<path:name>', echo, 'name')] },
      cases: [
        { method: 'HEAD', url: '/2024', status: 200 },
        { url: '/Some?x=1', status: 200, endpoint: 'a.name', params: { name: 'Some' } },
      ],
    },
    {
      title: 'static parts before converters, whatever the order',
      rules: { a: [url('/<name>/', echo, 'any'), url('/new/', echo, 'new')] },
      cases: [
        { url: '/new/', status: 200, endpoint: 'a.new' },
        { url: '/old/', status: 200, endpoint: 'a.any', params: { name: 'old' } },
      ],
    },
  ]
  for (const { title, rules, cases } of sets) {
    it(title, async () => {
      const app = await routingApp(rules, { converters: { hex } })
      try {
        await check(app, cases)
      } finally {
        await app.close()
      }
    })
  }

  it('two rules answering the same URLs and method stay a RouteConflict naming both modules', async () => {
    await assert.rejects(
      routingApp({ a: [url('/x/<int:id>', echo, 'x')], b: [url('/x/<int:n>', echo, 'y')] }),
      (error: Error) =>
        error instanceof RouteConflict && /'a'/.test(error.message) && /'b'/.test(error.message),
    )
  })

  it('an app route on the path of a module rule is a coded error naming the module', async () => {
    await assert.rejects(
      routingApp({ a: [url('/x/<int:id>', echo, 'x')] }, {}, (app) =>
        app.get('/x/:id', async () => 'app'),
      ),
      (error: Error) => error instanceof RouteRegistrationError && /module 'a'/.test(error.message),
    )
  })
})

describe('slashes and methods as Werkzeug answers them (issue 12, item 5)', () => {
  it('answers 308, 405, OPTIONS and 404 from the matcher, converters included', async () => {
    const app = await routingApp({
      a: [
        url('/bar/', echo, 'bar_get'),
        url('/bar', echo, { name: 'bar_post', methods: ['POST'] }),
        url('/forum/<int:id>/', echo, { name: 'forum', methods: ['GET', 'PUT'] }),
        url('/forum/<slug>/', echo, { name: 'forum_slug', methods: ['POST'] }),
        url('/loose/', echo, { name: 'loose', strictSlashes: false }),
      ],
      b: [url('/forum/<int:id>/', echo, { name: 'forum_delete', methods: ['DELETE'] })],
    })
    try {
      await check(app, [
        { url: '/bar', status: 308, location: '/bar/' },
        { method: 'POST', url: '/bar', status: 200, endpoint: 'a.bar_post' },
        {
          method: 'PATCH' as Method,
          url: '/forum/3/',
          status: 405,
          allow: 'GET, PUT, DELETE, POST, OPTIONS, HEAD',
        },
        {
          method: 'OPTIONS',
          url: '/forum/3/',
          status: 200,
          allow: 'GET, PUT, DELETE, POST, OPTIONS, HEAD',
        },
        { method: 'OPTIONS', url: '/forum/abc/', status: 200, allow: 'POST, OPTIONS' },
        { method: 'DELETE', url: '/forum/3/', status: 200, endpoint: 'b.forum_delete' },
        { method: 'DELETE', url: '/forum/abc/', status: 405, allow: 'POST, OPTIONS' },
        { url: '/forum/3', status: 308, location: '/forum/3/' },
        { url: '/loose', status: 200, endpoint: 'a.loose' },
        { url: '/loose/', status: 200, endpoint: 'a.loose' },
        { url: '/nope', status: 404 },
      ])
    } finally {
      await app.close()
    }
  })

  it('a 308 or a 405 only when the target really matches, converters included', async () => {
    const app = await routingApp({ a: [url('/forum/<int:id>/', echo, 'forum')] })
    try {
      await check(app, [
        { method: 'DELETE', url: '/forum/abc/', status: 404 },
        { url: '/forum/abc', status: 404 },
        { url: '/forum/12', status: 308, location: '/forum/12/' },
      ])
    } finally {
      await app.close()
    }
  })

  it("uses the app's maxParamLength for the matcher's 405 and 308", async () => {
    const app = await routingApp(
      { a: [url('/w/<word>/', echo, 'word'), url('/w/<int:n>/', echo, 'n')] },
      { routerOptions: { maxParamLength: 8 } },
    )
    try {
      await check(app, [
        { url: '/w/short/', status: 200, endpoint: 'a.word' },
        { url: '/w/muchtoolong/', status: 404 },
        { url: '/w/muchtoolong', status: 404 },
        { url: '/w/short', status: 308 },
      ])
    } finally {
      await app.close()
    }
  })

  it('@fastify/cors (OPTIONS *) does not turn unknown URLs into 405s, and 308s keep working', async () => {
    const app = await routingApp(
      { a: [url('/admin/', echo, 'admin'), url('/x/<int:id>/', echo, 'x')] },
      {},
      (app) => app.register(cors, { origin: true }),
    )
    try {
      await check(app, [
        { url: '/nope', status: 404 },
        { method: 'POST', url: '/nope', status: 404 },
        { url: '/admin', status: 308, location: '/admin/' },
        { url: '/x/3', status: 308, location: '/x/3/' },
        { method: 'POST', url: '/admin/', status: 405, allow: 'GET, OPTIONS, HEAD' },
      ])
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/admin/',
        headers: { origin: 'http://a.example', 'access-control-request-method': 'GET' },
      })
      assert.equal(preflight.statusCode, 204)
      assert.equal(preflight.headers['access-control-allow-origin'], 'http://a.example')
    } finally {
      await app.close()
    }
  })
})

describe('converter arguments are checked (issue 12, item 8)', () => {
  const bad: [string, RegExp][] = [
    ['/<int(mn=1):id>', /int\(\) has no argument 'mn'/],
    ['/<int(min=abc):id>', /int\(min=\.\.\.\) must be a number, not "abc"/],
    ['/<string(lenght=2):x>', /string\(\) has no argument 'lenght'/],
    ['/<int(signed=Ture):x>', /int\(signed=\.\.\.\) must be True or False, not "Ture"/],
    ['/<int(fixed_digits=-1):x>', /must be a whole number >= 0/],
    ['/<any(a, b, x=1):x>', /any\(\) takes its items only/],
    ['/<path(x=1):p>', /the converter 'path' takes no arguments/],
    ['/<bad:x>', /the converter 'bad' has an invalid regex "\(\["/],
  ]
  for (const [rule, message] of bad) {
    it(`refuses ${rule} at start-up with InvalidURLRule`, async () => {
      await assert.rejects(
        routingApp(
          { a: [url(rule, echo, 'x')] },
          {
            converters: {
              bad: { regex: '([', toValue: (raw: string) => raw, toUrl: String },
            },
          },
        ),
        (error: Error & { code: string }) => {
          assert.equal(error.code, 'FMS_ERR_URL_INVALID_RULE')
          assert.match(error.message, message)
          return true
        },
      )
    })
  }

  it('accepts the arguments Werkzeug documents, by keyword or position', async () => {
    const app = await routingApp({
      a: [
        url('/a/<int(fixed_digits=4, min=1, max=9999, signed=False):n>', echo, 'a'),
        url('/b/<string(2, 4):s>', echo, 'b'),
        url('/c/<float(min=None, signed=True):x>', echo, 'c'),
      ],
    })
    try {
      await check(app, [
        { url: '/a/0042', status: 200, params: { n: 42 } },
        { url: '/b/abc', status: 200, params: { s: 'abc' } },
        { url: '/b/abcde', status: 404 },
        { url: '/c/-1.5', status: 200, params: { x: -1.5 } },
      ])
    } finally {
      await app.close()
    }
  })
})

describe('anonymous views (issue 12, item 10)', () => {
  it('are served, not reversible, and two never conflict by name', async () => {
    const app = await routingApp({
      a: [url('/one', (_request) => 'one'), url('/two', (_request) => 'two')],
    })
    try {
      assert.equal((await app.inject('/one')).body, 'one')
      assert.equal((await app.inject('/two')).body, 'two')
      assert.deepEqual(
        app.urlMap.endpoints.filter((e) => e.startsWith('a.') && e !== 'a.static'),
        [],
      )
    } finally {
      await app.close()
    }
  })
})

describe('module hooks (issue 12, item 7)', () => {
  it('runs afterRequest hooks in the reverse order of registration, as Flask', async () => {
    const order: string[] = []
    const app = await routingApp({ a: [url('/', echo, 'home')] }, {}, async () => {
      const { blueprint } = await import('../fixtures/routing/modules/a/index.ts')
      blueprint.afterRequestHooks.length = 0
      blueprint.afterRequest(() => {
        order.push('first')
      })
      blueprint.afterRequest(() => {
        order.push('second')
      })
    })
    try {
      await app.inject('/')
      assert.deepEqual(order, ['second', 'first'])
    } finally {
      const { blueprint } = await import('../fixtures/routing/modules/a/index.ts')
      blueprint.afterRequestHooks.length = 0
      await app.close()
    }
  })
})

describe('converters describe the params to Fastify (issue 12, item 9)', () => {
  it('gives each route a params schema from its converters, and keeps 404 for refused values', async () => {
    const schemas = new Map<string, unknown>()
    const app = await routingApp(
      {
        a: [
          url('/i/<int(min=1, max=9):n>', echo, 'int'),
          url('/k/<any(new, top):k>', echo, 'any'),
          url('/u/<uuid:u>', echo, 'uuid'),
          url('/f/<path:p>', echo, 'path'),
          url('/x/<float:x>', echo, 'float'),
        ],
      },
      {},
      (app) =>
        app.addHook('onRoute', (route) => {
          if (route.config?.endpoint !== undefined && [route.method].flat().includes('GET')) {
            schemas.set(route.config.endpoint, route.schema?.params)
          }
        }),
    )
    try {
      assert.deepEqual(schemas.get('a.int'), {
        type: 'object',
        properties: { n: { type: 'integer', minimum: 1, maximum: 9 } },
        required: ['n'],
      })
      assert.deepEqual((schemas.get('a.any') as { properties: unknown }).properties, {
        k: { type: 'string', enum: ['new', 'top'] },
      })
      assert.deepEqual((schemas.get('a.uuid') as { properties: unknown }).properties, {
        u: { type: 'string', format: 'uuid' },
      })
      assert.deepEqual((schemas.get('a.path') as { properties: unknown }).properties, {
        p: { type: 'string', minLength: 1 },
      })
      assert.deepEqual((schemas.get('a.float') as { properties: unknown }).properties, {
        x: { type: 'number', minimum: 0 },
      })
      await check(app, [
        { url: '/i/5', status: 200, params: { n: 5 } },
        { url: '/i/12', status: 404 },
        { url: '/f/a/b', status: 200, params: { p: 'a/b' } },
      ])
    } finally {
      await app.close()
    }
  })

  it("validates a user's own params schema on converted values", async () => {
    const schema = {
      params: {
        type: 'object',
        properties: { n: { type: 'integer', multipleOf: 2 } },
        required: ['n'],
      },
    }
    const app = await routingApp({
      a: [
        url('/even/<int:n>', echo, { name: 'even', schema }),
        url('/m/<int:n>', echo, { name: 'm_int', schema }),
        url('/m/<path:n>', echo, 'm_path'),
      ],
    })
    try {
      await check(app, [
        { url: '/even/4', status: 200, params: { n: 4 } },
        { url: '/even/3', status: 400 },
        { url: '/even/x', status: 404 },
        { url: '/m/6', status: 200, endpoint: 'a.m_int', params: { n: 6 } },
        { url: '/m/5', status: 400 },
        { url: '/m/abc', status: 200, endpoint: 'a.m_path' },
      ])
    } finally {
      await app.close()
    }
  })
})
