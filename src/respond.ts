import type { FastifyReply } from 'fastify'

/** The content type of every HTML answer the library sends (views' strings, templates, error pages). */
export const HTML = 'text/html; charset=utf-8'

// A registered symbol: a second copy of the library (its build and its sources, or two
// installs) recognises the answers the first made.
const RESPONSE = Symbol.for('fastify-microservices.response')

/** A body with its status and headers, as `response()` makes it (Flask's `(body, status, headers)`). */
export interface ViewResponse {
  readonly [RESPONSE]: true
  readonly body: unknown
  readonly status: number | undefined
  readonly headers: Readonly<Record<string, string | number | string[]>> | undefined
}

/**
 * A view's answer with a status and headers, Flask's `return body, status, headers`. Only
 * a value made here sets them: a plain array is JSON, as Flask sends a list, so an array
 * parsed from a request (`return request.body`) can never set a cookie or a Location.
 * @example return response({ error: 'no such board' }, 404)
 */
export function response(
  body: unknown,
  status?: number,
  headers?: Readonly<Record<string, string | number | string[]>>,
): ViewResponse {
  return Object.freeze({ [RESPONSE]: true as const, body, status, headers })
}

const isResponse = (value: object): value is ViewResponse =>
  (value as Partial<ViewResponse>)[RESPONSE] === true

/**
 * Turns what a view returned into what Fastify sends, as Flask does: a string is HTML,
 * an object or array is JSON, a `response(body, status, headers)` sets status and headers.
 * Anything done with `reply` is left as Fastify does it.
 */
export function respond(result: unknown, reply: FastifyReply): unknown {
  if (result === undefined || result === reply) return result
  if (typeof result === 'string') {
    if (!reply.hasHeader('content-type')) reply.type(HTML)
    return result
  }
  if (typeof result !== 'object' || result === null) return result
  if (typeof (result as PromiseLike<unknown>).then === 'function') {
    return (result as PromiseLike<unknown>).then((value) => respond(value, reply))
  }
  if (isResponse(result)) {
    if (result.status !== undefined) reply.code(result.status)
    if (result.headers !== undefined) reply.headers(result.headers)
    return respond(result.body, reply) ?? ''
  }
  return result
}
