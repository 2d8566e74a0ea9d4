import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/** The app's database, as the app decorates it (the module never imports the app's file). */
type Database = FastifyInstance['db']

/** The admin module's own table: sessions by the hash of their id, with an expiry. */
export const migrations = [
  `CREATE TABLE admin_sessions (
     id_hash TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)`,
]

// Only a hash is stored: a copy of the database gives no session away.
const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex')

/** Starts a session; returns its id (256 random bits) for the cookie. */
export async function createSession(
  db: Database,
  lifetimeMs: number,
  now = Date.now(),
): Promise<string> {
  await db.run('DELETE FROM admin_sessions WHERE expires_at <= ?', now)
  const id = randomBytes(32).toString('base64url')
  await db.run(
    'INSERT INTO admin_sessions (id_hash, expires_at) VALUES (?, ?)',
    hashOf(id),
    now + lifetimeMs,
  )
  return id
}

/** True when `id` names a session that has not expired. */
export async function validSession(db: Database, id: string, now = Date.now()) {
  const row = await db.get<{ expires_at: number | string }>(
    'SELECT expires_at FROM admin_sessions WHERE id_hash = ?',
    hashOf(id),
  )
  return row !== undefined && Number(row.expires_at) > now // PostgreSQL's BIGINT is a string
}

/** Ends a session (logout): its id is worth nothing from now on. */
export async function deleteSession(db: Database, id: string): Promise<void> {
  await db.run('DELETE FROM admin_sessions WHERE id_hash = ?', hashOf(id))
}
