import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync, type SQLInputValue } from 'node:sqlite'
import type { Pool, PoolClient } from 'pg'

declare module 'fastify' {
  interface FastifyInstance {
    /** The site's database: SQLite in the data folder, or PostgreSQL at DATABASE_URL. */
    db: Database
    /** Applies a module's migrations (see migrate below); modules call it instead of importing this file. */
    migrate(module: string, steps: readonly DialectSql[]): Promise<void>
  }
}

/** A value a query binds to one `?`. */
export type SqlValue = string | number | null

/** The one SQL a dialect needs where SQLite and PostgreSQL differ (a migration's DDL). */
export type DialectSql = string | { readonly sqlite: string; readonly postgres: string }

/**
 * The few calls the modules make, the same on SQLite and PostgreSQL: SQL with `?`
 * placeholders, rows as plain objects. Each module owns its tables.
 */
export interface Database {
  readonly dialect: 'sqlite' | 'postgres'
  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]>
  get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined>
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<number>
  /**
   * Runs `work` while no other process of any replica does (PostgreSQL: an advisory lock;
   * SQLite: its write lock, waited for up to the busy timeout), in one transaction.
   */
  exclusive<T>(work: (db: Database) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** How long a SQLite connection waits for another process's write lock (ms). */
const BUSY_TIMEOUT_MS = 15_000

function sqlite(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new DatabaseSync(join(dataDir, 'site.db'), { timeout: BUSY_TIMEOUT_MS })
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;')
  const params = (values: SqlValue[]) => values as SQLInputValue[]
  const site: Database = {
    dialect: 'sqlite',
    all: async <T>(sql: string, ...values: SqlValue[]) =>
      db.prepare(sql).all(...params(values)) as T[],
    get: async <T>(sql: string, ...values: SqlValue[]) =>
      db.prepare(sql).get(...params(values)) as T | undefined,
    run: async (sql, ...values) => Number(db.prepare(sql).run(...params(values)).changes),
    async exclusive(work) {
      db.exec('BEGIN IMMEDIATE') // the write lock now: a second process waits here
      try {
        const result = await work(site)
        db.exec('COMMIT')
        return result
      } catch (error) {
        db.exec('ROLLBACK')
        throw error
      }
    },
    close: async () => db.close(),
  }
  return site
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`… (the modules' SQL has no `?` in literals). */
const numbered = (sql: string): string => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** The advisory lock every replica takes to migrate: one number for the site. */
const MIGRATION_LOCK = 0x5_17e

function postgres(pool: Pool): Database {
  const on = (client: Pool | PoolClient, exclusive: Database['exclusive']): Database => ({
    dialect: 'postgres',
    all: async <T>(sql: string, ...values: SqlValue[]) =>
      (await client.query(numbered(sql), values)).rows as T[],
    get: async <T>(sql: string, ...values: SqlValue[]) =>
      (await client.query(numbered(sql), values)).rows[0] as T | undefined,
    run: async (sql, ...values) => (await client.query(numbered(sql), values)).rowCount ?? 0,
    exclusive,
    close: async () => pool.end(),
  })
  const site = on(pool, async (work) => {
    const client = await pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      await client.query('BEGIN')
      try {
        const result = await work(on(client, () => Promise.reject(new Error('nested'))))
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      }
    } finally {
      client.release()
    }
  })
  return site
}

/**
 * Opens the site's database: PostgreSQL when `url` is a `postgres://` URL (node-postgres,
 * loaded only then), else the SQLite file `site.db` in `dataDir` (Node's built-in driver).
 */
export async function openDatabase(dataDir: string, url?: string): Promise<Database> {
  if (url === undefined || url === '') return sqlite(dataDir)
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      `DATABASE_URL must be a postgres:// or postgresql:// URL (got '${url.slice(0, 20)}…'); unset it for SQLite in the data folder`,
    )
  }
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle connection the server drops: the next query opens another.
  pool.on('error', () => {})
  await pool.query('SELECT 1') // fail at start-up, not at the first request
  return postgres(pool)
}

const sqlOf = (step: DialectSql, dialect: Database['dialect']): string =>
  typeof step === 'string' ? step : step[dialect]

/**
 * Applies a module's migrations that have not run yet, in order, under the database's
 * exclusive lock: whichever replica starts first applies them, the others then find them done.
 * A module lists its own: `migrate(db, 'forum', ['CREATE TABLE forum_boards (...)', ...])`.
 */
export function migrate(db: Database, module: string, steps: readonly DialectSql[]) {
  return db.exclusive(async (locked) => {
    await locked.run(`CREATE TABLE IF NOT EXISTS migrations (
      module TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (module, version))`)
    const done = await locked.all<{ version: number }>(
      'SELECT version FROM migrations WHERE module = ?',
      module,
    )
    const applied = new Set(done.map((row) => Number(row.version)))
    for (const [index, step] of steps.entries()) {
      const version = index + 1
      if (applied.has(version)) continue
      await locked.run(sqlOf(step, locked.dialect))
      await locked.run('INSERT INTO migrations (module, version) VALUES (?, ?)', module, version)
    }
  })
}

/** The site's own table: secrets every replica shares. */
const SITE_MIGRATIONS = ['CREATE TABLE site_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)']

/**
 * The site's secret `name`, made once (`make()`) by whichever replica asks first, then read
 * by all. A data folder of an earlier version kept the cookie secret in `session-secret`:
 * its value is taken over, so the cookies it signed stay valid.
 */
export async function sharedSecret(
  db: Database,
  dataDir: string,
  name: string,
  make: () => string,
): Promise<string> {
  await migrate(db, 'site', SITE_MIGRATIONS)
  return db.exclusive(async (locked) => {
    const row = await locked.get<{ value: string }>(
      'SELECT value FROM site_secrets WHERE name = ?',
      name,
    )
    if (row !== undefined) return row.value
    const legacy = join(dataDir, 'session-secret')
    const value =
      db.dialect === 'sqlite' && existsSync(legacy) ? readFileSync(legacy, 'utf8') : make()
    await locked.run('INSERT INTO site_secrets (name, value) VALUES (?, ?)', name, value)
    return value
  })
}
