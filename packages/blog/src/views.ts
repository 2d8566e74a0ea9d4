import type { FastifyReply, FastifyRequest } from 'fastify'
import { posts } from './posts.ts'

const titleOf = (request: FastifyRequest): string =>
  String((request.server.moduleSettings as { title?: unknown }).title ?? 'Blog')

export function index(request: FastifyRequest, reply: FastifyReply) {
  return reply.render('blog/index.html', { title: titleOf(request), posts })
}

export function post(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) {
  const found = posts.find((p) => p.slug === request.params.slug)
  if (found === undefined) return reply.callNotFound()
  return reply.render('blog/post.html', { title: titleOf(request), post: found })
}
