import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

declare module 'fastify' {
  interface FastifyInstance {
    /** The site's SQLite database (Node's built-in driver); each module owns its tables. */
    db: DatabaseSync
    /** Applies a module's migrations (see migrate below); modules call it instead of importing this file. */
    migrate(module: string, steps: readonly string[]): void
  }
}

/** Opens (and creates) the database file in `dataDir`. */
export function openDatabase(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true })
  const db = new DatabaseSync(join(dataDir, 'site.db'))
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;')
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (module, version))`)
  return db
}

/**
 * Applies a module's migrations that have not run yet, in order, each in a transaction.
 * A module lists its own: `migrate(db, 'forum', ['CREATE TABLE forum_boards (...)', ...])`.
 */
export function migrate(db: DatabaseSync, module: string, steps: readonly string[]): void {
  const done = db.prepare('SELECT version FROM migrations WHERE module = ?').all(module)
  const applied = new Set(done.map((row) => Number(row.version)))
  steps.forEach((sql, index) => {
    const version = index + 1
    if (applied.has(version)) return
    db.exec('BEGIN')
    try {
      db.exec(sql)
      db.prepare('INSERT INTO migrations (module, version) VALUES (?, ?)').run(module, version)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  })
}
