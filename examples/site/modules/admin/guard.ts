import type { FastifyReply, FastifyRequest } from 'fastify'

export const SESSION_COOKIE = 'admin_session'

/** True when the request carries the signed admin session cookie. */
export function isAdmin(request: FastifyRequest): boolean {
  const raw = request.cookies[SESSION_COOKIE]
  if (raw === undefined) return false
  const unsigned = request.unsignCookie(raw)
  return unsigned.valid && unsigned.value === 'admin'
}

/**
 * The admin module's beforeRequest hook: every admin page but the login form needs the
 * session; others get the root templates' 403 page.
 */
export async function guard(request: FastifyRequest, reply: FastifyReply) {
  if (request.routeOptions.config.endpoint === 'admin.login' || isAdmin(request)) return
  reply.code(403)
  return reply.render('403.html', { login: request.urlFor('admin.login') })
}
