import type { FastifyReply, FastifyRequest } from 'fastify'
import { type RequestFor, response } from 'fastify-microservices'
import { BadPage, pageNumber } from '../forum/pagination.ts'
import * as store from '../forum/store.ts'

export const health = () => ({ ok: true })

/** Every board, with the URL of its messages built by urlFor. */
export async function boards(request: FastifyRequest) {
  return (await store.boards(request.server.db)).map((board) => ({
    ...board,
    url: request.urlFor('api.messages', { board_id: board.id }),
  }))
}

/** One page of a board's messages; `?page=` past the last page gives the last page. */
export async function messages(
  request: RequestFor<'/api/boards/<int:board_id>/messages/'>,
  reply: FastifyReply,
) {
  const { db } = request.server
  const board = await store.board(db, request.params.board_id)
  if (board === undefined) return response({ error: 'no such board' }, 404)
  const pages = store.pageCount(board.messages)
  let page: number
  try {
    page = pageNumber((request.query as { page?: unknown }).page, pages)
  } catch (error) {
    if (error instanceof BadPage) return response({ error: 'page is a whole number from 1' }, 400)
    throw error
  }
  reply.header('cache-control', 'no-store')
  return { board: board.title, page, pages, messages: await store.messages(db, board.id, page) }
}
