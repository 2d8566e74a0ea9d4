// A module declares the modules it needs (as fastify-plugin's `dependencies`); start-up
// and `check` refuse an enabled set that lacks one, naming both.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp, MissingRequiredModule } from '../../src/index.ts'
import { buildOnce, cli } from '../cli/helpers.ts'
import { fixture } from '../helpers.ts'

/** Enabled set -> what each module lacks (empty: it starts). */
const cases: [enabled: string[], missing: Record<string, string[]>][] = [
  [['base'], {}],
  [['base', 'reader'], {}],
  [['reader', 'base'], {}], // order is free: requires is about the set
  [['base', 'reader', 'report'], {}],
  [['reader'], { reader: ['base'] }],
  [['report'], { report: ['base', 'reader'] }],
  [['base', 'report'], { report: ['reader'] }],
  [['reader', 'report'], { reader: ['base'], report: ['base'] }],
]

describe('modules that declare what they require', () => {
  for (const [enabled, missing] of cases) {
    const lacking = Object.entries(missing)
    it(`[${enabled.join(', ')}]: ${lacking.length === 0 ? 'starts' : 'start-up refused'}`, async () => {
      const app = MicroServicesApp({
        root: fixture('requires'),
        modulesEnv: false,
        routeTypes: false,
      })
      try {
        const started = app.registerUrls(enabled).then(() => app.ready())
        const [first] = lacking
        if (first === undefined) {
          await started
          for (const name of enabled) {
            assert.equal((await app.inject(`/${name}/`)).body, name)
          }
          return
        }
        const [module, needs] = first
        await assert.rejects(started, (error: Error & { code?: string }) => {
          assert.ok(error instanceof MissingRequiredModule, String(error))
          assert.equal(error.code, 'FMS_ERR_MODULE_MISSING_REQUIRED')
          assert.match(error.message, new RegExp(`^Module '${module}' requires`))
          for (const need of needs) assert.match(error.message, new RegExp(`'${need}'`))
          assert.match(
            error.message,
            new RegExp(`enabled: ${enabled.map((e) => `'${e}'`).join(', ')}`),
          )
          return true
        })
        assert.deepEqual(app.microservices, [], 'nothing was registered')
      } finally {
        await app.close()
      }
    })
  }

  describe('check', () => {
    before(buildOnce)
    after(() => {})
    for (const [enabled, missing] of cases) {
      const lacking = Object.entries(missing)
      it(`check --modules ${enabled.join(',')}: ${lacking.length} error(s)`, async () => {
        const run = await cli(['check', '--modules', enabled.join(',')], fixture('requires'))
        const errors = run.stdout.split('\n').filter((line) => line.startsWith('error '))
        assert.equal(run.code, lacking.length === 0 ? 0 : 1, run.stdout + run.stderr)
        assert.equal(errors.length, lacking.length, run.stdout)
        lacking.forEach(([module, needs], index) => {
          const line = errors[index] ?? ''
          assert.match(
            line,
            new RegExp(`^error \\[FMS_ERR_MODULE_MISSING_REQUIRED\\] Module '${module}' requires`),
          )
          for (const need of needs) assert.match(line, new RegExp(`'${need}'`))
        })
      })
    }
  })
})
