import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import {
  MicroServicesApp,
  type MicroServicesOptions,
  ModuleLoadError,
  ModuleSetupError,
  TemplateRenderError,
  TemplateSyntaxError,
} from '../../src/index.ts'
import { appFor, fixture } from '../helpers.ts'

type App = Awaited<ReturnType<typeof appFor>>
type LogLine = Record<string, unknown> & {
  msg?: string
  err?: { message?: string; stack?: string }
}

const SECRET = 'postgres://app:hunter2@db.internal/prod'
const GENERIC = {
  statusCode: 500,
  error: 'Internal Server Error',
  message: 'Internal Server Error',
}

/** A logger destination that keeps every line, parsed. */
function logSink(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine)
      }
      done()
    },
  })
  return { stream, lines }
}

/** Nothing a client gets may hold the secret, a stack frame, a file path or a class name. */
function assertNothingLeaks(body: string, where: string): void {
  assert.ok(!body.includes(SECRET) && !body.includes('hunter2'), `${where}: the secret leaked`)
  assert.doesNotMatch(body, /\bat .+:\d+:\d+/, `${where}: a stack frame leaked`)
  assert.doesNotMatch(body, /\/modules\/|\.ts\b|\.html\b|file:/, `${where}: a path leaked`)
  assert.doesNotMatch(body, /TypeError|TemplateSyntaxError|TemplateRenderError/, where)
}

describe('faults in production: a 500 says nothing, the log says everything', () => {
  let app: App
  const log = logSink()
  before(async () => {
    app = await appFor('reliability-faults', ['boom', 'guarded'], {
      exposeErrors: false,
      logger: { level: 'info', stream: log.stream },
    })
  })
  after(() => app.close())

  const failures: [string, string, RegExp][] = [
    ['/boom/throw', 'boom.throw', /cannot connect to/],
    ['/boom/reject', 'boom.reject', /rejected with/],
    ['/boom/string', 'boom.string', /a bare string/],
    ['/boom/syntax', 'boom.syntax', /Syntax error in template 'broken.html' at line \d+/],
    ['/boom/render', 'boom.render', /Error while rendering template 'runtime.html' at line 2/],
    ['/boom/missing', 'boom.missing', /Template 'nope.html' was not found for module 'boom'/],
  ]
  for (const [path, endpoint, logged] of failures) {
    it(`GET ${path}: 500 with nothing inside, logged with module and route`, async () => {
      const before = log.lines.length
      const res = await app.inject(path)
      assert.equal(res.statusCode, 500)
      assert.deepEqual(res.json(), GENERIC)
      assertNothingLeaks(res.body, path)
      const line = log.lines.slice(before).find((l) => l.msg === 'request failed')
      assert.ok(line, `no 'request failed' log line for ${path}`)
      assert.equal(line.level, 50)
      assert.equal(line.module, 'boom')
      assert.equal(line.endpoint, endpoint)
      // A thrown string is logged as it is; an Error with its message and stack.
      const err = line.err as LogLine['err'] | string
      if (typeof err === 'string') assert.match(err, logged)
      else {
        assert.match(String(err?.message), logged)
        assert.ok(err?.stack, 'the log keeps the stack')
      }
      // The same request id ties it to the line with the route and to the final status.
      const same = log.lines.filter((l) => l.reqId === line.reqId)
      const incoming = same.find((l) => l.msg === 'incoming request')
      assert.equal((incoming?.req as { url?: string } | undefined)?.url, path)
      const done = same.find((l) => l.msg === 'request completed')
      assert.equal((done?.res as { statusCode?: number } | undefined)?.statusCode, 500)
    })
  }

  it('the log line of a template syntax error names the template, line and module', async () => {
    const before = log.lines.length
    await app.inject('/boom/syntax')
    const line = log.lines.slice(before).find((l) => l.msg === 'request failed')
    const message = String(line?.err?.message)
    assert.match(
      message,
      /template 'broken.html' at line 5, column \d+ \(rendered for module 'boom'\)/,
    )
    assert.match(message, /file: .*boom\/templates\/broken.html/)
  })

  it('a view rejecting with undefined or null: 500 with nothing inside', async () => {
    const res = await app.inject('/boom/undefined')
    assert.equal(res.statusCode, 500)
    assert.deepEqual(res.json(), GENERIC)
  })

  it('a client error keeps its status and message (418), a 500 never does', async () => {
    const res = await app.inject('/boom/teapot')
    assert.equal(res.statusCode, 418)
    assert.match(res.body, /short and stout/)
  })
})

