import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import { MicroServicesApp, type MicroServicesOptions } from 'fastify-microservices'
import { migrate, openDatabase } from './db.ts'
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

/** The cookie secret: from SESSION_SECRET, else made once and kept in the data folder. */
function cookieSecret(dataDir: string): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET
  const file = join(dataDir, 'session-secret')
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  return readFileSync(file, 'utf8')
}

/** Builds the example site: up to four modules over one SQLite database, each owning its tables. */
export async function buildSite(options: SiteOptions = {}) {
  const root = import.meta.dirname
  const dataDir = options.dataDir ?? join(root, 'data')
  const app = MicroServicesApp({
    root,
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
  })
  app.decorate('settings', siteSettings(process.env, options.settings))
  const db = openDatabase(dataDir)
  app.decorate('db', db)
  // Modules reach the database through the app, so none imports the app's files.
  app.decorate('migrate', (module: string, steps: readonly string[]) => migrate(db, module, steps))
  app.addHook('onClose', async () => db.close())
  const secret = cookieSecret(dataDir)
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
