import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import {
  MIGRATIONS_TABLE,
  MicroServicesApp,
  MigrationFailed,
  MigrationInvalid,
  ModuleSettingsInvalid,
  sqliteMigrations,
} from '../../src/index.ts'
import { buildOnce, cli, removeTemp, tempApp } from '../cli/helpers.ts'

const recorded = (db: DatabaseSync) =>
  db
    .prepare(`SELECT module, name FROM ${MIGRATIONS_TABLE} ORDER BY rowid`)
    .all()
    .map((row) => `${row.module} ${row.name}`)

const ORDER = ['accounts 001_users', 'accounts 002_admin', 'blog 001_posts', 'blog 002_welcome']

describe('per-module migrations', () => {
  const temps: string[] = []
  before(buildOnce)
  after(() => temps.forEach(removeTemp))

  it('migrate applies each module’s migrations in requires order, once: a second run does nothing', async () => {
    const app = tempApp('migrations')
    temps.push(app)
    const first = await cli(['migrate'], app)
    assert.equal(first.code, 0, first.stderr)
    assert.deepEqual(first.stdout.trim().split('\n'), [
      'Applied accounts modules/accounts/migrations/001_users.sql',
      'Applied accounts modules/accounts/migrations/002_admin.ts',
      'Applied blog modules/blog/migrations/001_posts.sql',
      'Applied blog modules/blog/migrations/002_welcome.sql',
      '4 migrations applied, 0 already applied (data/app.db).',
    ])
    const second = await cli(['migrate'], app)
    assert.equal(second.code, 0, second.stderr)
    assert.equal(second.stdout, '0 migrations applied, 4 already applied (data/app.db).\n')
    const db = new DatabaseSync(join(app, 'data', 'app.db'))
    // blog's seed read accounts' row: accounts ran first although blog is enabled first.
    assert.deepEqual(
      db
        .prepare(
          'SELECT u.name, p.title FROM blog_posts p JOIN accounts_users u ON u.id = p.author_id',
        )
        .all()
        .map((r) => ({ ...r })),
      [{ name: 'admin', title: 'Welcome' }],
    )
    assert.deepEqual(recorded(db), ORDER)
    db.close()
  })

  it('the opt-in start-up step migrates before the modules register, and twice is once', async () => {
    const app = tempApp('migrations')
    temps.push(app)
    const db = new DatabaseSync(join(app, 'app.db'))
    for (let run = 0; run < 2; run++) {
      const server = MicroServicesApp({ root: app, migrate: sqliteMigrations(db) })
      await server.registerUrls()
      await server.ready()
      await server.close()
    }
    assert.deepEqual(recorded(db), ORDER)
    assert.equal(db.prepare('SELECT COUNT(*) AS n FROM blog_posts').get()?.n, 1)
    db.close()
  })

  it('a failing migration is rolled back, not recorded, and stops the run with its file', async () => {
    const app = tempApp('migrations')
    temps.push(app)
    writeFileSync(
      join(app, 'modules', 'blog', 'migrations', '003_broken.sql'),
      'CREATE TABLE blog_tags (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n',
    )
    const db = new DatabaseSync(':memory:')
    const server = MicroServicesApp({ root: app, migrate: sqliteMigrations(db) })
    await assert.rejects(server.registerUrls(), (error: Error & { code: string }) => {
      assert.equal(error.code, MigrationFailed.code)
      assert.match(error.message, /003_broken\.sql of module 'blog' failed: no such table: nowhere/)
      return true
    })
    await server.close()
    assert.deepEqual(recorded(db), ORDER)
    assert.equal(
      db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'blog_tags'").get()?.n,
      0,
    )
    db.close()
  })

  it('refuses a file that is not NNN_name, and two files of one number', async () => {
    const app = tempApp('migrations')
    temps.push(app)
    const folder = join(app, 'modules', 'accounts', 'migrations')
    for (const [file, message] of [
      ['users.sql', /users\.sql of module 'accounts' cannot run: its name is not NNN_name/],
      [
        '002_again.sql',
        /002_again\.sql of module 'accounts' cannot run: it has the number of 002_admin\.ts/,
      ],
    ] as const) {
      writeFileSync(join(folder, file), 'SELECT 1;')
      const run = await cli(['migrate'], app)
      assert.equal(run.code, 1)
      assert.match(run.stderr, new RegExp(`^error \\[${MigrationInvalid.code}\\] `))
      assert.match(run.stderr, message)
      rmSync(join(folder, file))
    }
  })
})

describe('module settings', () => {
  const temps: string[] = []
  after(() => temps.forEach(removeTemp))

  const settingsOf = async (root: string) => {
    const server = MicroServicesApp({ root })
    try {
      await server.registerUrls()
      return (await server.inject('/blog/settings')).json()
    } finally {
      await server.close()
    }
  }

  it('defaults, overridden by microservices.json, then by the environment (coerced to the schema)', async (t) => {
    const app = tempApp('migrations')
    temps.push(app)
    assert.deepEqual(await settingsOf(app), { title: 'News', perPage: 10 })
    process.env.BLOG_PER_PAGE = '25'
    t.after(() => delete process.env.BLOG_PER_PAGE)
    assert.deepEqual(await settingsOf(app), { title: 'News', perPage: 25 })
  })

  it('refuses settings the schema does not allow at start-up, naming the key and where it came from', async (t) => {
    const app = tempApp('migrations')
    temps.push(app)
    process.env.BLOG_PER_PAGE = '0'
    t.after(() => delete process.env.BLOG_PER_PAGE)
    await assert.rejects(settingsOf(app), (error: Error & { code: string }) => {
      assert.equal(error.code, ModuleSettingsInvalid.code)
      assert.match(
        error.message,
        /module 'blog'.*'perPage' must be >= 1.*"settings\.blog" of microservices\.json, BLOG_PER_PAGE/,
      )
      return true
    })
    delete process.env.BLOG_PER_PAGE
    writeFileSync(
      join(app, 'microservices.json'),
      JSON.stringify({ modules: ['blog', 'accounts'], settings: { blog: { titel: 'typo' } } }),
    )
    await assert.rejects(settingsOf(app), /'blog'.*must NOT have additional properties \('titel'\)/)
  })
})
