import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/**
 * The app's error handler: logs the failure with the module and endpoint at fault and
 * answers as Fastify does, except that with `expose` off (production) a 5xx says only
 * "Internal Server Error": no message, stack or path from the server reaches the client.
 */
export function errorHandler(expose: boolean) {
  return function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500
    const where = { module: request.blueprint, endpoint: request.routeOptions.config.endpoint }
    if (status >= 500) request.log.error({ err: error, ...where }, 'request failed')
    else request.log.info({ err: error, ...where }, 'request refused')
    reply.code(status)
    if (status >= 500 && !expose) {
      return reply.send({
        statusCode: status,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
      })
    }
    return reply.send(error)
  }
}
