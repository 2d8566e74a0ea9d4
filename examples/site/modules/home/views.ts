import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * The landing page: home's own home.html overrides the root one, as in the original. It
 * links to the modules that run; it reads no other module's data (it requires none).
 */
export function home(_request: FastifyRequest, reply: FastifyReply) {
  return reply.render('home.html')
}

export function about(_request: FastifyRequest, reply: FastifyReply) {
  return reply.render('about.html')
}
