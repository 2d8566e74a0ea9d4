import type { FastifyReply, FastifyRequest } from 'fastify'
import { validSession } from './sessions.ts'

export const SESSION_COOKIE = 'admin_session'

/** The session id the request carries, if any. */
export const sessionId = (request: FastifyRequest): string | undefined =>
  request.cookies[SESSION_COOKIE] || undefined

/** True when the request carries the id of a live admin session. */
export async function isAdmin(request: FastifyRequest): Promise<boolean> {
  const id = sessionId(request)
  return id !== undefined && (await validSession(request.server.db, id))
}

/**
 * The admin module's beforeRequest hook: every admin page but the login form needs the
 * session; others get the root templates' 403 page.
 */
export async function guard(request: FastifyRequest, reply: FastifyReply) {
  if (request.routeOptions.config.endpoint === 'admin.login' || (await isAdmin(request))) return
  reply.code(403)
  return reply.render('403.html', { login: request.urlFor('admin.login') })
}
