import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
  RouteHandlerMethod,
  RouteOptions,
} from 'fastify'
import { ModuleSetupError, RouteRegistrationError } from '../errors.ts'
import { hostName } from '../host.ts'
import { isSamePath } from '../not-found.ts'
import { respond } from '../respond.ts'
import { type StaticChain, serveModuleStatic } from '../static/plugin.ts'
import type { CompiledRoute } from '../urls/compile.ts'
import { matchedValues, RULE_CONSTRAINT } from '../urls/dispatch.ts'
import type { UrlProcessors } from '../urls/url-processors.ts'
import type { AfterRequest, BeforeRequest } from './blueprint.ts'
import type { LoadedModule } from './load.ts'

/** Values equal for Werkzeug: a default of 1 stands for a converted 1 or '1'. */
const sameValue = (a: unknown, b: unknown): boolean => a === b || String(a) === String(b)

/**
 * Werkzeug's redirect_defaults: the URL of an earlier rule of the endpoint whose defaults
 * are these values (`/users/page/1/` -> `/users/`), or undefined.
 */
function aliasTarget(
  route: CompiledRoute,
  values: Record<string, unknown>,
  request: FastifyRequest,
): string | undefined {
  const method = request.method
  for (const alias of route.aliases) {
    if (!alias.match.methods.has(method)) continue
    const { defaults } = alias.pattern
    if (!Object.keys(defaults).every((key) => sameValue(defaults[key], values[key]))) continue
    try {
      const path = alias.builder.build(values)
      const host = alias.builder.host?.build(values)
      // An alias on another host (Werkzeug's test_match_redirect_other_host) is an absolute URL.
      if (host === undefined || hostName(host) === hostName(request.host)) return path
      return `${request.protocol}://${host}${path}`
    } catch {}
  }
  return undefined
}

/**
 * A view wrapped for Fastify: params converted (a refusal is a 404), rule defaults added,
 * a request for a default-value URL redirected to the short one, the result adapted as Flask.
 */
function viewHandler(
  route: CompiledRoute,
  converted = false,
  processors?: UrlProcessors,
): RouteHandlerMethod {
  const own = route.pattern.view as (
    this: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => unknown
  // url_value_preprocessors see the converted values just before the view (they may be
  // registered on the app after the routes, so the check is made per request).
  const view =
    processors === undefined
      ? own
      : function preprocessed(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
          if (processors.preprocessing) processors.preprocess(route.endpoint, route.module, request)
          return own.call(this, request, reply)
        }
  // Params already converted by a preValidation hook (a route with its own params schema).
  const convert = converted ? undefined : route.convert
  const aliased = route.aliases.length > 0
  const run = function run(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    if (aliased) {
      const target = aliasTarget(route, request.params as Record<string, unknown>, request)
      if (target !== undefined) {
        const q = request.url.indexOf('?')
        return reply.redirect(q === -1 ? target : target + request.url.slice(q), 308)
      }
    }
    return respond(view.call(this, request, reply), reply)
  }
  const host = route.host
  if (host !== undefined && route.dispatch === 'router' && !converted) {
    // find-my-way's host constraint took the Host; its values join the path's.
    return function handler(request, reply) {
      const own = host.values(request.raw.headers.host)
      if (own === undefined || (convert !== undefined && !convert(request.params as never))) {
        reply.callNotFound()
        return reply
      }
      request.params = { ...(request.params as object), ...own }
      return run.call(this, request, reply)
    }
  }
  if (route.dispatch === 'matcher' && !converted) {
    return function handler(request, reply) {
      const values = matchedValues(request.raw)
      if (values === undefined) {
        reply.callNotFound()
        return reply
      }
      request.params = values
      return run.call(this, request, reply)
    }
  }
  if (convert === undefined && !aliased) {
    return function handler(request, reply) {
      return respond(view.call(this, request, reply), reply)
    }
  }
  if (convert !== undefined && !aliased) {
    // The common case, as cheap as before: convert, then the view.
    return function handler(request, reply) {
      if (!convert(request.params as Record<string, unknown>)) {
        reply.callNotFound()
        return reply
      }
      return respond(view.call(this, request, reply), reply)
    }
  }
  return function handler(request, reply) {
    if (convert !== undefined && !convert(request.params as Record<string, unknown>)) {
      reply.callNotFound()
      return reply
    }
    return run.call(this, request, reply)
  }
}

/** Converts a request's params in place; false when a converter refuses (a 404). */
function prepareParams(route: CompiledRoute, request: FastifyRequest): boolean {
  if (route.dispatch === 'matcher') {
    const values = matchedValues(request.raw)
    if (values === undefined) return false
    request.params = values
    return true
  }
  if (route.host !== undefined) {
    const own = route.host.values(request.raw.headers.host)
    if (own === undefined) return false
    if (route.convert !== undefined && !route.convert(request.params as never)) return false
    request.params = { ...(request.params as object), ...own }
    return true
  }
  return route.convert === undefined || route.convert(request.params as Record<string, unknown>)
}

/**
 * The route's schema and handler for its params. The converters describe the params to
 * Fastify (`schema.params`: int -> integer, any -> enum, uuid -> format uuid), documented
 * for @fastify/swagger. Alone, it is left unvalidated (the converters already checked the
 * params); beside other schema parts, or when the user gives a params schema of their own,
 * the params are converted in a preValidation hook and the schema validates the converted values.
 */
type ParamsOptions = Pick<RouteOptions, 'handler'> &
  Partial<Pick<RouteOptions, 'schema' | 'validatorCompiler' | 'preValidation'>>

/** The validator of a params schema that only documents: the converters checked the params. */
const valid = () => true
const unchecked = () => valid

function paramsOptions(route: CompiledRoute, processors?: UrlProcessors): ParamsOptions {
  const { extras } = route.pattern
  const schema = extras.schema as Record<string, unknown> | undefined
  const others = schema !== undefined && Object.keys(schema).length > 0
  const converted = route.match.converters.size > 0
  // Validated after conversion: the user's own params schema, or, beside other schema
  // parts Fastify validates anyway, the converters' own (so it is documented too).
  if (schema?.params !== undefined || (others && converted && !extras.validatorCompiler)) {
    const own = extras.preValidation
    const convert = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!prepareParams(route, request)) {
        reply.callNotFound()
        return reply
      }
    }
    return {
      ...(schema?.params === undefined
        ? { schema: { ...schema, params: route.paramsSchema } }
        : {}),
      preValidation: [convert, ...(own === undefined ? [] : Array.isArray(own) ? own : [own])],
      handler: viewHandler(route, true, processors),
    } as ParamsOptions
  }
  const handler = viewHandler(route, false, processors)
  if (!converted || others || extras.validatorCompiler !== undefined) {
    return { handler }
  }
  return {
    handler,
    schema: { ...schema, params: route.paramsSchema },
    validatorCompiler: unchecked,
  }
}

