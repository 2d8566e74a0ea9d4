import type { FastifyReply } from 'fastify'
import type { RequestFor } from 'fastify-microservices'
import { BadPage, pageNumber, pageWindow } from './pagination.ts'
import * as store from './store.ts'

export async function index(request: RequestFor<'/forum/'>, reply: FastifyReply) {
  return reply.render('forum/boards.html', { boards: await store.boards(request.server.db) })
}

interface Form {
  author: string
  body: string
}

/** Checks a posted message; returns the cleaned form and the errors by field. Text fields only. */
function validate(input: unknown): { form: Form; errors: Partial<Record<keyof Form, string>> } {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>
  const text = (value: unknown): string | undefined =>
    value === undefined ? '' : typeof value === 'string' ? value.trim() : undefined
  const author = text(raw.author)
  const body = text(raw.body)
  const form = { author: author ?? '', body: body ?? '' }
  const errors: Partial<Record<keyof Form, string>> = {}
  if (author === undefined) errors.author = 'A name is text.'
  else if (author === '') errors.author = 'Please give your name.'
  else if (author.length > 40) errors.author = 'A name has at most 40 characters.'
  if (body === undefined) errors.body = 'A message is text.'
  else if (body === '') errors.body = 'A message cannot be empty.'
  else if (body.length > 2000) errors.body = 'A message has at most 2000 characters.'
  return { form, errors }
}

/** A board: its messages, a page at a time, and the form to post one (POST handles it). */
export async function board(request: RequestFor<'/forum/<int:board_id>/'>, reply: FastifyReply) {
  const { db } = request.server
  const found = await store.board(db, request.params.board_id)
  if (found === undefined) return reply.callNotFound()
  let form: Form = { author: '', body: '' }
  let errors: Partial<Record<keyof Form, string>> = {}
  if (request.method === 'POST') {
    ;({ form, errors } = validate(request.body))
    if (Object.keys(errors).length === 0) {
      await store.post(db, found.id, form.author, form.body)
      return reply.redirect(request.urlFor('forum.board', { board_id: found.id }), 303)
    }
    reply.code(400)
  }
  const pages = store.pageCount(found.messages)
  let page: number
  try {
    page = pageNumber((request.query as { page?: unknown }).page, pages)
  } catch (error) {
    if (!(error instanceof BadPage)) throw error
    reply.code(400)
    return reply.render('forum/bad-page.html', { board: found })
  }
  return reply.render('forum/board.html', {
    board: found,
    messages: await store.messages(db, found.id, page),
    page,
    pages,
    window: pageWindow(page, pages),
    form,
    errors,
  })
}
