import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestFor } from 'fastify-microservices'
import * as store from '../forum/store.ts'

export const health = () => ({ ok: true })

/** Every board, with the URL of its messages built by urlFor. */
export function boards(request: FastifyRequest) {
  return store.boards(request.server.db).map((board) => ({
    ...board,
    url: request.urlFor('api.messages', { board_id: board.id }),
  }))
}

export function messages(
  request: RequestFor<'/api/boards/<int:board_id>/messages/'>,
  reply: FastifyReply,
) {
  const { db } = request.server
  const board = store.board(db, request.params.board_id)
  if (board === undefined) return [{ error: 'no such board' }, 404]
  const page = Number((request.query as { page?: string }).page ?? 1) || 1
  reply.header('cache-control', 'no-store')
  return { board: board.title, page, messages: store.messages(db, board.id, page) }
}
