import csrf from '@fastify/csrf-protection'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const replies = new WeakMap<FastifyRequest, FastifyReply>()

/**
 * What every page of the site gets, whichever modules are enabled: security headers with
 * a Content-Security-Policy (helmet's defaults: scripts, styles and forms from this
 * origin only), a CSRF token checked on every POST (Django's CsrfViewMiddleware), and
 * rate limits that routes opt into with `config: { rateLimit }`.
 * Called on the app (not registered as a plugin, so that it covers every route), after
 * @fastify/cookie and @fastify/formbody, before the modules.
 */
export async function security(app: FastifyInstance): Promise<void> {
  await app.register(helmet)
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: 'auto', signed: true },
  })
  await app.register(rateLimit, { global: false })
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
    return reply === undefined ? '' : reply.generateCsrf()
  },
})
