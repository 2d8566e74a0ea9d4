import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Flask's get_db(): the app's connection, the same for every request (Node answers
     * requests on one thread), closed with the app (Flask's teardown close_db).
     */
    getDb(): DatabaseSync
  }
}

/**
 * Opens the app's database. Foreign keys are not enforced, as in Python's sqlite3 (and
 * schema.sql drops `user` before `post`, which enforced keys would refuse).
 */
export function openDb(path: string): DatabaseSync {
  return new DatabaseSync(path, { enableForeignKeyConstraints: false })
}

/** Flask's init_db(): clears existing data and creates new tables, from schema.sql. */
export function initDb(db: DatabaseSync): void {
  db.exec(readFileSync(join(import.meta.dirname, 'schema.sql'), 'utf8'))
}
