// The original Flask-MicroServices' tests/test_loader.py and tests/test_main.py, translated
// case by case over the app of its tests/conftest.py (test/fixtures/original-suite).
// (Its test_urls.py and test_router.py are ported in test/core/url.test.ts.)
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { InvalidModulePath, MicroServicesApp, ModuleNotFound } from '../../src/index.ts'
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
