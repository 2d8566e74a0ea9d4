import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  ServiceModuleTwice,
  ServiceModuleUnknown,
  ServiceModuleUnplaced,
  ServicesConfigInvalid,
  UnknownService,
} from '../../src/errors.ts'
import { inspectApp } from '../../src/modules/inspect.ts'
import { checkPlacement, expandUpstreams, parseServices } from '../../src/services/config.ts'
import { placeModules } from '../../src/services/placement.ts'
import { appFor, fixture } from '../helpers.ts'

const FILE = '/app/services.json'
const ENABLED = ['home', 'forum', 'admin']
const service = (modules: string[], upstream: unknown = '127.0.0.1:3001') => ({
  modules,
  upstream,
})

describe('services.json is checked', () => {
  const refused: { name: string; json: unknown; error: { code: string }; message: RegExp }[] = [
    { name: 'not an object', json: [], error: ServicesConfigInvalid, message: /not a JSON object/ },
    {
      name: 'no services',
      json: { services: {} },
      error: ServicesConfigInvalid,
      message: /at least one service/,
    },
    {
      name: 'modules not a list',
      json: { services: { web: service('home' as never) } },
      error: ServicesConfigInvalid,
      message: /"modules" of service 'web'/,
    },
    {
      name: 'an upstream without a port',
      json: { services: { web: service(['home'], 'localhost') } },
      error: ServicesConfigInvalid,
      message: /"upstream" of service 'web'/,
    },
    {
      name: 'replicas 0',
      json: { services: { web: { ...service(['home']), replicas: 0 } } },
      error: ServicesConfigInvalid,
      message: /"replicas" of service 'web'/,
    },
    {
      name: 'a fallback that is no service',
      json: { edge: { fallback: 'www' }, services: { web: service(ENABLED) } },
      error: ServicesConfigInvalid,
      message: /"edge.fallback"/,
    },
    {
      name: 'a service name with a slash',
      json: { services: { 'a/b': service(ENABLED) } },
      error: ServicesConfigInvalid,
      message: /'a\/b'/,
    },
  ]
  for (const c of refused) {
    it(`refuses ${c.name}`, () => {
      assert.throws(
        () => parseServices(c.json, FILE),
        (error: Error & { code: string }) => {
          assert.equal(error.code, c.error.code)
          assert.match(error.message, c.message)
          assert.match(error.message, /\/app\/services\.json/)
          return true
        },
      )
    })
  }

  const placements: {
    name: string
    services: Record<string, unknown>
    error: { code: string }
    message: RegExp
  }[] = [
    {
      name: 'a module in two services',
      services: { web: service(['home', 'forum']), admin: service(['admin', 'forum']) },
      error: ServiceModuleTwice,
      message: /Module 'forum' is placed in 2 services \('web', 'admin'\)/,
    },
    {
      name: 'a module in none',
      services: { web: service(['home']) },
      error: ServiceModuleUnplaced,
      message: /modules 'forum', 'admin' are in no service/,
    },
    {
      name: 'an unknown module',
      services: { web: service(['home', 'forum', 'admin', 'blog']) },
      error: ServiceModuleUnknown,
      message: /Service 'web' of services.json lists module 'blog'.*'home', 'forum', 'admin'/,
    },
  ]
  for (const c of placements) {
    it(`refuses ${c.name}, naming it`, () => {
      const config = parseServices({ services: c.services }, FILE)
      assert.throws(
        () => checkPlacement(config, ENABLED),
        (error: Error & { code: string }) => {
          assert.equal(error.code, c.error.code)
          assert.match(error.message, c.message)
          return true
        },
      )
    })
  }

  it('accepts several upstreams, and expands replicas of one address to the next ports', () => {
    const config = parseServices(
      {
        services: {
          web: service(['home', 'forum'], ['10.0.0.1:3000', '10.0.0.2:3000']),
          admin: { ...service(['admin'], '127.0.0.1:3002'), replicas: 3 },
        },
      },
      FILE,
    )
    checkPlacement(config, ENABLED)
    assert.deepEqual(config.services.get('web')?.upstreams, ['10.0.0.1:3000', '10.0.0.2:3000'])
    assert.deepEqual(expandUpstreams(['127.0.0.1:3002'], 3), [
      '127.0.0.1:3002',
      '127.0.0.1:3003',
      '127.0.0.1:3004',
    ])
    assert.equal(config.edge.listen, '127.0.0.1:8080')
  })

  it('refuses a service that services.json does not define', async () => {
    const inspection = await inspectApp({ root: fixture('split'), modulesEnv: false })
    assert.throws(() => placeModules(inspection, 'www'), {
      code: UnknownService.code,
      message: /service 'www'.*'web', 'admin'/,
    })
  })

  it('refuses a service in an app without services.json', async () => {
    const inspection = await inspectApp({ root: fixture('original'), modulesEnv: false })
    assert.throws(() => placeModules(inspection, 'web'), {
      code: ServicesConfigInvalid.code,
      message: /no services\.json/,
    })
  })
})

