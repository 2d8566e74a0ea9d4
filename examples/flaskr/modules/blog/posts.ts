import type { FastifyRequest } from 'fastify'
import { abort } from 'fastify-microservices'

/** A post with its author's name, as the views show it. */
export interface Post {
  id: number
  title: string
  body: string
  created: Date
  author_id: number
  username: string
}

const SELECT =
  'SELECT p.id, title, body, created, author_id, username' +
  ' FROM post p JOIN user u ON p.author_id = u.id'

/** Python's sqlite3 timestamp converter: SQLite's 'YYYY-MM-DD HH:MM:SS' (UTC) as a Date. */
const withDate = (row: Record<string, unknown>): Post =>
  ({ ...row, created: new Date(`${String(row.created).replace(' ', 'T')}Z`) }) as Post

/** Every post, most recent first. */
export function allPosts(request: FastifyRequest): Post[] {
  return request.server.getDb().prepare(`${SELECT} ORDER BY created DESC`).all().map(withDate)
}

/**
 * Flask's get_post(id, check_author=True): a post and its author by id; a 404 if it does
 * not exist, a 403 if `checkAuthor` and the current user is not its author.
 */
export function getPost(request: FastifyRequest, id: number, checkAuthor = true): Post {
  const row = request.server.getDb().prepare(`${SELECT} WHERE p.id = ?`).get(id)
  if (row === undefined) abort(404, `Post id ${id} doesn't exist.`)
  const post = withDate(row)
  if (checkAuthor && post.author_id !== request.user?.id) abort(403)
  return post
}
