import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Flask's `@login_required` view decorator, as a route's preHandler hook
 * (`url(rule, view, { preHandler: loginRequired })`): redirects anonymous users to the
 * login page. It runs after the app's hooks, so `request.user` is loaded.
 */
export async function loginRequired(request: FastifyRequest, reply: FastifyReply) {
  if (request.user === null) return reply.redirect(request.urlFor('auth.login'))
}
