import assert from 'node:assert/strict'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildOnce, cli, fixture, removeTemp, tempApp } from './helpers.ts'

describe('check', () => {
  const temps: string[] = []
  before(buildOnce)
  after(() => temps.forEach(removeTemp))

  // 300 KB of `{{` never closed: the tag regexes backtracked quadratically (8-17 s), then
  // check said "No problems" about a template nunjucks cannot compile.
  it('reads a hostile template in linear time and reports it as broken', async () => {
    const app = tempApp('cli-app')
    temps.push(app)
    writeFileSync(join(app, 'templates', 'hostile.html'), `<p>\n${'{{'.repeat(150_000)}`)
    writeFileSync(join(app, 'templates', 'raw.html'), `{% raw %}${'{%'.repeat(100_000)}`)
    const started = performance.now()
    const run = await cli(['check'], app)
    const seconds = (performance.now() - started) / 1000
    assert.equal(run.code, 1, run.stdout)
    assert.match(
      run.stdout,
      /templates\/hostile\.html:2: \{\{ is never closed \(no '\}\}' after it\)/,
    )
    assert.match(
      run.stdout,
      /templates\/raw\.html:1: \{% raw %\} is never closed \(no '\{% endraw %\}'/,
    )
    assert.doesNotMatch(run.stdout, /No problems/)
    // The binary's own start-up is about a second; the scan itself is milliseconds.
    assert.ok(seconds < 6, `check took ${seconds.toFixed(1)} s`)
  })

  it('reports every problem at once, each with its code, and exits 1', async () => {
    const run = await cli(['check'], fixture('cli-broken'))
    assert.equal(run.code, 1)
    assert.equal(run.stderr, '')
    const problems = run.stdout.split('\n').filter((line) => /^(error|warning) /.test(line))
    const expected = [
      ['FMS_ERR_MODULE_LOAD', "Module 'crash' failed while loading"],
      ['FMS_ERR_MODULE_NOT_FOUND', "Module 'ghost' was not found"],
      ['FMS_ERR_ROUTE_CONFLICT', "module 'pages' rule '/pages/'"],
      ['FMS_ERR_ROUTE_DUPLICATE_NAME', "Two routes are named 'clash.same'"],
      [
        'FMS_ERR_TEMPLATE_NOT_FOUND',
        "Template 'pages/missing.html' was not found for module 'pages'",
      ],
      [
        'FMS_ERR_STATIC_FOLDER_UNREADABLE',
        "assets/static' (module 'assets') exists but cannot be read",
      ],
    ]
    assert.equal(problems.length, expected.length, run.stdout)
    expected.forEach(([code, text], i) => {
      assert.ok(problems[i]?.startsWith(`error [${code}] `), problems[i])
      assert.ok(problems[i]?.includes(text as string), problems[i])
    })
    // The template is named literally in the module's code: the file and line are given.
    assert.match(run.stdout, /It is named in modules\/pages\/views\.ts:7\./)
    // Templates that exist (in the module, or the root by ':name') and computed names are not reported.
    assert.doesNotMatch(run.stdout, /pages\/home\.html|base\.html|\$\{/)
    assert.match(run.stdout, /\n6 errors, 0 warnings \(3 modules, 4 routes checked\)\.\n$/)
  })

  it('passes an app without errors (exit 0), reporting warnings', async () => {
    const run = await cli(['check'], fixture('cli-app'))
    assert.equal(run.code, 0, run.stdout)
    assert.equal(
      run.stdout,
      "warning [FMS_WARN_STATIC_SHADOWED] The static file 'shared.css' of module 'blog' hides the one of module 'shop'. Put each module's files under static/<module>/ so they cannot collide.\n0 errors, 1 warning (2 modules, 6 routes checked).\n",
    )
  })

  for (const [label, args, cwd, stdout] of [
    ['the original app', [], fixture('original'), 'No problems: 3 modules, 18 routes.\n'],
    [
      'only the modules named',
      ['--modules', 'shop'],
      fixture('cli-app'),
      'No problems: 1 module, 4 routes.\n',
    ],
    [
      "the app's own converters",
      ['--converters', 'converters.ts'],
      fixture('cli-converters'),
      'No problems: 1 module, 1 route.\n',
    ],
  ] as const) {
    it(`says "No problems" for ${label}`, async () => {
      const run = await cli(['check', ...args], cwd)
      assert.equal(run.code, 0, run.stdout + run.stderr)
      assert.equal(run.stdout, stdout)
    })
  }

  it('reports a missing modules folder as a problem (exit 1)', async () => {
    const run = await cli(['check', '--modules-dir', 'nowhere'], fixture('cli-app'))
    assert.equal(run.code, 1)
    assert.match(
      run.stdout,
      /^error \[FMS_ERR_MODULE_INVALID_PATH\] The modules folder '.*nowhere'/,
    )
  })

  it('refuses a config file that is not JSON (exit 1)', async () => {
    const dir = tempApp('cli-app')
    temps.push(dir)
    writeFileSync(join(dir, 'microservices.json'), '{ "modules": ["blog", }')
    for (const command of ['check', 'routes']) {
      const run = await cli([command], dir)
      assert.equal(run.code, 1)
      assert.match(
        run.stderr,
        /^error \[FMS_ERR_CLI_CONFIG\] Cannot use the app's configuration '.*microservices\.json'/,
      )
    }
  })

  it('reports a blueprint not named after its folder, and checks the other modules (exit 1)', async () => {
    const dir = tempApp('cli-app')
    temps.push(dir)
    const entry = join(dir, 'modules', 'shop', 'index.ts')
    writeFileSync(
      entry,
      readFileSync(entry, 'utf8').replace(/createBlueprint\([^,]+,/, "createBlueprint('store',"),
    )
    const run = await cli(['check'], dir)
    assert.equal(run.code, 1, run.stdout + run.stderr)
    assert.match(
      run.stdout,
      /^error \[FMS_ERR_MODULE_NAME_MISMATCH\] Module folder 'shop' \(.*shop\/index\.ts\) makes a blueprint named 'store'.*Router\.createBlueprint\('shop', import\.meta\.url\)/m,
    )
    assert.match(run.stdout, /\(1 module, \d+ routes checked\)/)
  })

  // A syntax error anywhere in a module: check names the file and line, with Node's code frame.
  for (const [label, file, text, imported, at] of [
    [
      'TypeScript in the entry',
      'index.ts',
      'export const broken = (\n',
      false,
      'modules/blog/index.ts:',
    ],
    [
      'TypeScript in a view',
      'views.ts',
      '\nexport function f( {\n',
      false,
      'modules/blog/views.ts:',
    ],
    [
      'TypeScript that type stripping refuses',
      'views.ts',
      '\nenum Kind { A }\n',
      false,
      'modules/blog/views.ts:11',
    ],
    [
      'JavaScript imported by a view',
      'helper.js',
      'export const a = 1\nexport const b = ;\n',
      true,
      'modules/blog/helper.js:2',
    ],
  ] as const) {
    it(`names the file and line of a syntax error: ${label} (exit 1)`, async () => {
      const dir = tempApp('cli-app')
      temps.push(dir)
      const folder = join(dir, 'modules', 'blog')
      appendFileSync(join(folder, file), text)
      if (imported) appendFileSync(join(folder, 'views.ts'), `\nimport './${file}'\n`)
      const run = await cli(['check'], dir)
      assert.equal(run.code, 1, run.stdout + run.stderr)
      assert.match(run.stdout, /^error \[FMS_ERR_MODULE_LOAD\] Module 'blog' failed while loading/m)
      const where = new RegExp(`The syntax error is at ${at.replaceAll('.', '\\.')}\\d*:\\n {2}\\S`)
      assert.match(run.stdout, where)
    })
  }
})
