import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify, {
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerBase,
} from 'fastify'
import { MicroServicesApp, microservices } from '../../src/index.ts'
import { fixture } from '../helpers.ts'

const site = {
  root: fixture('original-site'),
  modules: ['admin', 'forum', 'home'],
  modulesEnv: false,
  routeTypes: false,
} as const

/**
 * The app of a user who owns the Fastify instance: the modules, then its own route (the
 * plugin indexes routes for 405/308 from its onRoute hook on, as @fastify/swagger does).
 */
async function ownApp<S extends RawServerBase>(
  app: FastifyInstance<S, RawRequestDefaultExpression<S>, RawReplyDefaultExpression<S>>,
) {
  await app.register(microservices, site)
  app.get('/own', (request, reply) => ({
    server: request.server.urlFor('forum.home'),
    request: request.urlFor('admin.home'),
    reply: reply.urlFor('static', { filename: 'a.txt' }),
    blueprint: request.blueprint ?? null,
  }))
  return app
}

describe('the microservices plugin on a plain Fastify instance', () => {
  let app: FastifyInstance
  before(async () => {
    app = await ownApp(Fastify())
    await app.ready()
  })
  after(() => app.close())

  it("serves the modules' pages beside the app's own routes", async () => {
    const home = await app.inject('/')
    assert.equal(home.statusCode, 200)
    assert.match(home.body, /<h1>Home!<\/h1>/)
    assert.match(home.body, /href="\/admin\/forum\/"/)
    assert.equal((await app.inject('/forum/board/test')).statusCode, 200)
    assert.equal((await app.inject('/static/a.txt')).body.trim(), 'root_a')
    assert.deepEqual((await app.inject('/own')).json(), {
      server: '/forum/',
      request: '/admin/',
      reply: '/static/a.txt',
      blueprint: null,
    })
  })

  it('decorates urlFor on the app and render on the app and reply', async () => {
    assert.equal(app.urlFor('admin.home'), '/admin/')
    assert.equal(
      app.urlFor('forum.forum_board', { board_id: 'x', page: 2 }),
      '/forum/board/x?page=2',
    )
    assert.match(await app.render('home.html'), /<h1>Root!<\/h1>/)
    assert.match(await app.render('home.html', {}, { module: 'home' }), /<h1>Home!<\/h1>/)
    assert.deepEqual(
      app.microservices.map((m) => m.blueprint.name),
      ['admin', 'forum', 'home'],
    )
  })

  it("answers Werkzeug's 405, 308 and OPTIONS for module routes and the app's own", async () => {
    const post = await app.inject({ method: 'POST', url: '/admin/' })
    assert.equal(post.statusCode, 405)
    assert.equal(post.headers.allow, 'GET, OPTIONS, HEAD')
    const slash = await app.inject('/admin?x=1')
    assert.equal(slash.statusCode, 308)
    assert.equal(slash.headers.location, '/admin/?x=1')
    const own = await app.inject({ method: 'DELETE', url: '/own' })
    assert.equal(own.statusCode, 405)
    const options = await app.inject({ method: 'OPTIONS', url: '/admin/' })
    assert.equal(options.statusCode, 200)
    assert.equal(options.headers.allow, 'GET, OPTIONS, HEAD')
    const missing = await app.inject('/nope')
    assert.equal(missing.statusCode, 404)
    assert.equal(missing.json().message, 'Route GET:/nope not found') // Fastify's own 404
  })

  it('leaves the server options to Fastify: no limit of MicroServicesApp is imposed', () => {
    assert.equal(app.server.requestTimeout, 0)
    assert.equal(app.initialConfig.bodyLimit, 1024 * 1024)
  })
})

describe('the microservices plugin on other Fastify servers', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fms-tls-'))
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    )
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('https: a module page over TLS, with an external URL built from the request', async () => {
    const https = {
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
    }
    const app = await ownApp(Fastify({ https }))
    app.get('/external', (request) => request.urlFor('admin.home', { _external: true }))
    await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const { port } = app.server.address() as { port: number }
      const get = (path: string) =>
        new Promise<{ status: number; body: string }>((done, fail) => {
          const req = httpsRequest(
            {
              host: '127.0.0.1',
              port,
              path,
              rejectUnauthorized: false,
              headers: { host: `localhost:${port}` },
            },
            (res) => {
              let body = ''
              res.setEncoding('utf8')
              res.on('data', (chunk: string) => {
                body += chunk
              })
              res.on('end', () => done({ status: res.statusCode ?? 0, body }))
            },
          )
          req.on('error', fail)
          req.end()
        })
      const admin = await get('/admin/')
      assert.equal(admin.status, 200)
      assert.match(admin.body, /admin/)
      assert.equal((await get('/external')).body, `https://localhost:${port}/admin/`)
    } finally {
      await app.close()
    }
  })

  it('http2: a module page and a 308 over an HTTP/2 session', async () => {
    const app = await ownApp(Fastify({ http2: true }))
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as { port: number }
    const session = connect(`http://127.0.0.1:${port}`)
    try {
      const get = (path: string) =>
        new Promise<{ status: number; location: string | undefined; body: string }>(
          (done, fail) => {
            const stream = session.request({ ':path': path })
            let status = 0
            let location: string | undefined
            let body = ''
            stream.setEncoding('utf8')
            stream.on('response', (headers) => {
              status = Number(headers[':status'])
              location = headers.location as string | undefined
            })
            stream.on('data', (chunk: string) => {
              body += chunk
            })
            stream.on('end', () => done({ status, location, body }))
            stream.on('error', fail)
            stream.end()
          },
        )
      const forum = await get('/forum/board/test')
      assert.equal(forum.status, 200)
      assert.match(forum.body, /test/)
      const slash = await get('/admin')
      assert.equal(slash.status, 308)
      assert.equal(slash.location, '/admin/')
    } finally {
      session.close()
      await app.close()
    }
  })
})

