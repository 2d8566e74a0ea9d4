// The original Flask-MicroServices' tests (test_loader.py, test_main.py, test_urls.py,
// test_router.py), translated case by case over the app of its tests/conftest.py
// (test/fixtures/original-suite); test/core/url.test.ts tests url() further.
import assert from 'node:assert/strict'
import { dirname } from 'node:path'
import { describe, it } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  Blueprint,
  InvalidModulePath,
  InvalidURLFunction,
  InvalidURLName,
  InvalidURLPattern,
  InvalidURLRule,
  MicroServicesApp,
  ModuleNotFound,
  Router,
  UnspecifiedURLMethods,
  UrlPattern,
  url,
} from '../../src/index.ts'
import { routingApp } from '../fixtures/routing/app.ts'
import { fixture } from '../helpers.ts'

const app = () =>
  MicroServicesApp({ root: fixture('original-suite'), modulesEnv: false, routeTypes: false })

async function registered(before?: (a: ReturnType<typeof app>) => void) {
  const a = app()
  await a.registerUrls(['home'])
  before?.(a)
  await a.ready()
  return a
}

describe('Flask-MicroServices tests/test_loader.py', () => {
  const ORIGIN = 'Flask-MicroServices tests/test_loader.py'
  it(`${ORIGIN}::test_loader_returns_valid_module_template`, async () => {
    const a = await registered()
    try {
      assert.match((await a.inject('/help')).body, /Help!/)
    } finally {
      await a.close()
    }
  })

  it(`${ORIGIN}::test_loader_returns_valid_root_template`, async () => {
    const a = await registered((a) =>
      a.get('/about', (_request: FastifyRequest, reply: FastifyReply) =>
        reply.render('about.html'),
      ),
    )
    try {
      assert.match((await a.inject('/about')).body, /About!/)
    } finally {
      await a.close()
    }
  })

  it(`${ORIGIN}::test_loader_fails_correctly`, async () => {
    const a = await registered()
    try {
      assert.equal((await a.inject('/notexists')).statusCode, 404)
    } finally {
      await a.close()
    }
  })

  it(`${ORIGIN}::test_loader_overrides_correctly`, async () => {
    const a = await registered()
    try {
      const body = (await a.inject('/')).body
      assert.match(body, /Home!/)
      assert.doesNotMatch(body, /Root!/)
    } finally {
      await a.close()
    }
  })
})

describe('Flask-MicroServices tests/test_main.py', () => {
  const ORIGIN = 'Flask-MicroServices tests/test_main.py'
  it(`${ORIGIN}::test_app_initializes_successfully`, () => {
    assert.equal(typeof app().registerUrls, 'function')
  })

  it(`${ORIGIN}::test_app_registers_modules_correctly`, async () => {
    const a = await registered()
    try {
      const home = a.microservices.find((m) => m.blueprint.name === 'home')
      assert.equal(home?.blueprint.name, 'home')
    } finally {
      await a.close()
    }
  })

  it(`${ORIGIN}::test_app_fails_on_invalid_modules`, async () => {
    const a = app()
    await assert.rejects(a.registerUrls(['doesntexist']), ModuleNotFound)
    assert.equal(a.microservices.length, 0)
  })

  it(`${ORIGIN}::test_app_fails_on_invalid_module_path`, async () => {
    const a = app()
    await assert.rejects(a.registerUrls(['home'], 'fakepath'), InvalidModulePath)
    assert.equal(a.microservices.length, 0)
  })

  const statics: [string, string, string][] = [
    ['test_app_static_returns_root', '/static/a.txt', 'root_a'],
    ['test_app_static_returns_module', '/static/b.txt', 'module_b'],
    ['test_app_static_overrides_root', '/static/c.txt', 'module_c'],
  ]
  for (const [name, path, body] of statics) {
    it(`${ORIGIN}::${name}`, async () => {
      const a = await registered()
      try {
        const res = await a.inject(path)
        assert.equal(res.statusCode, 200)
        assert.equal(res.body, body)
      } finally {
        await a.close()
      }
    })
  }

  it(`${ORIGIN}::test_app_static_fails_correctly`, async () => {
    const a = await registered()
    try {
      assert.equal((await a.inject('/static/notexists.txt')).statusCode, 404)
    } finally {
      await a.close()
    }
  })
})

// Python's lambda x: x, and url() as a caller without types could call it.
const lambda = (x: unknown) => x
const loose = url as unknown as (...args: unknown[]) => UrlPattern
const call = (pattern: UrlPattern, x: number) => (pattern.view as unknown as typeof lambda)(x)
const refuses = (args: unknown[], ErrorClass: { code: string }) =>
  assert.throws(
    () => loose(...args),
    (error: { code: string }) => error.code === ErrorClass.code,
  )

