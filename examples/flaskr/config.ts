import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

declare module 'fastify' {
  interface FastifyInstance {
    /** Flask's app.config: read once by createApp, then the same object for every request. */
    config: Config
  }
}

/** The keys flaskr reads, spelled as Flask's config keys. */
export interface Config {
  /** Signs and encrypts the session cookie; the default is for development only. */
  SECRET_KEY: string
  /** The SQLite file. */
  DATABASE: string
  /** Flask's app.testing. */
  TESTING: boolean
}

/** Flask's instance folder: beside the app, never committed. */
export const INSTANCE_PATH = join(import.meta.dirname, 'instance')

/**
 * Flask's `app.config.from_mapping(...)` then `from_pyfile("config.py", silent=True)`, or the
 * test config when given: the defaults, then `instance/config.json` if it exists.
 */
export function loadConfig(testConfig?: Partial<Config>): Config {
  const defaults: Config = {
    SECRET_KEY: 'dev',
    DATABASE: join(INSTANCE_PATH, 'flaskr.sqlite'),
    TESTING: false,
  }
  if (testConfig !== undefined) return { ...defaults, ...testConfig }
  const file = join(INSTANCE_PATH, 'config.json')
  const own = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Config>) : {}
  return { ...defaults, ...own }
}
