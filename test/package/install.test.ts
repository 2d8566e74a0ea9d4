// The package as a user gets it: `npm pack`, installed from the tarball (not a link) into
// a fresh app with fastify from the registry, the app written as the README's "Use it in
// your own project" tells, type-checked with skipLibCheck off, started, and the binary run.
import assert from 'node:assert/strict'
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { buildOnce, removeTemp } from '../cli/helpers.ts'
import { pack, run, startServer } from './helpers.ts'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc')

/** The files the README's section shows, by the path its first line names (`// app.ts`). */
function readmeFiles(): Map<string, string> {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
  const start = readme.indexOf('\n## Use it in your own project\n')
  assert.ok(start >= 0, 'the README has a section "Use it in your own project"')
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end < 0 ? undefined : end)
  const files = new Map<string, string>()
  for (const [, body] of section.matchAll(/```\w*\n([\s\S]*?)```/g)) {
    const named = /^\/\/ ([\w./-]+)\n/.exec(body ?? '')
    if (named) files.set(named[1] as string, body as string)
  }
  return files
}

describe('the package installed from npm pack into a new app', { timeout: 180_000 }, () => {
  let work: string
  let app: string
  let tarball: string
  let packed: string[]

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'fms-package-'))
    app = join(work, 'my-app')
    mkdirSync(app)
    // Built here, packed without prepack: its `npm run build` empties dist/ first, under
    // every other test file that runs the example site or a fixture from dist/ meanwhile.
    await buildOnce()
    ;({ tarball, files: packed } = await pack(REPO, work))
    // `npm init -y && npm pkg set type=module`, as the README says.
    writeFileSync(
      join(app, 'package.json'),
      '{ "name": "my-app", "private": true, "type": "module" }\n',
    )
    const install = await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
        'fastify',
        '@types/node@24',
      ],
      app,
      120_000,
    )
    assert.equal(install.code, 0, install.stderr)
    for (const [file, text] of readmeFiles()) {
      mkdirSync(dirname(join(app, file)), { recursive: true })
      writeFileSync(join(app, file), text)
    }
  })
  after(() => removeTemp(work))

  it('packs the built library, its types, README and LICENSE, and no sources or tests', () => {
    for (const file of [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/index.js',
      'dist/index.d.ts',
    ]) {
      assert.ok(packed.includes(file), `${file} is in the tarball`)
    }
    assert.ok(packed.includes('dist/cli/main.js'))
    assert.deepEqual(
      packed.filter(
        (path) => !path.startsWith('dist/') && !/^(LICENSE|README\.md|package\.json)$/.test(path),
      ),
      [],
    )
    assert.ok(packed.every((path) => !path.endsWith('.test.ts') && !path.endsWith('.tsbuildinfo')))
  })

  it('builds when packed (prepack), never when installed', () => {
    const scripts = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts
    assert.equal(scripts.prepack, 'npm run build')
    assert.equal(scripts.prepare, undefined)
  })

  it('is installed as a copy, with fastify as a peer and no install-time scripts', () => {
    const installed = join(app, 'node_modules', 'fastify-microservices')
    assert.equal(lstatSync(installed).isSymbolicLink(), false)
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
    assert.equal(manifest.peerDependencies.fastify.startsWith('^5'), true)
    assert.equal(manifest.dependencies.fastify, undefined)
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      assert.equal(manifest.scripts?.[script], undefined, `no "${script}" script`)
    }
    for (const key of ['repository', 'homepage', 'bugs']) assert.ok(manifest[key], key)
    // Each source map carries its sources, since src/ is not shipped.
    const maps = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.map'),
    )
    assert.ok(maps.length > 0)
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(installed, 'dist', file), 'utf8'))
      assert.equal(map.sourcesContent?.length, map.sources.length, `${file} carries its sources`)
    }
  })

  it('creates a module with the installed binary, and the app type-checks with skipLibCheck off', async () => {
    const created = await run(
      'npx',
      ['--no-install', 'fastify-microservices', 'new-module', 'hello'],
      app,
    )
    assert.equal(created.code, 0, created.stderr)
    const config = readFileSync(join(app, 'tsconfig.json'), 'utf8')
    assert.doesNotMatch(config, /skipLibCheck/) // off by default: the package's own .d.ts are checked
    const tsc = await run(process.execPath, [TSC, '-p', '.'], app)
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr)
  })

  it('starts with node server.ts and serves the module page over a socket', async (t) => {
    const { child, base } = await startServer(app)
    t.after(() => child.kill())
    const response = await fetch(`${base}/hello/`)
    const body = await response.text()
    assert.equal(response.status, 200, body)
    assert.match(body, /<h1>hello<\/h1>/)
    assert.match(body, /This page is \/hello\/\./)
  })

  it("passes the module's own test and lists its route with npx fastify-microservices routes", async () => {
    const test = await run(process.execPath, ['--test', 'modules/hello/hello.test.ts'], app)
    assert.equal(test.code, 0, test.stdout + test.stderr)
    const routes = await run(
      'npx',
      ['--no-install', 'fastify-microservices', 'routes', '--json'],
      app,
    )
    assert.equal(routes.code, 0, routes.stderr)
    const rows = JSON.parse(routes.stdout) as { endpoint: string; rule: string }[]
    assert.ok(rows.some((row) => row.endpoint === 'hello.index' && row.rule === '/hello/'))
  })
})
