import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestFor } from 'fastify-microservices'
import { latest, remove } from '../forum/store.ts'
import { SESSION_COOKIE } from './guard.ts'

/** The example's admin password: ADMIN_PASSWORD, or 'admin' for a first look. */
const password = () => process.env.ADMIN_PASSWORD ?? 'admin'

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function dashboard(request: FastifyRequest, reply: FastifyReply) {
  return reply.render('admin/dashboard.html', { messages: latest(request.server.db, 20) })
}

export function login(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'POST') {
    const given = String((request.body as { password?: unknown } | undefined)?.password ?? '')
    if (same(given, password())) {
      reply.setCookie(SESSION_COOKIE, 'admin', {
        path: '/admin/',
        signed: true,
        httpOnly: true,
        sameSite: 'lax',
      })
      return reply.redirect(request.urlFor('admin.home'), 303)
    }
    reply.code(401)
    return reply.render('admin/login.html', { error: 'Wrong password.' })
  }
  return reply.render('admin/login.html', { error: null })
}

export function logout(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/admin/' })
  return reply.redirect(request.urlFor('home.home'), 303)
}

export function deleteMessage(
  request: RequestFor<'/admin/messages/<int:id>/delete/'>,
  reply: FastifyReply,
) {
  remove(request.server.db, request.params.id)
  return reply.redirect(request.urlFor('admin.home'), 303)
}
