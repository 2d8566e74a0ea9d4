import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestFor } from 'fastify-microservices'
import { formField } from '../auth/form.ts'
import { allPosts, getPost } from './posts.ts'

/** Show all the posts, most recent first. */
export async function index(request: FastifyRequest, reply: FastifyReply) {
  return reply.render('blog/index.html', { posts: allPosts(request) })
}

/** Create a new post for the current user. */
export async function create(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'POST') {
    const title = formField(request, 'title')
    const body = formField(request, 'body')

    if (!title) request.flash('message', 'Title is required.')
    else {
      request.server
        .getDb()
        .prepare('INSERT INTO post (title, body, author_id) VALUES (?, ?, ?)')
        .run(title, body, request.user?.id ?? null)
      return reply.redirect(request.urlFor('blog.index'))
    }
  }
  return reply.render('blog/create.html')
}

/** Update a post if the current user is the author. */
export async function update(request: RequestFor<'/<int:id>/update'>, reply: FastifyReply) {
  const { id } = request.params
  const post = getPost(request, id)

  if (request.method === 'POST') {
    const title = formField(request, 'title')
    const body = formField(request, 'body')

    if (!title) request.flash('message', 'Title is required.')
    else {
      request.server
        .getDb()
        .prepare('UPDATE post SET title = ?, body = ? WHERE id = ?')
        .run(title, body, id)
      return reply.redirect(request.urlFor('blog.index'))
    }
  }
  return reply.render('blog/update.html', { post })
}

/**
 * Delete a post. Ensures that the post exists and that the logged in user is the author
 * of the post.
 */
export async function deletePost(request: RequestFor<'/<int:id>/delete'>, reply: FastifyReply) {
  const { id } = request.params
  getPost(request, id)
  request.server.getDb().prepare('DELETE FROM post WHERE id = ?').run(id)
  return reply.redirect(request.urlFor('blog.index'))
}
