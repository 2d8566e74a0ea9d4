import assert from 'node:assert/strict'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify from 'fastify'
import { MicroServicesApp, microservices } from '../../src/index.ts'
import { ROUTES_FILE } from '../../src/urls/routes-file.ts'
import { buildOnce, cli } from '../cli/helpers.ts'
import { fixture } from '../helpers.ts'

/** A copy of test/fixtures/plugins in a temp folder, so that start-up may write in it. */
function copyApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fms-types-'))
  cpSync(fixture('plugins'), dir, { recursive: true })
  // The copy's modules import the library through the repository's src/.
  for (const module of ['api', 'pages', 'chat', 'upload', 'corsmod', 'forms']) {
    const file = join(dir, 'modules', module, 'index.ts')
    const text = readFileSync(file, 'utf8').replaceAll(
      '../../../../../src/index.ts',
      join(import.meta.dirname, '..', '..', 'src', 'index.ts'),
    )
    writeFileSync(file, text)
  }
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
  symlinkSync(
    join(import.meta.dirname, '..', '..', 'node_modules'),
    join(dir, 'node_modules'),
    'dir',
  )
  return dir
}

describe('start-up writes nothing unasked', () => {
  let dir: string
  before(() => {
    dir = copyApp()
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('a plain start (NODE_ENV unset, or production) writes no routes.d.ts', async () => {
    for (const options of [{}, { dev: false }]) {
      const app = MicroServicesApp({ root: dir, modulesEnv: false, ...options })
      await app.registerUrls(['pages'])
      await app.ready()
      await app.close()
      assert.equal(existsSync(join(dir, ROUTES_FILE)), false)
    }
  })

  it('development writes the types of every module, whatever subset runs', async () => {
    const app = Fastify()
    await app.register(microservices, {
      root: dir,
      modules: ['pages'],
      modulesEnv: false,
      dev: true,
    })
    await app.close()
    const text = readFileSync(join(dir, ROUTES_FILE), 'utf8')
    for (const endpoint of [
      'pages.home',
      'api.item',
      'chat.room',
      'upload.receive',
      'forms.submit',
      'api.static',
    ]) {
      assert.match(text, new RegExp(`'${endpoint.replace('.', '\\.')}':`), endpoint)
    }
    rmSync(join(dir, ROUTES_FILE))
  })

  it('a root where the file cannot be written costs the file, not the start', async () => {
    mkdirSync(join(dir, ROUTES_FILE)) // writing it fails (EISDIR), as on a read-only file system
    const lines: string[] = []
    const app = Fastify({
      logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } },
    })
    await app.register(microservices, {
      root: dir,
      modules: ['pages'],
      modulesEnv: false,
      routeTypes: true,
    })
    assert.equal((await app.inject('/pages/')).statusCode, 200)
    await app.close()
    const warning = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 40)
    assert.equal(warning?.msg, `${ROUTES_FILE} was not written`)
    assert.equal(warning?.err.code, 'EISDIR')
    rmSync(join(dir, ROUTES_FILE), { recursive: true })
  })

  it('`fastify-microservices types` covers every module, whatever MODULES says', async () => {
    await buildOnce()
    const run = await cli(['types'], dir, { MODULES: 'pages' })
    assert.equal(run.code, 0, run.stderr)
    const text = readFileSync(join(dir, ROUTES_FILE), 'utf8')
    assert.match(text, /'api\.item': '\/api\/items\/<int:id>'/)
    assert.match(text, /'pages\.home': '\/pages\/'/)
  })
})
