import type { FastifyReply } from 'fastify'
import type { RequestFor } from 'fastify-microservices'
import * as store from './store.ts'

export function index(request: RequestFor<'/forum/'>, reply: FastifyReply) {
  return reply.render('forum/boards.html', { boards: store.boards(request.server.db) })
}

interface Form {
  author: string
  body: string
}

/** Checks a posted message; returns the cleaned form and the errors by field. */
function validate(input: unknown): { form: Form; errors: Partial<Record<keyof Form, string>> } {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>
  const form = {
    author: String(raw.author ?? '').trim(),
    body: String(raw.body ?? '').trim(),
  }
  const errors: Partial<Record<keyof Form, string>> = {}
  if (form.author === '') errors.author = 'Please give your name.'
  else if (form.author.length > 40) errors.author = 'A name has at most 40 characters.'
  if (form.body === '') errors.body = 'A message cannot be empty.'
  else if (form.body.length > 2000) errors.body = 'A message has at most 2000 characters.'
  return { form, errors }
}

const pageOf = (query: unknown): number => {
  const page = Number((query as { page?: string }).page ?? 1)
  return Number.isInteger(page) && page > 0 ? page : 1
}

/** A board: its messages, a page at a time, and the form to post one (POST handles it). */
export function board(request: RequestFor<'/forum/<int:board_id>/'>, reply: FastifyReply) {
  const { db } = request.server
  const found = store.board(db, request.params.board_id)
  if (found === undefined) return reply.callNotFound()
  let form: Form = { author: '', body: '' }
  let errors: Partial<Record<keyof Form, string>> = {}
  if (request.method === 'POST') {
    ;({ form, errors } = validate(request.body))
    if (Object.keys(errors).length === 0) {
      store.post(db, found.id, form.author, form.body)
      return reply.redirect(request.urlFor('forum.board', { board_id: found.id }), 303)
    }
    reply.code(400)
  }
  const page = pageOf(request.query)
  const pages = Math.max(1, Math.ceil(found.messages / store.PAGE_SIZE))
  return reply.render('forum/board.html', {
    board: found,
    messages: store.messages(db, found.id, page),
    page,
    pages,
    form,
    errors,
  })
}
