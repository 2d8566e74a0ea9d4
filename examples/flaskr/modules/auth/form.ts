import type { FastifyRequest } from 'fastify'
import { abort } from 'fastify-microservices'

/**
 * Flask's `request.form[name]`: the field's (first) value; a form without the field is a
 * 400, as Werkzeug's BadRequestKeyError.
 */
export function formField(request: FastifyRequest, name: string): string {
  const form = request.body
  const value =
    typeof form === 'object' && form !== null ? (form as Record<string, unknown>)[name] : undefined
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : abort(400, `The form has no field '${name}'.`)
}
