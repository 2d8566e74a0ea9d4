import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  RouteHandlerMethod,
} from 'fastify'
import { ModuleSetupError } from '../errors.ts'
import { respond } from '../respond.ts'
import { type StaticChain, serveModuleStatic } from '../static/plugin.ts'
import type { CompiledRoute } from '../urls/compile.ts'
import type { LoadedModule } from './load.ts'

/** A view wrapped for Fastify: params converted (a refusal is a 404), the result adapted as Flask. */
export function viewHandler(route: CompiledRoute): RouteHandlerMethod {
  const view = route.pattern.view as (
    this: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => unknown
  const convert = route.convert
  if (convert === undefined) {
    return function handler(request, reply) {
      return respond(view.call(this, request, reply), reply)
    }
  }
  return function handler(request, reply) {
    if (!convert(request.params as Record<string, unknown>)) {
      reply.callNotFound()
      return reply
    }
    return respond(view.call(this, request, reply), reply)
  }
}

/**
 * One enabled module as an ordinary encapsulated Fastify plugin: its hooks, error
 * handler and plugins touch only its own routes and its own `/static_<module>/` files.
 */
export function modulePlugin(
  module: LoadedModule,
  routes: readonly CompiledRoute[],
  staticFiles?: StaticChain,
): FastifyPluginAsync {
  const { blueprint } = module
  const plugin: FastifyPluginAsync = async (instance) => {
    instance.decorateRequest('blueprint', blueprint.name)
    for (const hook of blueprint.beforeRequestHooks) {
      instance.addHook('preHandler', async (request, reply) => {
        const result = await hook(request, reply)
        if (reply.sent) return reply
        if (result !== undefined) {
          reply.send(await respond(result, reply))
          return reply
        }
      })
    }
    for (const hook of blueprint.afterRequestHooks) {
      instance.addHook('onSend', async (request, reply, payload) => {
        const result = await hook(request, reply, payload)
        return result === undefined ? payload : result
      })
    }
    const handleError = blueprint.moduleErrorHandler
    if (handleError !== undefined) {
      instance.setErrorHandler(async (error, request, reply) =>
        respond(await handleError(error as FastifyError, request, reply), reply),
      )
    }
    for (const setup of blueprint.setups) {
      try {
        await setup(instance)
      } catch (cause) {
        throw new ModuleSetupError(blueprint.name, module.entry, cause)
      }
    }
    if (staticFiles !== undefined) serveModuleStatic(instance, staticFiles, blueprint.name)
    for (const route of routes) {
      const { extras } = route.pattern
      instance.route({
        ...extras,
        method: [...route.methods],
        url: route.path,
        handler: viewHandler(route),
        config: { ...extras.config, endpoint: route.endpoint, module: route.module },
      })
    }
  }
  Object.defineProperty(plugin, 'name', { value: `module:${blueprint.name}` })
  return plugin
}
