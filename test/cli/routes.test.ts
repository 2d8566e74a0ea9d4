import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildOnce, cli, fixture, REPO, removeTemp, tempApp } from './helpers.ts'

const APP = fixture('cli-app')

const TABLE = `Methods    Rule                  Endpoint       Module
---------  --------------------  -------------  ------
GET        /blog/                blog.index     blog
GET, POST  /blog/<int:post_id>/  blog.post      blog
GET        /shop/cart            shop.cart      shop
POST       /shop/checkout        shop.checkout  shop
GET        /about/               shop.about     shop
GET        /shop/fail            shop.fail      shop
`

/** The Rule column of a printed table. */
const rules = (table: string): string[] =>
  table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s{2,}/)[1] ?? '')

describe('routes', () => {
  before(buildOnce)

  it('prints every route as an aligned table, in registration order', async () => {
    const run = await cli(['routes'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '')
    assert.equal(run.stdout, TABLE)
  })

  for (const [sort, expected] of [
    [
      'rule',
      ['/about/', '/blog/', '/blog/<int:post_id>/', '/shop/cart', '/shop/checkout', '/shop/fail'],
    ],
    [
      'endpoint',
      ['/blog/', '/blog/<int:post_id>/', '/about/', '/shop/cart', '/shop/checkout', '/shop/fail'],
    ],
  ] as const) {
    it(`sorts by ${sort}`, async () => {
      const run = await cli(['routes', '--sort', sort], APP)
      assert.equal(run.code, 0, run.stderr)
      assert.deepEqual(rules(run.stdout), expected)
    })
  }

  it('prints JSON for scripts with --json', async () => {
    const run = await cli(['routes', '--json'], APP)
    assert.equal(run.code, 0, run.stderr)
    const rows = JSON.parse(run.stdout)
    assert.equal(rows.length, 6)
    assert.deepEqual(rows[1], {
      methods: ['GET', 'POST'],
      rule: '/blog/<int:post_id>/',
      endpoint: 'blog.post',
      module: 'blog',
      path: '/blog/:post_id/', // no other rule shares it: find-my-way gets a plain param
    })
  })

  for (const [label, args, env, modules] of [
    ['--modules beats the config', ['--modules', 'shop'], {}, ['shop']],
    ['MODULES beats the config', [], { MODULES: 'blog' }, ['blog']],
    [
      '--modules beats MODULES',
      ['--modules', ' shop , blog '],
      { MODULES: 'blog' },
      ['shop', 'blog'],
    ],
  ] as const) {
    it(`finds the enabled list as the app does: ${label}`, async () => {
      const run = await cli(['routes', '--json', ...args], APP, env)
      assert.equal(run.code, 0, run.stderr)
      const seen = [...new Set(JSON.parse(run.stdout).map((row: { module: string }) => row.module))]
      assert.deepEqual(seen, modules)
    })
  }

  it('finds the app from --root, and the modules folder from its config file', async () => {
    const run = await cli(['routes', '--root', 'test/fixtures/configured'], REPO)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /GET\s+\/one\s+one\.home\s+one/)
  })

  it("takes MODULES over the config file, in the config file's modules folder", async () => {
    const run = await cli(['routes', '--json'], fixture('configured'), { MODULES: 'two,one' })
    assert.equal(run.code, 0, run.stderr)
    const endpoints = JSON.parse(run.stdout).map((row: { endpoint: string }) => row.endpoint)
    assert.deepEqual(endpoints, ['two.home', 'one.home'])
  })

  it('names the modules folder it expected when --modules-dir is wrong', async () => {
    const run = await cli(['routes', '--modules-dir', 'apps', '--json'], fixture('cli-app'))
    assert.equal(run.code, 1)
    assert.match(run.stderr, /FMS_ERR_MODULE_INVALID_PATH\] The modules folder '.*cli-app\/apps'/)
  })

  it("takes the app's own converters from --converters", async () => {
    const without = await cli(['routes'], fixture('cli-converters'))
    assert.equal(without.code, 1)
    assert.match(
      without.stderr,
      /^error \[FMS_ERR_URL_UNKNOWN_CONVERTER\] Rule '\/color\/<hex:value>'/,
    )
    // It points to what exists: the app's converters option (there is no registerConverter()).
    assert.match(without.stderr, /converters option: MicroServicesApp\(\{ converters: \{ hex: /)
    assert.doesNotMatch(without.stderr, /registerConverter/)
    const run = await cli(['routes', '--converters', 'converters.ts'], fixture('cli-converters'))
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /GET\s+\/color\/<hex:value>\s+color\.show\s+color/)
  })

  for (const [label, args, cwd, code, message] of [
    [
      'a module that fails to load',
      ['routes', '--modules', 'pages,crash'],
      fixture('cli-broken'),
      1,
      /^error \[FMS_ERR_MODULE_LOAD\] Module 'crash' failed/,
    ],
    [
      'a missing modules folder',
      ['routes'],
      fixture('cli-app/static'),
      1,
      /FMS_ERR_MODULE_INVALID_PATH/,
    ],
    [
      'an invalid --modules name',
      ['routes', '--modules', 'a/b'],
      APP,
      2,
      /Invalid module name "a\/b"/,
    ],
    [
      'a missing --converters file',
      ['routes', '--converters', 'nope.ts'],
      APP,
      2,
      /FMS_ERR_CLI_CONVERTERS/,
    ],
  ] as const) {
    it(`exits ${code} on ${label}`, async () => {
      const run = await cli(args, cwd)
      assert.equal(run.code, code)
      assert.equal(run.stdout, '')
      assert.match(run.stderr, message)
    })
  }
})

describe('types', () => {
  let dir: string
  before(async () => {
    await buildOnce()
    dir = tempApp('cli-app')
  })
  after(() => removeTemp(dir))

  it('writes routes.d.ts from the routes and static endpoints, as start-up does, and leaves it alone when nothing changed', async () => {
    assert.equal(existsSync(join(dir, 'routes.d.ts')), false)
    const run = await cli(['types'], dir)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout, 'Wrote routes.d.ts (9 endpoints).\n')
    const text = readFileSync(join(dir, 'routes.d.ts'), 'utf8')
    assert.match(text, /'blog\.post': '\/blog\/<int:post_id>\/'/)
    assert.match(text, /'shop\.fail': '\/shop\/fail'/)
    assert.match(text, /'static': '\/static\/<path:filename>'/)
    assert.match(text, /'blog\.static': '\/static_blog\/<path:filename>'/)
    const again = await cli(['types'], dir)
    assert.equal(again.stdout, 'Unchanged: routes.d.ts (9 endpoints).\n')
  })
})