describe('Flask-MicroServices tests/test_urls.py', () => {
  const ORIGIN = 'Flask-MicroServices tests/test_urls.py'
  it(`${ORIGIN}::test_url_returns_valid_simple`, () => {
    const pattern = url('/', (x: unknown) => x)
    // A namedtuple there, a UrlPattern value here.
    assert.ok(pattern instanceof UrlPattern)
    assert.deepEqual(pattern.methods, ['GET'])
    // No name given and none to take from an anonymous function: None there, undefined here.
    assert.equal(pattern.name, undefined)
  })

  it(`${ORIGIN}::test_url_returns_valid_complex`, () => {
    let pattern = loose('/', (x: number) => x)
    assert.equal(call(pattern, 1), 1)
    assert.deepEqual(pattern.methods, ['GET'])
    assert.equal(pattern.name, undefined)

    pattern = loose('/', (x: number) => x, 'home', ['GET', 'POST'])
    assert.equal(call(pattern, 3), 3)
    assert.deepEqual(pattern.methods, ['GET', 'POST'])
    assert.equal(pattern.name, 'home')

    // Named arguments: the options form.
    pattern = loose('/', (x: number) => x, { name: '_home', methods: ['GET', 'POST', 'PUT'] })
    assert.equal(call(pattern, 5), 5)
    assert.deepEqual(pattern.methods, ['GET', 'POST', 'PUT'])
    assert.equal(pattern.name, '_home')

    pattern = loose('/', (x: number) => x, undefined, ['GET', 'PUT'])
    assert.equal(call(pattern, 7), 7)
    assert.deepEqual(pattern.methods, ['GET', 'PUT'])
    assert.equal(pattern.name, undefined)
  })

  it(`${ORIGIN}::test_url_returns_invalid_simple`, () => {
    refuses(['', lambda], InvalidURLRule)
    refuses([10, lambda], InvalidURLRule)
    refuses(['/', 'hypothetical_function_name'], InvalidURLFunction)
    refuses(['/', lambda(10)], InvalidURLFunction)
  })

  it(`${ORIGIN}::test_url_returns_invalid_complex`, () => {
    refuses(['/', lambda, 1], InvalidURLName)
    refuses(['/', lambda, ''], InvalidURLName)
    refuses(['/', lambda, undefined, []], UnspecifiedURLMethods)
    refuses(['/', lambda, undefined, ['']], UnspecifiedURLMethods)
    refuses(['/', lambda, undefined, 'GET'], UnspecifiedURLMethods)
    refuses(['/', lambda, undefined, 1], UnspecifiedURLMethods)
  })
})

describe('Flask-MicroServices tests/test_router.py', () => {
  const ORIGIN = 'Flask-MicroServices tests/test_router.py'
  // conftest.py's blueprint: Router.create_blueprint('home', 'module_home').
  const blueprint = () =>
    Router.createBlueprint('home', fixture('original-suite/modules/home/index.ts'))

  it(`${ORIGIN}::test_router_returns_expected`, async () => {
    const home = blueprint()
    assert.ok(home instanceof Blueprint)
    assert.equal(home.name, 'home')
    // static_url_path '/static_home': asserted on the module's own files, served there.
    const a = await registered()
    try {
      const res = await a.inject('/static_home/b.txt')
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, 'module_b')
    } finally {
      await a.close()
    }
    // import_name 'module_home': a Python module path; here the module's folder.
    assert.equal(home.root, dirname(fixture('original-suite/modules/home/index.ts')))
  })

  it(`${ORIGIN}::test_router_registers_correctly`, async () => {
    const urlpatterns = [
      url('/', (x: unknown) => x, { name: 'home' }),
      url('/test', (x: unknown) => x, { name: 'test' }),
    ]
    const home = blueprint()
    home.registerUrls(urlpatterns)
    // Two routes queued (deferred_functions there, urlpatterns here).
    assert.equal(home.urlpatterns.length, 2)
    // Registered in an app (module 'a' of the routing fixture holds them): both views answer
    // by their endpoint, and both rules are in the app's url map, in registration order.
    const a = await routingApp({ a: urlpatterns })
    try {
      assert.ok(a.urlMap.endpoints.includes('a.home'))
      assert.ok(a.urlMap.endpoints.includes('a.test'))
      // (The map also holds the static rules, as Flask's does.)
      assert.deepEqual(
        a.urlMap.rules.filter((r) => !r.endpoint.endsWith('static')).map((r) => r.rule),
        ['/', '/test'],
      )
      assert.equal((await a.inject('/test')).statusCode, 200)
    } finally {
      await a.close()
    }
  })

  it(`${ORIGIN}::test_router_fails_correctly`, () => {
    const urlpatterns = [
      url('/', (x: unknown) => x, { name: 'home' }),
      'not a pattern',
      url('/test', (x: unknown) => x, { name: 'test' }),
    ] as unknown as UrlPattern[]
    assert.throws(
      () => blueprint().registerUrls(urlpatterns),
      (error: { code: string }) => error.code === InvalidURLPattern.code,
    )
  })
})
