import csrf from '@fastify/csrf-protection'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from './modules/admin/guard.ts'

/**
 * With REDIS_URL, the rate limits count in Redis (@fastify/rate-limit's Redis store), so a
 * limit holds across every replica; without, each process counts in its own memory.
 */
async function sharedCounters(app: FastifyInstance) {
  const url = app.settings.redisUrl
  if (url === undefined) return {}
  const { Redis } = await import('ioredis')
  // As @fastify/rate-limit advises: fail fast rather than hold requests while Redis is away.
  const redis = new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1 })
  app.addHook('onClose', async () => {
    await redis.quit()
  })
  return { redis, nameSpace: 'site-rate-limit-' }
}

const replies = new WeakMap<FastifyRequest, FastifyReply>()

/**
 * What a CSRF token is bound to: the admin session the request carries, if any (never
 * empty: @fastify/csrf refuses an empty one).
 * The secret is a cookie, and a cookie can be planted (a sibling subdomain, any plain-HTTP
 * answer): a token read off the attacker's own visit then matches, unless it is bound to
 * the session, as Django rotates the token at login.
 */
const sessionOf = (request: FastifyRequest): string => {
  const id = request.cookies[SESSION_COOKIE]
  return typeof id === 'string' && id !== '' ? `admin:${id}` : 'anonymous'
}

/**
 * What every page of the site gets, whichever modules are enabled: security headers with
 * a Content-Security-Policy (helmet's defaults: scripts, styles and forms from this
 * origin only), a CSRF token checked on every POST (Django's CsrfViewMiddleware), and
 * rate limits that routes opt into with `config: { rateLimit }`.
 * Called on the app (not registered as a plugin, so that it covers every route), after
 * @fastify/cookie and @fastify/formbody, before the modules.
 */
export async function security(app: FastifyInstance, secret: string): Promise<void> {
  await app.register(helmet)
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: 'auto', signed: true },
    getUserInfo: sessionOf,
    csrfOpts: { hmacKey: secret },
  })
  await app.register(rateLimit, { global: false, ...(await sharedCounters(app)) })
  app.addHook('onRequest', async (request, reply) => {
    replies.set(request, reply)
  })
  // preHandler, not onRequest: the token of an HTML form comes in its body (`_csrf`).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done)
    else done()
  })
}

/**
 * `csrf_token()` for templates, as Django's `{% csrf_token %}`: made only by the pages
 * that call it, so other answers set no cookie.
 */
export const csrfToken = (request: FastifyRequest | undefined) => ({
  csrf_token: () => {
    const reply = request === undefined ? undefined : replies.get(request)
    return request === undefined || reply === undefined
      ? ''
      : reply.generateCsrf({ userInfo: sessionOf(request) })
  },
})
