import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import type { HTTPException } from './abort.ts'
import { type ErrorHandlerSpec, findErrorHandler } from './error-handler-spec.ts'
import { type ErrorPages, unmatched } from './error-page.ts'
import type { LoadedModule } from './modules/load.ts'
import { respond } from './respond.ts'

type Handler = (error: unknown, request: FastifyRequest, reply: FastifyReply) => unknown

let fastifysOwn: unknown
/**
 * Fastify's own error handler: the one a new instance has, the same function in every
 * instance of one Fastify. An app whose handler is another has set its own.
 */
const fastifyDefault = (): unknown => {
  fastifysOwn ??= Fastify().errorHandler
  return fastifysOwn
}

export interface ErrorDispatchOptions {
  /** Flask's registered handlers for a request of `module`: its own, its parents', the app's. */
  readonly specs: (module: string | undefined) => readonly (ErrorHandlerSpec | undefined)[]
  /** The library's own answer, when neither Flask's handlers nor the app's own take the error. */
  readonly fallback: Handler
  /** The site's error pages, for the 404s and 405s of URLs no route serves. */
  readonly pages: ErrorPages
}

/** Sends what a handler answered outside Fastify's error path (a preParsing hook). */
async function settle(answer: unknown, reply: FastifyReply): Promise<unknown> {
  const value = await respond(answer, reply)
  if (value !== undefined && value !== reply && !reply.sent) return reply.send(value)
  return reply
}

/** The errorHandler registrations of a mounted module and its parents, the module's first (Flask's nesting). */
export function moduleErrorSpecs(
  loaded: readonly LoadedModule[],
  module: string | undefined,
): ErrorHandlerSpec[] {
  const specs: ErrorHandlerSpec[] = []
  for (let name = module; name !== undefined; ) {
    const found = loaded.find((m) => m.name === name)
    if (found !== undefined) specs.push(found.blueprint.errorHandlers)
    name = found?.parent
  }
  return specs
}

/**
 * Who answers an error, as Flask and Fastify together: a handler registered for its status
 * or class (`errorHandler`, `appErrorHandler`, `app.registerErrorHandler`), else the app's
 * own Fastify error handler (`setErrorHandler`, before or after the library, in the route's
 * context), else the library's `fallback`.
 *
 * The library never calls `setErrorHandler`: it gives each route registered after it a
 * route-level `errorHandler` (one the route has wins), so the app may set its own without
 * Fastify's FSTWRN004 warning, or with `allowErrorHandlerOverride: false`. Routes the app
 * registered before the library keep whatever handler the app has.
 */
export function installErrorDispatch(app: FastifyInstance, options: ErrorDispatchOptions) {
  const { specs, fallback, pages } = options
  const dispatch =
    (instance: FastifyInstance) =>
    async (error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const own =
        error instanceof Error ? findErrorHandler(error, specs(request.blueprint)) : undefined
      if (own !== undefined) return respond(await own(error as FastifyError, request, reply), reply)
      // Read when the error happens: the app may set its handler after its routes.
      const fastify = instance.errorHandler
      if (fastify !== fastifyDefault())
        return fastify.call(instance, error as FastifyError, request, reply)
      return fallback(error, request, reply)
    }
  app.addHook('onRoute', function giveErrorHandler(this: FastifyInstance, route) {
    route.errorHandler ??= dispatch(this)
  })
  /**
   * The answer to a 404 or 405 no route gives: Flask's handler registered for it, else
   * the site's page for a request that accepts HTML; undefined when neither answers (the
   * caller's JSON does). Headers (Allow) are the caller's. `module` is the one whose
   * handlers and templates come first: the request's, or the one owning the URL's prefix.
   */
  function routingError(
    error: HTTPException,
    request: FastifyRequest,
    reply: FastifyReply,
    module: string | undefined = request.blueprint,
  ): Promise<unknown> | undefined {
    const own = findErrorHandler(error, specs(module))
    if (own !== undefined) return settle(own(error as never, request, reply), reply)
    if (!pages.wanted(request, module)) return undefined
    const { statusCode: status, message } = error
    return pages.send(request, reply, { status, message, module, error })
  }
  // Fastify installs its own not-found handler the same way, without a handler: these
  // options last while Fastify's handler answers (a URL no route serves, a view's
  // reply.callNotFound()); the app can still set its own, which drops them, and the call
  // throws when the app already has.
  if (app.prefix === '') {
    try {
      const keepFastifys = app.setNotFoundHandler as unknown as (opts: object) => void
      keepFastifys.call(app, {
        errorHandler: dispatch(app),
        preHandler: async function notFoundPage(request: FastifyRequest, reply: FastifyReply) {
          const answer = routingError(unmatched(), request, reply)
          if (answer !== undefined) {
            await answer
            return reply
          }
        },
      })
    } catch {
      // The app's own not-found handler answers.
    }
  }
  return { routingError }
}

export type ErrorDispatch = ReturnType<typeof installErrorDispatch>
