import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildOnce, cleanEnv, cli, NODE, removeTemp, tempApp, tempExample } from './helpers.ts'

/** Runs node --test on one file of an app, as its developer would (`env` added to a clean one). */
const runTest = (
  cwd: string,
  file: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> =>
  new Promise((done) => {
    execFile(
      NODE,
      ['--test', file],
      { cwd, env: { ...cleanEnv(), ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    )
  })

const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .sort()

describe('new-module', () => {
  const temps: string[] = []
  const app = (fixture = 'cli-app') => {
    const dir = tempApp(fixture)
    temps.push(dir)
    return dir
  }
  before(buildOnce)
  after(() => temps.forEach(removeTemp))

  it('writes the module, adds it to microservices.json, and its own test passes', async () => {
    const dir = app()
    const run = await cli(['new-module', 'news'], dir)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '')
    assert.match(run.stdout, /^Created module 'news' in modules\/news:/)
    assert.match(run.stdout, /Enabled 'news': added to the "modules" list of microservices\.json\./)
    assert.match(run.stdout, /Run its test: node --test modules\/news\/news\.test\.ts/)
    assert.deepEqual(filesOf(join(dir, 'modules', 'news')), [
      'index.ts',
      'news.test.ts',
      'static',
      'static/news',
      'static/news/.gitkeep',
      'templates',
      'templates/news',
      'templates/news/index.html',
      'urls.ts',
      'views.ts',
    ])
    const index = readFileSync(join(dir, 'modules', 'news', 'index.ts'), 'utf8')
    assert.match(
      index,
      /export const blueprint = Router\.createBlueprint\(MODULE_NAME, import\.meta\.url\)/,
    )
    const config = JSON.parse(readFileSync(join(dir, 'microservices.json'), 'utf8'))
    assert.deepEqual(config, { modulesDir: 'modules', modules: ['blog', 'shop', 'news'] })

    const test = await runTest(dir, 'modules/news/news.test.ts')
    assert.equal(test.code, 0, test.output)
    assert.match(test.output, /pass 1\b/)

    const routes = await cli(['routes', '--json'], dir)
    assert.equal(routes.code, 0, routes.stderr)
    assert.deepEqual(
      JSON.parse(routes.stdout).find((route: { module: string }) => route.module === 'news'),
      { methods: ['GET'], rule: '/news/', endpoint: 'news.index', module: 'news', path: '/news/' },
    )
    const check = await cli(['check'], dir)
    assert.equal(check.code, 0, check.stdout)
    assert.match(check.stdout, /3 modules, 7 routes/)
  })

  it("builds the example site with its own buildSite() in the new module's test, which passes", async () => {
    const dir = tempExample()
    temps.push(dir)
    const run = await cli(['new-module', 'blog'], dir)
    assert.equal(run.code, 0, run.stderr)
    const file = join(dir, 'modules', 'blog', 'blog.test.ts')
    const source = readFileSync(file, 'utf8')
    assert.match(source, /import \{ buildSite \} from '\.\.\/\.\.\/app\.ts'/)
    assert.match(source, /const app = await buildSite\(\)/)
    assert.doesNotMatch(source, /MicroServicesApp/)
    const test = await runTest(dir, 'modules/blog/blog.test.ts')
    assert.equal(test.code, 0, test.output)
    assert.match(test.output, /pass 1\b/)
  })

  it('shows the response body when the status assertion fails', async () => {
    const dir = app()
    const run = await cli(['new-module', 'news'], dir)
    assert.equal(run.code, 0, run.stderr)
    rmSync(join(dir, 'modules', 'news', 'templates', 'news', 'index.html'))
    // In development, as its developer works: outside it a 500 fails closed and names nothing.
    const test = await runTest(dir, 'modules/news/news.test.ts', { NODE_ENV: 'development' })
    assert.notEqual(test.code, 0, test.output)
    assert.match(test.output, /fail 1\b/)
    // The assertion's message is the 500's body, which in development names the template.
    assert.match(test.output, /news\/index\.html/)
  })

  it('prints the line to add when the app keeps no enabled list', async () => {
    const dir = app()
    rmSync(join(dir, 'microservices.json'))
    const run = await cli(['new-module', 'news'], dir)
    assert.equal(run.code, 0, run.stderr)
    assert.match(
      run.stdout,
      /No enabled list is configured, so the app enables every module folder/,
    )
    assert.match(run.stdout, /await app\.registerUrls\(\[\/\* \.\.\. \*\/ 'news'\]\)/)
    assert.equal(existsSync(join(dir, 'microservices.json')), false)
  })

  it('writes into --modules-dir, creating it, and the test finds the module there', async () => {
    const dir = app()
    rmSync(join(dir, 'microservices.json'))
    const run = await cli(['new-module', 'side_panel', '--modules-dir', 'src/apps'], dir)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /Created module 'side_panel' in src\/apps\/side_panel:/)
    const test = readFileSync(join(dir, 'src', 'apps', 'side_panel', 'side_panel.test.ts'), 'utf8')
    assert.match(test, /join\(import\.meta\.dirname, '\.\.\/\.\.\/\.\.'\)/)
    assert.match(test, /testModule\('side_panel', \{ root, modulesDir: 'src\/apps' \}\)/)
    const result = await runTest(dir, 'src/apps/side_panel/side_panel.test.ts')
    assert.equal(result.code, 0, result.output)
  })

  it('refuses an existing folder, writing nothing (exit 2)', async () => {
    const dir = app()
    const before = readFileSync(join(dir, 'modules', 'blog', 'views.ts'), 'utf8')
    const run = await cli(['new-module', 'blog'], dir)
    assert.equal(run.code, 2)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /^error \[FMS_ERR_CLI_MODULE_EXISTS\] Cannot create module 'blog'/)
    assert.equal(readFileSync(join(dir, 'modules', 'blog', 'views.ts'), 'utf8'), before)
    assert.deepEqual(filesOf(join(dir, 'modules', 'blog')).includes('blog.test.ts'), false)
  })

  for (const name of ['../escape', 'a/b', 'has.dot', '9lives', 'sp ace', '']) {
    it(`refuses the invalid name ${JSON.stringify(name)} (exit 2)`, async () => {
      const dir = app()
      const run = await cli(['new-module', name], dir)
      assert.equal(run.code, 2)
      assert.match(run.stderr, /\[FMS_ERR_MODULE_INVALID_NAME\]/)
      assert.deepEqual(readdirSync(join(dir, 'modules')).sort(), ['blog', 'shop'])
    })
  }
})
