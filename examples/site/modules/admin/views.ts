import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestFor } from 'fastify-microservices'
import { latest, remove } from '../forum/store.ts'
import { SESSION_COOKIE, sessionId } from './guard.ts'
import { samePassword } from './password.ts'
import { createSession, deleteSession } from './sessions.ts'

export async function dashboard(request: FastifyRequest, reply: FastifyReply) {
  return reply.render('admin/dashboard.html', { messages: await latest(request.server.db, 20) })
}

export async function login(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'POST') {
    const { settings, db } = request.server
    const given = (request.body as { password?: unknown } | undefined)?.password
    // The admin module does not start without a password: see index.ts.
    const expected = settings.adminPassword ?? ''
    if (typeof given === 'string' && samePassword(given, expected)) {
      const id = await createSession(db, settings.sessionMs)
      reply.setCookie(SESSION_COOKIE, id, {
        path: '/admin/',
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto', // Secure when the request came over HTTPS (behind a trusted proxy too)
        maxAge: Math.floor(settings.sessionMs / 1000),
      })
      return reply.redirect(request.urlFor('admin.home'), 303)
    }
    reply.code(401)
    return reply.render('admin/login.html', { error: 'Wrong password.' })
  }
  return reply.render('admin/login.html', { error: null })
}

export async function logout(request: FastifyRequest, reply: FastifyReply) {
  const id = sessionId(request)
  if (id !== undefined) await deleteSession(request.server.db, id)
  reply.clearCookie(SESSION_COOKIE, { path: '/admin/' })
  return reply.redirect(request.urlFor('admin.login'), 303)
}

export async function deleteMessage(
  request: RequestFor<'/admin/messages/<int:id>/delete/'>,
  reply: FastifyReply,
) {
  await remove(request.server.db, request.params.id)
  return reply.redirect(request.urlFor('admin.home'), 303)
}
