import type { FastifyReply } from 'fastify'
import { isPlainObject } from './plain-object.ts'

/** The content type of every HTML answer the library sends (views' strings, templates, error pages). */
export const HTML = 'text/html; charset=utf-8'

const isStatus = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599

/**
 * Flask's `[body, status]` and `[body, status, headers]`. An array of another shape is
 * sent as JSON, like any array.
 */
const isTuple = (value: unknown[]): boolean =>
  (value.length === 2 && isStatus(value[1])) ||
  (value.length === 3 && isStatus(value[1]) && isPlainObject(value[2]))

/**
 * Turns what a view returned into what Fastify sends, as Flask does: a string is HTML,
 * an object or array is JSON, `[body, status, headers?]` sets status and headers.
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
  if (Array.isArray(result) && isTuple(result)) {
    reply.code(result[1] as number)
    if (result.length === 3) reply.headers(result[2] as Record<string, string>)
    return respond(result[0], reply) ?? ''
  }
  return result
}
