import type { FastifyReply, FastifyRequest } from 'fastify'
import { formField } from './form.ts'
import { checkPasswordHash, generatePasswordHash } from './password.ts'
import type { User } from './user.ts'

/** SQLite's SQLITE_CONSTRAINT (Python's sqlite3.IntegrityError), the primary code of a node:sqlite error. */
const isIntegrityError = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'errcode' in error &&
  ((error.errcode as number) & 0xff) === 19

/**
 * Register a new user. Validates that the username is not already taken. Hashes the
 * password for security.
 */
export async function register(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'POST') {
    const username = formField(request, 'username')
    const password = formField(request, 'password')
    const db = request.server.getDb()
    let error: string | null = null

    if (!username) error = 'Username is required.'
    else if (!password) error = 'Password is required.'

    if (error === null) {
      try {
        db.prepare('INSERT INTO user (username, password) VALUES (?, ?)').run(
          username,
          await generatePasswordHash(password),
        )
        // Success, go to the login page.
        return reply.redirect(request.urlFor('auth.login'))
      } catch (failure) {
        if (!isIntegrityError(failure)) throw failure
        // The username was already taken: show a validation error.
        error = `User ${username} is already registered.`
      }
    }
    request.flash('message', error)
  }
  return reply.render('auth/register.html')
}

/** Log in a registered user by adding the user id to the session. */
export async function login(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'POST') {
    const username = formField(request, 'username')
    const password = formField(request, 'password')
    const user = request.server
      .getDb()
      .prepare('SELECT * FROM user WHERE username = ?')
      .get(username) as User | undefined
    let error: string

    if (user === undefined) error = 'Incorrect username.'
    else if (!(await checkPasswordHash(user.password, password))) error = 'Incorrect password.'
    else {
      // store the user id in a new session and return to the index
      request.session.regenerate() // Flask's session.clear()
      request.session.set('user_id', user.id)
      return reply.redirect(request.urlFor('blog.index'))
    }
    request.flash('message', error)
  }
  return reply.render('auth/login.html')
}

/** Clear the current session, including the stored user id. */
export async function logout(request: FastifyRequest, reply: FastifyReply) {
  request.session.delete() // Flask's session.clear() of the last key: the cookie goes
  return reply.redirect(request.urlFor('blog.index'))
}
