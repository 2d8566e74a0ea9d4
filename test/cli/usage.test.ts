import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { before, describe, it } from 'node:test'
import { REQUIRED_NODE, stripsTypes } from '../../src/cli/node-version.ts'
import { BIN, buildOnce, cli, fixture, REPO } from './helpers.ts'

/** A Node on this machine too old to strip types (Debian's /usr/bin/node is 20), if any. */
function oldNode(): { path: string; version: string } | undefined {
  const dirs = (process.env.PATH ?? '')
    .split(delimiter)
    .concat(['/usr/bin', '/usr/local/bin', '/bin'])
  for (const dir of new Set(dirs)) {
    const path = join(dir, 'node')
    if (!existsSync(path)) continue
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? ''
    if (/^v\d/.test(version) && !stripsTypes(version)) return { path, version: version.slice(1) }
  }
  return undefined
}

const COMMANDS = [
  ['new-module', /Usage: fastify-microservices new-module \[options\] <name>/],
  ['routes', /--sort <key>.*\(choices: "rule", "endpoint"\)/s],
  ['types', /Write routes\.d\.ts/],
  ['collectstatic', /--clear.*--dry-run.*--hash/s],
  ['findstatic', /Usage: fastify-microservices findstatic \[options\] <paths\.\.\.>/],
  ['check', /--converters <file>/],
  ['dev', /--entry <file>.*--port <port>/s],
  ['start', /NODE_ENV=production/],
] as const

describe('usage', () => {
  before(buildOnce)

  for (const [version, strips] of [
    ['20.20.2', false],
    ['22.17.1', false],
    ['v22.18.0', true],
    ['23.5.0', false],
    ['23.6.0', true],
    ['24.0.0', true],
    ['26.1.0', true],
  ] as const) {
    it(`${strips ? 'runs' : 'refuses to run'} on Node ${version}`, () => {
      assert.equal(stripsTypes(version), strips)
    })
  }

  it("requires the Node of package.json's engines", () => {
    const { engines } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'))
    assert.equal(engines.node, `>=${REQUIRED_NODE}`)
  })

  const old = oldNode()
  it('says which Node it needs when run on an older one (exit 2)', {
    skip: old === undefined ? 'no Node older than 22.18 on this machine' : false,
  }, () => {
    const { path, version } = old as { path: string; version: string }
    const run = spawnSync(path, [BIN, 'routes'], { cwd: fixture('cli-app'), encoding: 'utf8' })
    assert.equal(run.status, 2, run.stderr)
    assert.equal(run.stdout, '')
    assert.equal(
      run.stderr,
      `error [FMS_ERR_CLI_NODE_VERSION] fastify-microservices needs Node 22.18 or later: it imports your app's .ts files with Node's own type stripping. This is Node ${version} (${path}). Install a newer Node (such as 24), or run the command through an npm script of a project that depends on the 'node' package.\n`,
    )
  })

  for (const [command, text] of COMMANDS) {
    it(`${command} --help prints its usage and exits 0`, async () => {
      const run = await cli([command, '--help'], REPO)
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, text)
      if (command !== 'dev' && command !== 'start') {
        assert.match(run.stdout, /--root <dir>.*--modules-dir <dir>.*--modules <names>/s)
      }
    })
  }

  it('--help lists every command', async () => {
    const run = await cli(['--help'], REPO)
    assert.equal(run.code, 0)
    for (const [command] of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${command} `, 'm'))
  })

  it('--version prints the package version', async () => {
    const run = await cli(['--version'], REPO)
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'))
    assert.equal(run.code, 0)
    assert.equal(run.stdout, `${version}\n`)
  })

  for (const [label, args, message] of [
    ['no command', [], /Usage: fastify-microservices/],
    ['an unknown command', ['serve'], /unknown command 'serve'/],
    ['an unknown option', ['routes', '--colour'], /unknown option '--colour'/],
    ['a bad --sort', ['routes', '--sort', 'module'], /Allowed choices are rule, endpoint/],
    ['a bad --port', ['start', '--port', 'http'], /a port is a number from 0 to 65535/],
    [
      'a missing entry file',
      ['start', '--root', fixture('original')],
      /FMS_ERR_CLI_ENTRY_NOT_FOUND.*'server\.ts', 'app\.ts'/,
    ],
    [
      'a missing --entry',
      ['dev', '--root', fixture('cli-app'), '--entry', 'main.ts'],
      /FMS_ERR_CLI_ENTRY_NOT_FOUND.*'main\.ts'/,
    ],
  ] as const) {
    it(`exits 2 on ${label}`, async () => {
      const run = await cli(args, REPO)
      assert.equal(run.code, 2)
      assert.equal(run.stdout, '')
      assert.match(run.stderr, message)
    })
  }
})
