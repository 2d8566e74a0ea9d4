import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { buildOnce, cli, fixture, REPO } from './helpers.ts'

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
