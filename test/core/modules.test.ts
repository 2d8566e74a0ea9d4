import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  ConfigUnreadable,
  DuplicateModule,
  EndpointConflict,
  InvalidModuleName,
  InvalidModulePath,
  MicroServicesApp,
  ModuleLoadError,
  ModuleNameMismatch,
  ModuleNotFound,
  ModulesAlreadyRegistered,
  ModuleWithoutBlueprint,
  RouteConflict,
  UnknownConverter,
} from '../../src/index.ts'
import { appFor, fixture } from '../helpers.ts'

const broken = (options = {}) =>
  MicroServicesApp({ root: fixture('broken'), modulesEnv: false, routeTypes: false, ...options })

describe('enabling modules', () => {
  const refused: [string, readonly string[], { code: string }, RegExp][] = [
    [
      'a module that throws while loading',
      ['good', 'throws'],
      ModuleLoadError,
      /Module 'throws' failed while loading '.*throws\/index.ts': boom while loading/,
    ],
    [
      'a module without a blueprint',
      ['noblueprint'],
      ModuleWithoutBlueprint,
      /no 'blueprint' export; it exports 'MODULE_NAME', 'urls'/,
    ],
    [
      'a missing module',
      ['good', 'missing'],
      ModuleNotFound,
      /Module 'missing' was not found: looked for 'missing\/index.ts', 'missing\/index.mts', 'missing\/index.js', 'missing\/index.mjs' in '.*broken\/modules'/,
    ],
    ['a folder without an index', ['empty'], ModuleNotFound, /'empty\/index.ts'/],
    ['a path as module name', ['../x'], InvalidModuleName, /Invalid module name "..\/x"/],
    ['a nested module name', ['a/b'], InvalidModuleName, /"a\/b"/],
    ['an empty module name', [''], InvalidModuleName, /""/],
    [
      'a blueprint named after another folder',
      ['good', 'twin'],
      ModuleNameMismatch,
      /Module folder 'twin' \(.*twin\/index.ts\) makes a blueprint named 'good'.*Write Router.createBlueprint\('twin', import.meta.url\).*or rename the folder to 'good'/,
    ],
    ['the same module twice', ['good', 'good'], DuplicateModule, /named 'good'/],
    [
      'two modules claiming one rule and method',
      ['good', 'conflict_a', 'conflict_b'],
      RouteConflict,
      /Route conflict on GET: module 'conflict_a' rule '\/same\/<int:id>' \(endpoint 'conflict_a.a', .*conflict_a\/index.ts\) and module 'conflict_b' rule '\/same\/<int:other>' \(endpoint 'conflict_b.b2', .*conflict_b\/index.ts\)/,
    ],
    [
      'two routes with one name',
      ['dupname'],
      EndpointConflict,
      /Two routes are named 'dupname.x': rule '\/d\/1' and rule '\/d\/2'/,
    ],
    [
      'an unknown converter',
      ['hexconv'],
      UnknownConverter,
      /Rule '\/hex\/<hex:n>' uses the converter 'hex'.*Known converters: 'default', 'string', 'int', 'float', 'path', 'uuid', 'any'/,
    ],
  ]
  for (const [title, enabled, ErrorClass, message] of refused) {
    it(`refuses ${title}, and registers nothing`, async () => {
      const app = broken()
      await assert.rejects(app.registerUrls(enabled), (error: Error & { code: string }) => {
        assert.equal(error.code, ErrorClass.code)
        assert.match(error.message, message)
        return true
      })
      await app.ready()
      assert.equal(app.hasRoute({ method: 'GET', url: '/good/' }), false)
      assert.equal((await app.inject('/good/')).statusCode, 404)
      await app.close()
    })
  }

  it('keeps the cause of a module that threw', async () => {
    const app = broken()
    const error = await app.registerUrls(['throws']).catch((e: unknown) => e)
    assert.ok(error instanceof ModuleLoadError)
    assert.equal((error.cause as Error).message, 'boom while loading')
  })

  it('refuses a missing modules folder, naming the path expected', async () => {
    const app = MicroServicesApp({ root: fixture('no-modules') })
    await assert.rejects(app.registerUrls(['home']), (error: Error) => {
      assert.ok(error instanceof InvalidModulePath)
      assert.match(error.message, /'.*no-modules\/modules' does not exist/)
      return true
    })
    const other = MicroServicesApp({ root: fixture('no-modules') })
    await assert.rejects(other.registerUrls(['home'], 'apps'), /no-modules\/apps' does not exist/)
  })

  it('refuses a second registerUrls call', async () => {
    const app = broken()
    await app.registerUrls(['good'])
    await assert.rejects(app.registerUrls(['twin']), ModulesAlreadyRegistered)
    await app.close()
  })

  it('never imports a module that is not enabled', async () => {
    const app = await appFor('broken', ['good'])
    assert.equal((await app.inject('/good/')).body, 'good')
    assert.deepEqual(
      app.microservices.map((m) => m.name),
      ['good'],
    )
    await app.close()
  })

  it('accepts a custom converter registered on the app', async () => {
    const app = await appFor('broken', ['hexconv'], {
      converters: {
        hex: {
          regex: '[0-9a-f]+',
          toValue: (raw: string) => Number.parseInt(raw, 16),
          toUrl: (value: unknown) => (value as number).toString(16),
        },
      },
    })
    assert.equal(app.urlFor('hexconv.n', { n: 255 }), '/hex/ff')
    assert.equal((await app.inject('/hex/ff')).statusCode, 200)
    assert.equal((await app.inject('/hex/zz')).statusCode, 404)
    await app.close()
  })

  it('tells apart two rules of one path shape by their converters', async () => {
    const app = await appFor('broken', ['shared'])
    assert.deepEqual((await app.inject('/n/42')).json(), { id: 42 })
    assert.deepEqual((await app.inject('/n/hello')).json(), { slug: 'hello' })
    assert.deepEqual((await app.inject('/n/1e3')).json(), { slug: '1e3' })
    await app.close()
  })

  it('takes the enabled list from the config file, with its modules folder', async () => {
    const app = MicroServicesApp({
      root: fixture('configured'),
      modulesEnv: false,
      routeTypes: false,
    })
    await app.registerUrls()
    assert.equal((await app.inject('/one')).body, 'one')
    assert.equal((await app.inject('/two')).statusCode, 404)
    await app.close()
  })

  it('lets the environment decide the enabled list (MODULES=two)', async () => {
    process.env.TEST_MODULES = 'two'
    try {
      const app = MicroServicesApp({
        root: fixture('configured'),
        modulesEnv: 'TEST_MODULES',
        routeTypes: false,
      })
      await app.registerUrls(['one'])
      assert.equal((await app.inject('/two')).body, 'two')
      assert.equal((await app.inject('/one')).statusCode, 404)
      await app.close()
    } finally {
      delete process.env.TEST_MODULES
    }
  })

  it('enables every module folder when no list is given anywhere', async () => {
    const app = MicroServicesApp({
      root: fixture('original'),
      modulesEnv: false,
      routeTypes: false,
    })
    await app.registerUrls()
    assert.deepEqual(
      app.microservices.map((m) => m.name),
      ['admin', 'forum', 'home'],
    )
    await app.close()
  })
})

describe('microservices.json, as the app reads it', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{ "modules": [', /microservices\.json': .*JSON/],
    ['a list instead of an object', '["home"]', /it does not hold a JSON object/],
    [
      'modules that are not names',
      '{ "modules": "home" }',
      /"modules" is "home", not a list of names/,
    ],
    ['a modulesDir that is not a folder', '{ "modulesDir": 3 }', /"modulesDir" is 3, not a folder/],
  ]
  for (const [what, text, message] of cases) {
    it(`refuses ${what} with ConfigUnreadable, before importing any module`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'fms-config-'))
      try {
        writeFileSync(join(root, 'microservices.json'), text)
        const app = MicroServicesApp({ root, modulesEnv: false, routeTypes: false })
        const refusal = await app.registerUrls().then(
          () => undefined,
          (error: unknown) => error,
        )
        assert.ok(refusal instanceof ConfigUnreadable, String(refusal))
        assert.equal(refusal.code, 'FMS_ERR_CLI_CONFIG')
        assert.match(refusal.message, message)
        await app.close()
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    })
  }
})
