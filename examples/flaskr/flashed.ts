import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * Flask's `get_flashed_messages()` in every template: @fastify/flash's
 * `reply.flash('message')` (Flask's default category), taken when the template calls it.
 * A context processor sees the request only, so each request's reply is kept beside it.
 */
export function flashedMessages(app: FastifyInstance): void {
  const replies = new WeakMap<FastifyRequest, FastifyReply>()
  app.addHook('onRequest', async (request, reply) => {
    replies.set(request, reply)
  })
  app.addContextProcessor((request) => ({
    get_flashed_messages: () => {
      const reply = request === undefined ? undefined : replies.get(request)
      return reply === undefined ? [] : reply.flash('message')
    },
  }))
}