describe('errors fail closed: details only in development', () => {
  const saved = process.env.NODE_ENV
  after(() => {
    if (saved === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = saved
  })
  const modes: {
    name: string
    env: string | undefined
    options: MicroServicesOptions
    details: boolean
  }[] = [
    { name: 'NODE_ENV unset', env: undefined, options: {}, details: false },
    { name: 'NODE_ENV=test', env: 'test', options: {}, details: false },
    { name: 'NODE_ENV=production', env: 'production', options: {}, details: false },
    { name: 'NODE_ENV=development', env: 'development', options: {}, details: true },
    { name: 'dev: true, NODE_ENV unset', env: undefined, options: { dev: true }, details: true },
    {
      name: 'exposeErrors: true, NODE_ENV unset',
      env: undefined,
      options: { exposeErrors: true },
      details: true,
    },
  ]
  for (const mode of modes) {
    it(`${mode.name}: ${mode.details ? 'the message is shown' : 'the status text alone'}`, async () => {
      if (mode.env === undefined) delete process.env.NODE_ENV
      else process.env.NODE_ENV = mode.env
      const app = await appFor('reliability-faults', ['boom'], mode.options)
      try {
        for (const path of ['/boom/throw', '/boom/missing']) {
          const res = await app.inject({ url: path, headers: { accept: 'application/json' } })
          assert.equal(res.statusCode, 500)
          if (mode.details) {
            assert.match(res.body, /cannot connect to|was not found for module 'boom'/)
          } else {
            assert.deepEqual(res.json(), GENERIC, `${path} shows only the status text`)
            assertNothingLeaks(res.body, path)
          }
        }
      } finally {
        await app.close()
      }
    })
  }
})

describe("a module's error handler catches its own errors only", () => {
  let app: App
  before(async () => {
    app = await appFor('reliability-faults', ['boom', 'guarded'], { exposeErrors: false })
  })
  after(() => app.close())

  for (const path of ['/guarded/throw', '/guarded/reject']) {
    it(`its own route ${path} goes to its handler`, async () => {
      const res = await app.inject(path)
      assert.equal(res.statusCode, 503)
      assert.equal((res.json() as { caughtBy: string }).caughtBy, 'guarded')
    })
  }

  it("another module's error goes to the app's handler, not to it", async () => {
    const res = await app.inject('/boom/throw')
    assert.equal(res.statusCode, 500)
    assert.deepEqual(res.json(), GENERIC)
  })

  it('a 404 outside every module is not handed to it', async () => {
    const res = await app.inject('/guarded/nope')
    assert.equal(res.statusCode, 404)
    assert.doesNotMatch(res.body, /caughtBy/)
  })
})

describe('templates: errors name template, line and module', () => {
  it('a syntax error', async () => {
    const app = await appFor('reliability-faults', ['boom'])
    try {
      await assert.rejects(app.render('boom:broken.html'), (error: Error & { code: string }) => {
        assert.ok(error instanceof TemplateSyntaxError)
        assert.equal(error.code, 'FMS_ERR_TEMPLATE_SYNTAX')
        assert.match(error.message, /template 'broken.html' at line 5/)
        assert.match(error.message, /boom\/templates\/broken.html/)
        assert.ok(error.cause, "nunjucks' own error is kept as cause")
        return true
      })
      await assert.rejects(
        app.render('runtime.html', {}, { module: 'boom' }),
        (error: Error) =>
          error instanceof TemplateRenderError &&
          /template 'runtime.html' at line 2.*for module 'boom'/.test(error.message),
      )
    } finally {
      await app.close()
    }
  })
})

describe('a module that fails stops start-up, naming it and the cause', () => {
  it('while importing: ModuleLoadError with the module, its file and the cause', async () => {
    const app = MicroServicesApp({
      root: fixture('reliability-faults'),
      modulesEnv: false,
      routeTypes: false,
    })
    await assert.rejects(app.registerUrls(['boom', 'failing']), (error: Error) => {
      assert.ok(error instanceof ModuleLoadError)
      assert.match(error.message, /Module 'failing' failed while loading '.*failing\/index.ts'/)
      assert.match(error.message, /JSON/)
      assert.ok(error.cause instanceof SyntaxError)
      return true
    })
    await app.close()
  })

  it('while setting up its Fastify context: ready() rejects naming the module, cause kept', async () => {
    const app = MicroServicesApp({
      root: fixture('reliability-faults'),
      modulesEnv: false,
      routeTypes: false,
    })
    const failed = await app
      .registerUrls(['badsetup'])
      .then(() => app.ready())
      .then(
        () => undefined,
        (error: Error) => error,
      )
    assert.ok(failed instanceof ModuleSetupError, 'start-up went on')
    assert.match(failed.message, /Module 'badsetup'.*the cache server refused the connection/)
    assert.match(String((failed.cause as Error).message), /the cache server refused the connection/)
    await app.close().catch(() => {})
  })
})