describe('SERVICE=<name>: one service of the split, by inject', () => {
  type App = Awaited<ReturnType<typeof appFor>>
  let web: App
  let admin: App
  let whole: App
  before(async () => {
    const options = { serviceHeader: 'x-service' }
    web = await appFor('split', undefined, { ...options, service: 'web' })
    admin = await appFor('split', undefined, { ...options, service: 'admin' })
    whole = await appFor('split', undefined, { ...options, service: false })
  })
  after(async () => {
    await Promise.all([web?.close(), admin?.close(), whole?.close()])
  })

  const owned: { url: string; service: 'web' | 'admin'; status: number }[] = [
    { url: '/', service: 'web', status: 200 },
    { url: '/forum/', service: 'web', status: 200 },
    { url: '/forum/thread/7/hello', service: 'web', status: 200 },
    { url: '/admin/forum/', service: 'web', status: 200 },
    { url: '/admin/', service: 'admin', status: 200 },
    { url: '/admin/roles/3/', service: 'admin', status: 200 },
    { url: '/admin', service: 'admin', status: 308 },
  ]
  for (const c of owned) {
    it(`${c.url} is answered by ${c.service} (${c.status}) and is a 404 on the other`, async () => {
      const [mine, other] = c.service === 'web' ? [web, admin] : [admin, web]
      const res = await mine.inject(c.url)
      assert.equal(res.statusCode, c.status)
      assert.equal(res.headers['x-service'], c.service)
      const there = await other.inject(c.url)
      assert.equal(there.statusCode, 404, `${c.url} on the other service`)
      const one = await whole.inject(c.url)
      assert.equal(one.statusCode, c.status)
      assert.equal(one.body, res.body)
    })
  }

  it('urlFor builds links to endpoints another service serves; _external uses the Host asked', async () => {
    const res = await web.inject({ url: '/forum/links', headers: { host: 'example.org' } })
    assert.deepEqual(res.json(), {
      self: '/forum/links',
      board: '/forum/board/a%20b?page=2',
      thread: '/forum/thread/7/hello',
      external: 'http://example.org/admin/',
      blueprint: 'forum',
    })
    assert.equal(admin.urlFor('forum.thread', { id: 1, slug: 'x' }), '/forum/thread/1/x')
  })

  it('mounts only its own modules', () => {
    assert.deepEqual(
      web.microservices.map((m) => m.blueprint.name),
      ['home', 'forum'],
    )
    assert.deepEqual(
      admin.microservices.map((m) => m.blueprint.name),
      ['admin'],
    )
  })

  it('each process has a health endpoint naming its service and modules', async () => {
    assert.deepEqual((await web.inject('/_health')).json(), {
      status: 'ok',
      service: 'web',
      modules: ['home', 'forum'],
    })
    assert.deepEqual((await admin.inject('/_health')).json(), {
      status: 'ok',
      service: 'admin',
      modules: ['admin'],
    })
    assert.deepEqual((await whole.inject('/_health')).json(), {
      status: 'ok',
      service: null,
      modules: ['home', 'forum', 'admin'],
    })
  })

  it('an app without services.json has no health route', async () => {
    const plain = await appFor('original', ['home'])
    try {
      assert.equal((await plain.inject('/_health')).statusCode, 404)
    } finally {
      await plain.close()
    }
  })
})
