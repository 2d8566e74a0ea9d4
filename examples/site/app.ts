import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import { MicroServicesApp, type MicroServicesOptions } from 'fastify-microservices'
import { type DialectSql, migrate, openDatabase, sharedSecret } from './db.ts'
import { csrfToken, security } from './security.ts'
import { type SiteSettings, siteSettings } from './settings.ts'

export interface SiteOptions {
  /** Where the SQLite file and the session secret live. Default: ./data beside this file. */
  dataDir?: string
  logger?: MicroServicesOptions['logger']
  /** Behind a proxy that terminates HTTPS: trust its X-Forwarded-* headers (Fastify's trustProxy). */
  trustProxy?: MicroServicesOptions['trustProxy']
  /** The modules to enable; default: MODULES, else microservices.json. */
  modules?: readonly string[]
  /** Settings that win over the environment's (tests). */
  settings?: Partial<SiteSettings>
}

/**
 * Builds the example site: up to four modules over one database (SQLite in the data folder,
 * or PostgreSQL at DATABASE_URL), each owning its tables.
 */
export async function buildSite(options: SiteOptions = {}) {
  const root = import.meta.dirname
  const dataDir = options.dataDir ?? join(root, 'data')
  const app = MicroServicesApp({
    root,
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
  })
  const settings = siteSettings(process.env, options.settings)
  app.decorate('settings', settings)
  const db = await openDatabase(dataDir, settings.databaseUrl)
  app.decorate('db', db)
  // Modules reach the database through the app, so none imports the app's files.
  app.decorate('migrate', (module: string, steps: readonly DialectSql[]) =>
    migrate(db, module, steps),
  )
  app.addHook('onClose', async () => db.close())
  // The cookie and CSRF secret: SESSION_SECRET, else made once in the database, for every replica.
  const secret =
    process.env.SESSION_SECRET ||
    (await sharedSecret(db, dataDir, 'cookie', () => randomBytes(32).toString('hex')))
  await app.register(cookie, { secret })
  await app.register(formbody)
  await security(app, secret)
  await app.registerUrls(options.modules) // the enabled list: MODULES, else microservices.json
  // Every template may ask which modules run (the nav links only to those) and for a CSRF
  // token. In a split, modules served by another service run too: urlFor knows their rules.
  const enabled = [
    ...new Set(
      app.urlMap.endpoints
        .filter((endpoint) => endpoint.includes('.') && !endpoint.endsWith('.static'))
        .map((endpoint) => endpoint.slice(0, endpoint.indexOf('.'))),
    ),
  ]
  app.addContextProcessor((request) => ({ enabled, ...csrfToken(request) }))
  return app
}
