// A login on the example's admin module as a browser makes it, from one client address.
import assert from 'node:assert/strict'
import { csrfTokens } from '../example/helpers.ts'
import { send } from './edge.ts'

/** Where a login is sent: the edge's port, its host, and the client's own address. */
export interface LoginTarget {
  readonly port: number
  readonly host?: string
  readonly from?: string
}

/** The `name=value` pairs of an answer's Set-Cookie headers. */
export const cookiesOf = (headers: Record<string, string | string[] | undefined>): string[] =>
  ([headers['set-cookie'] ?? []].flat() as string[]).map((c) => c.split(';')[0] as string)

/** The login form (CSRF token and cookie), then the POST: its status and the cookies set. */
export async function logIn(
  target: LoginTarget,
  password: string,
): Promise<{ status: number; cookies: string[] }> {
  const { port, host, from } = target
  const form = await send(port, { host, from, path: '/admin/login/' })
  const [token] = csrfTokens(form.body)
  assert.ok(token, `no CSRF token: ${form.status}`)
  const body = new URLSearchParams({ password, _csrf: token }).toString()
  const res = await send(port, {
    host,
    from,
    method: 'POST',
    path: '/admin/login/',
    headers: {
      cookie: cookiesOf(form.headers).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  })
  return { status: res.status, cookies: cookiesOf(res.headers) }
}
