import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, it } from 'node:test'
import { type DialectSql, migrate, openDatabase } from '../../examples/site/db.ts'
import { MIGRATIONS_TABLE, sqliteMigrations } from '../../src/index.ts'
import { testModule } from '../../src/testing.ts'
import { fixture, REPO } from '../cli/helpers.ts'

const mounted = (app: { microservices: readonly { blueprint: { name: string } }[] }) =>
  app.microservices.map((m) => m.blueprint.name).sort()

describe('testModule: one module with exactly what it requires', () => {
  it('boots blog with accounts, which it requires, and nothing else of the app', async (t) => {
    const db = new DatabaseSync(':memory:')
    const app = await testModule('blog', {
      root: fixture('migrations'),
      migrate: sqliteMigrations(db),
    })
    t.after(() => app.close())
    assert.deepEqual(mounted(app), ['accounts', 'blog'])
    const response = await app.inject('/blog/settings')
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { title: 'News', perPage: 10 })
    // Its migrations and its requirement's ran: the module is tested with its tables.
    assert.equal(db.prepare(`SELECT COUNT(*) AS n FROM ${MIGRATIONS_TABLE}`).get()?.n, 4)
  })

  it('boots a module that requires nothing alone, even where the app enables more', async (t) => {
    const app = await testModule('accounts', { root: fixture('migrations') })
    t.after(() => app.close())
    assert.deepEqual(mounted(app), ['accounts'])
    assert.equal((await app.inject('/blog/settings')).statusCode, 404)
  })

  it('gives the module what the app decorates first (prepare), as the example site does', async (t) => {
    const app = await testModule('api', {
      root: join(REPO, 'examples', 'site'),
      prepare: async (site) => {
        const db = await openDatabase(mkdtempSync(join(tmpdir(), 'fms-testmodule-')))
        site.decorate('db', db)
        site.decorate('migrate', (module: string, steps: readonly DialectSql[]) =>
          migrate(db, module, steps),
        )
        site.addHook('onClose', async () => db.close())
      },
    })
    t.after(() => app.close())
    assert.deepEqual(mounted(app), ['api', 'forum'])
    const boards = await app.inject('/api/boards/')
    assert.equal(boards.statusCode, 200, boards.body)
  })
})
