import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp, ModuleExportsInvalid, Router } from '../../src/index.ts'
import { buildOnce, cli, fixture, REPO, removeTemp, tempApp } from './helpers.ts'

const EXAMPLE = join(REPO, 'examples', 'site')

/** The problems of a `check` report, as [code, first line]. */
const problems = (stdout: string): [string, string][] =>
  stdout.split('\n').flatMap((line) => {
    const found = /^(?:error|warning) \[(\w+)\] (.*)$/.exec(line)
    return found === null ? [] : [[found[1], found[2]] as [string, string]]
  })

describe('module boundaries', () => {
  const temps: string[] = []
  before(buildOnce)
  after(() => temps.forEach(removeTemp))

  it('check reports each kind of violation with file, line, both modules and a fix', async () => {
    const run = await cli(['check'], fixture('boundaries'))
    assert.equal(run.code, 1, run.stdout)
    const found = problems(run.stdout)
    assert.deepEqual(
      found.map(([code]) => code),
      [
        'FMS_ERR_BOUNDARY_UNDECLARED_IMPORT',
        'FMS_ERR_BOUNDARY_APP_IMPORT',
        'FMS_ERR_BOUNDARY_INTERNAL_IMPORT',
        'FMS_ERR_BOUNDARY_UNDECLARED_IMPORT',
        'FMS_ERR_BOUNDARY_IMPORT_CYCLE',
      ],
      run.stdout,
    )
    const [typeOnly, app, internal, undeclared, cycle] = found.map(([, message]) => message) as [
      string,
      string,
      string,
      string,
      string,
    ]
    // A type-only import still couples blog to shop: it must be declared, but makes no cycle.
    assert.match(typeOnly, /Module 'blog' imports module 'shop' \(modules\/blog\/api\.ts:2 /)
    assert.match(typeOnly, /\{ requires: \['shop'\] \}/)
    // An exported file (api.ts) is open; internal.ts is not, and the fix names both ways out.
    assert.match(
      internal,
      /Module 'shop' reaches into module 'blog': modules\/shop\/index\.ts:4 \('\.\.\/blog\/internal\.ts'\)/,
    )
    assert.match(internal, /'modules\/blog\/index\.ts', 'modules\/blog\/api\.ts'/)
    assert.match(internal, /\{ exports: \['internal\.ts'\] \}/)
    assert.match(
      app,
      /Module 'shop' imports the app's own file helpers\.ts \(modules\/shop\/index\.ts:2 /,
    )
    assert.match(app, /app\.decorate/)
    // A dynamic import through the entry is seen too.
    assert.match(undeclared, /Module 'news' imports module 'blog' \(modules\/news\/index\.ts:6 /)
    // '.js' specifiers of '.ts' files resolve as TypeScript resolves them.
    assert.match(
      cycle,
      /'ping' -> 'pong' -> 'ping' .*modules\/ping\/calls\.ts:1 \('\.\.\/pong\/calls\.js'\), modules\/pong\/calls\.ts:1 /,
    )
    assert.doesNotMatch(run.stdout, /'blog' -> 'shop'|'shop' -> 'blog'/)
  })

  it('the example site keeps its boundaries: check finds nothing', async () => {
    const run = await cli(['check'], EXAMPLE)
    assert.equal(run.code, 0, run.stdout)
    assert.match(run.stdout, /^No problems: 4 modules, \d+ routes\.\n$/)
  })

  it('deploy plan refuses a module importing code of a module in another service', async () => {
    const run = await cli(['deploy', 'plan'], fixture('boundaries'))
    assert.equal(run.code, 1)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /^error \[FMS_ERR_SERVICES_CROSS_SERVICE_IMPORT\] /)
    for (const site of [
      "'shop' (service 'web') imports 'blog' (service 'blog') at modules/shop/index.ts:3",
      "'shop' (service 'web') imports 'blog' (service 'blog') at modules/shop/index.ts:4",
      "'news' (service 'web') imports 'blog' (service 'blog') at modules/news/index.ts:6",
    ]) {
      assert.ok(run.stderr.includes(site), run.stderr)
    }
    // blog's import of shop is type-only: no code of shop runs in service blog.
    assert.doesNotMatch(run.stderr, /'blog' \(service 'blog'\) imports/)
  })

  it('deploy plan only warns with "crossServiceImports": "warn", and says nothing of "stateless" modules', async () => {
    const app = tempApp('boundaries')
    temps.push(app)
    const file = join(app, 'services.json')
    const services = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...services, crossServiceImports: 'warn' }))
    const warned = await cli(['deploy', 'plan'], app)
    assert.equal(warned.code, 0, warned.stderr)
    assert.match(warned.stderr, /^warning \[FMS_ERR_SERVICES_CROSS_SERVICE_IMPORT\] .*'shop'/)
    assert.match(warned.stdout, /^edge /)
    writeFileSync(file, JSON.stringify({ ...services, stateless: ['blog'] }))
    const allowed = await cli(['deploy', 'plan'], app)
    assert.equal(allowed.code, 0, allowed.stderr)
    assert.equal(allowed.stderr, '')
    writeFileSync(file, JSON.stringify({ ...services, crossServiceImports: 'never' }))
    const wrong = await cli(['deploy', 'plan'], app)
    assert.equal(wrong.code, 1)
    assert.match(
      wrong.stderr,
      /FMS_ERR_SERVICES_INVALID.*"crossServiceImports" is not "error" or "warn"/,
    )
  })

  it("the example's split passes: forum keeps its state in the database and says so", async () => {
    const run = await cli(['deploy', 'plan'], EXAMPLE)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '')
  })

  it('start-up in development warns of each violation and still starts; production reads nothing', async () => {
    for (const dev of [true, false]) {
      const lines: string[] = []
      const app = MicroServicesApp({
        root: fixture('boundaries'),
        dev,
        routeTypes: false,
        logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } },
      })
      await app.registerUrls()
      await app.ready()
      await app.close()
      const codes = lines.map((line) => JSON.parse(line).code as string)
      assert.deepEqual(
        codes,
        dev
          ? [
              'FMS_ERR_BOUNDARY_UNDECLARED_IMPORT',
              'FMS_ERR_BOUNDARY_APP_IMPORT',
              'FMS_ERR_BOUNDARY_INTERNAL_IMPORT',
              'FMS_ERR_BOUNDARY_UNDECLARED_IMPORT',
              'FMS_ERR_BOUNDARY_IMPORT_CYCLE',
            ]
          : [],
      )
    }
  })

  it('refuses exports that are not files inside the module', () => {
    for (const exports of [['../forum/store.ts'], ['/etc/passwd'], [''], 'store.ts']) {
      assert.throws(
        () =>
          Router.createBlueprint('forum', import.meta.url, {
            exports: exports as readonly string[],
          }),
        (error: Error & { code: string }) => {
          assert.equal(error.code, ModuleExportsInvalid.code)
          assert.match(error.message, /Module 'forum' declares exports/)
          return true
        },
      )
    }
  })
})
