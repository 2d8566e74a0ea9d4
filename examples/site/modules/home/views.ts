import type { FastifyReply, FastifyRequest } from 'fastify'

interface Count {
  n: number
}

/** The landing page: home's own home.html overrides the root one, as in the original. */
export function home(request: FastifyRequest, reply: FastifyReply) {
  const { db } = request.server
  const boards = db.prepare('SELECT COUNT(*) AS n FROM forum_boards').get() as unknown as Count
  const messages = db.prepare('SELECT COUNT(*) AS n FROM forum_messages').get() as unknown as Count
  return reply.render('home.html', { boards: boards.n, messages: messages.n })
}

export function about(_request: FastifyRequest, reply: FastifyReply) {
  return reply.render('about.html')
}
