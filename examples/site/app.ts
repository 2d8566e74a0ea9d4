import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import { MicroServicesApp, type MicroServicesOptions } from 'fastify-microservices'
import { openDatabase } from './db.ts'

export interface SiteOptions {
  /** Where the SQLite file and the session secret live. Default: ./data beside this file. */
  dataDir?: string
  logger?: MicroServicesOptions['logger']
}

/** The session secret: from SESSION_SECRET, else made once and kept in the data folder. */
function sessionSecret(dataDir: string): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET
  const file = join(dataDir, 'session-secret')
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  return readFileSync(file, 'utf8')
}

/** Builds the example site: four modules over one SQLite database. */
export async function buildSite(options: SiteOptions = {}) {
  const root = import.meta.dirname
  const dataDir = options.dataDir ?? join(root, 'data')
  const app = MicroServicesApp({ root, logger: options.logger ?? false })
  const db = openDatabase(dataDir)
  app.decorate('db', db)
  app.addHook('onClose', async () => db.close())
  await app.register(cookie, { secret: sessionSecret(dataDir) })
  await app.register(formbody)
  await app.registerUrls() // the enabled list is in microservices.json
  return app
}