/** A blueprint's before-request hook as a preHandler: a value other than undefined answers instead of the view. */
export function beforeHook(hook: BeforeRequest): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const result = await hook(request, reply)
    if (reply.sent) return reply
    if (result !== undefined) {
      reply.send(await respond(result, reply))
      return reply
    }
  }
}

/** A blueprint's after-request hook as an onSend hook: it may give a new payload. */
export function afterHook(hook: AfterRequest): onSendAsyncHookHandler {
  return async (request, reply, payload) => {
    const result = await hook(request, reply, payload)
    return result === undefined ? payload : result
  }
}

/** A module's place among nested modules. */
export interface Nesting {
  /** The plugins of the modules it enables from its own `modules/` folder. */
  readonly children: readonly FastifyPluginAsync[]
  /** Its ancestors' after-request hooks, in the order they run after its own (parent first). */
  readonly after: readonly AfterRequest[]
}

const NOT_NESTED: Nesting = { children: [], after: [] }

/**
 * One enabled module as an ordinary encapsulated Fastify plugin: its hooks
 * and plugins touch only its own routes and its own `/static_<module>/` files.
 */
export function modulePlugin(
  module: LoadedModule,
  routes: readonly CompiledRoute[],
  staticFiles?: StaticChain,
  processors?: UrlProcessors,
  settings: Readonly<Record<string, unknown>> = {},
  nesting: Nesting = NOT_NESTED,
): FastifyPluginAsync {
  const { blueprint, name } = module
  const plugin: FastifyPluginAsync = async (instance) => {
    instance.decorate('moduleSettings', settings)
    // A parent's before-request hooks, error handler and setups are its children's too:
    // they are set on the context its children are registered in (Flask's nesting).
    for (const hook of blueprint.beforeRequestHooks)
      instance.addHook('preHandler', beforeHook(hook))
    for (const setup of blueprint.setups) {
      try {
        await setup(instance)
      } catch (cause) {
        throw new ModuleSetupError(name, module.entry, cause)
      }
    }
    const { children } = nesting
    if (children.length === 0) await ownRoutes(instance)
    else {
      // Its own routes apart from its children's, which decorate request.blueprint anew.
      instance.register(ownRoutes)
      for (const child of children) instance.register(child)
    }
  }
  /** The module's own routes, request.blueprint and after-request hooks. */
  const ownRoutes = async (instance: FastifyInstance) => {
    instance.decorateRequest('blueprint', name)
    // Flask runs after_request functions in the reverse order of their registration, a
    // child's before its parent's.
    for (const hook of [...blueprint.afterRequestHooks].reverse().concat(nesting.after)) {
      instance.addHook('onSend', afterHook(hook))
    }
    if (staticFiles !== undefined) serveModuleStatic(instance, staticFiles, name)
    for (const route of routes) {
      const { extras } = route.pattern
      try {
        instance.route({
          ...extras,
          ...paramsOptions(route, processors),
          method: [...route.methods],
          url: route.path,
          config: { ...extras.config, endpoint: route.endpoint, module: route.module },
          ...(route.dispatch === 'matcher'
            ? { constraints: { ...extras.constraints, [RULE_CONSTRAINT]: route.id } }
            : route.host !== undefined
              ? { constraints: { ...extras.constraints, host: route.host.router } }
              : {}),
        })
        if (route.slashRedirect !== undefined) {
          instance.route({
            method: [...route.slashRedirect.methods],
            url: route.slashRedirect.path,
            handler: (request, reply) => {
              const q = request.url.indexOf('?')
              const path = q === -1 ? request.url : request.url.slice(0, q)
              // find-my-way routes `GET http://evil.example/x` here by its path: the
              // Location must never carry the target's host (no absolute-form redirect).
              if (!isSamePath(path)) return reply.callNotFound()
              return reply.redirect(`${path}/${q === -1 ? '' : request.url.slice(q)}`, 308)
            },
            config: { endpoint: route.endpoint, module: route.module },
            ...(route.host === undefined ? {} : { constraints: { host: route.host.router } }),
          })
        }
      } catch (cause) {
        throw new RouteRegistrationError(name, route.pattern.rule, module.entry, cause)
      }
    }
  }
  Object.defineProperty(plugin, 'name', { value: `module:${name}` })
  return plugin
}
