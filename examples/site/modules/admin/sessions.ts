import { createHash, randomBytes } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'

/** The admin module's own table: sessions by the hash of their id, with an expiry. */
export const migrations = [
  `CREATE TABLE admin_sessions (
     id_hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)`,
]

// Only a hash is stored: a copy of the database gives no session away.
const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex')

/** Starts a session; returns its id (256 random bits) for the cookie. */
export function createSession(db: DatabaseSync, lifetimeMs: number, now = Date.now()): string {
  db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').run(now)
  const id = randomBytes(32).toString('base64url')
  db.prepare('INSERT INTO admin_sessions (id_hash, expires_at) VALUES (?, ?)').run(
    hashOf(id),
    now + lifetimeMs,
  )
  return id
}

/** True when `id` names a session that has not expired. */
export function validSession(db: DatabaseSync, id: string, now = Date.now()): boolean {
  const row = db
    .prepare('SELECT expires_at FROM admin_sessions WHERE id_hash = ?')
    .get(hashOf(id)) as { expires_at: number } | undefined
  return row !== undefined && row.expires_at > now
}

/** Ends a session (logout): its id is worth nothing from now on. */
export function deleteSession(db: DatabaseSync, id: string): void {
  db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?').run(hashOf(id))
}