describe('MicroServicesApp is the plugin with the server made for you', () => {
  it('keeps the default limits, which the plugin cannot set', () => {
    const app = MicroServicesApp({ root: fixture('original-site'), modulesEnv: false })
    assert.equal(app.server.requestTimeout, 30_000)
    assert.equal(app.initialConfig.connectionTimeout, 120_000)
  })

  it('refuses to mount its modules twice', async () => {
    const app = MicroServicesApp({
      root: fixture('original-site'),
      modulesEnv: false,
      routeTypes: false,
    })
    await app.registerUrls(['home'])
    await assert.rejects(app.registerUrls(['home']), { code: 'FMS_ERR_MODULE_ALREADY_REGISTERED' })
    await app.close()
  })
})

describe('the microservices plugin under fastify-cli', () => {
  it('`fastify start app.ts` serves the modules, with 308 and 405', {
    timeout: 30_000,
  }, async () => {
    const cli = join(import.meta.dirname, '..', '..', 'node_modules', 'fastify-cli', 'cli.js')
    const dir = mkdtempSync(join(tmpdir(), 'fms-cli-'))
    const socketPath = join(dir, 'app.sock')
    const child = spawn(
      process.execPath,
      [cli, 'start', '--socket', socketPath, '--log-level', 'info', 'app.ts'],
      { cwd: fixture('fastify-cli'), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    try {
      await new Promise<void>((done, fail) => {
        let seen = ''
        const timer = setTimeout(
          () => fail(new Error(`not listening after 20 s:\n${seen}`)),
          20_000,
        )
        const read = (chunk: Buffer) => {
          seen += chunk.toString()
          if (seen.includes('Server listening at')) {
            clearTimeout(timer)
            done()
          }
        }
        child.stdout.on('data', read)
        child.stderr.on('data', read)
        child.once('exit', (code) => {
          clearTimeout(timer)
          fail(new Error(`fastify-cli exited (${code}):\n${seen}`))
        })
      })
      const ask = (method: string, path: string) =>
        new Promise<{ status: number; location?: string; body: string }>((done, fail) => {
          const req = httpRequest({ socketPath, method, path }, (res) => {
            let body = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              body += chunk
            })
            res.on('end', () =>
              done({ status: res.statusCode ?? 0, location: res.headers.location, body }),
            )
          })
          req.on('error', fail)
          req.end()
        })
      const home = await ask('GET', '/')
      assert.equal(home.status, 200)
      assert.match(home.body, /<h1>Home!<\/h1>/)
      assert.deepEqual(JSON.parse((await ask('GET', '/own')).body), { admin: '/admin/' })
      const slash = await ask('GET', '/admin')
      assert.equal(slash.status, 308)
      assert.equal(slash.location, '/admin/')
      assert.equal((await ask('POST', '/admin/')).status, 405)
    } finally {
      child.kill('SIGTERM')
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('modules known but not mounted (knownModules)', () => {
  it('urlFor builds links to a module this process does not serve', async () => {
    const app = Fastify()
    await app.register(microservices, {
      root: fixture('plugins'),
      modules: ['pages'],
      knownModules: ['api'],
      modulesEnv: false,
      routeTypes: false,
    })
    assert.equal(app.urlFor('api.item', { id: 2 }), '/api/items/2')
    assert.equal(app.urlFor('api.static', { filename: 'a b.css' }), '/static_api/a%20b.css')
    assert.equal(app.urlFor('pages.home'), '/pages/')
    assert.equal((await app.inject('/api/items/2')).statusCode, 404)
    assert.equal((await app.inject('/pages/')).statusCode, 200)
    assert.deepEqual(
      app.microservices.map((m) => m.blueprint.name),
      ['pages'],
    )
    await app.close()
  })

  it("'all' knows every module folder", async () => {
    const app = Fastify()
    await app.register(microservices, {
      root: fixture('plugins'),
      modules: ['pages'],
      knownModules: 'all',
      modulesEnv: false,
      routeTypes: false,
    })
    assert.equal(app.urlFor('chat.room'), '/chat/')
    assert.equal(app.urlFor('upload.receive'), '/upload/')
    assert.equal((await app.inject('/chat/')).statusCode, 404)
    await app.close()
  })
})
