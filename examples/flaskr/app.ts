import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import flash from '@fastify/flash'
import formbody from '@fastify/formbody'
import secureSession from '@fastify/secure-session'
import { MicroServicesApp } from 'fastify-microservices'
import { type Config, INSTANCE_PATH, loadConfig } from './config.ts'
import { openDb } from './db.ts'
import { flashedMessages } from './flashed.ts'

/**
 * Flask's `create_app(test_config=None)` (flaskr/__init__.py): the config, the session and
 * its flashed messages, the database, the `auth` and `blog` modules, and `/hello`.
 */
export async function createApp(testConfig?: Partial<Config>) {
  const config = loadConfig(testConfig)
  // ensure the instance folder exists
  mkdirSync(INSTANCE_PATH, { recursive: true })

  const app = MicroServicesApp({ root: import.meta.dirname, logger: !config.TESTING })
  app.decorate('config', config)
  const db = openDb(config.DATABASE)
  app.decorate('getDb', () => db)
  app.addHook('onClose', async () => db.close()) // Flask's teardown close_db

  // Flask's signed session cookie: encrypted here, with a key of 32 bytes made from SECRET_KEY.
  await app.register(secureSession, {
    cookieName: 'session',
    key: createHash('sha256').update(config.SECRET_KEY).digest(),
    // Path '/', or the browser keeps the cookie set by /auth/login for /auth/... only.
    cookie: { path: '/', httpOnly: true, sameSite: 'lax' },
  })
  await app.register(flash)
  await app.register(formbody) // request.body of an HTML form: Flask's request.form
  flashedMessages(app)
  // g.user: set by the auth module's beforeAppRequest hook, for every request
  app.decorateRequest('user', null)
  app.addContextProcessor((request) => ({ g: request }))

  // a simple page that says hello
  app.get('/hello', async () => 'Hello, World!')

  await app.registerUrls() // microservices.json: auth, blog
  return app
}
