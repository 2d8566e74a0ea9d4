import type { FastifyRequest } from 'fastify'

/** A row of the `user` table. */
export interface User {
  id: number
  username: string
  password: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Flask's g.user: the logged-in user, or null (a request decoration of the app). */
    user: User | null
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    user_id: number
  }
}

/**
 * Flask's `@bp.before_app_request load_logged_in_user`: if a user id is stored in the
 * session, load the user object from the database into `request.user` (`g.user`).
 */
export async function loadLoggedInUser(request: FastifyRequest): Promise<void> {
  const userId = request.session.get('user_id')
  request.user =
    userId === undefined
      ? null
      : ((request.server.getDb().prepare('SELECT * FROM user WHERE id = ?').get(userId) as
          | User
          | undefined) ?? null)
}
