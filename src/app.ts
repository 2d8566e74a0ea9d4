import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  type RouteHandlerMethod,
} from 'fastify'
import { errorHandler } from './error-handler.ts'
import { ModulesAlreadyRegistered } from './errors.ts'
import { withDefaultLimits } from './limits.ts'
import { inspectApp } from './modules/inspect.ts'
import type { LoadedModule } from './modules/load.ts'
import { modulePlugin } from './modules/register.ts'
import {
  defaultNotFound,
  type MatcherHolder,
  MethodIndex,
  methodAwareNotFound,
} from './not-found.ts'
import { readManifest } from './static/hashing.ts'
import { staticChain } from './static/plugin.ts'
import { staticBuilder, staticEndpoints } from './static/url.ts'
import { ContextProcessors } from './templates/context.ts'
import type { TemplateEngine, TemplateFolders, TemplatePrecedence } from './templates/engine.ts'
import { createNunjucksEngine, type NunjucksEngineOptions } from './templates/nunjucks.ts'
import { templatePlugin } from './templates/plugin.ts'
import { buildMatcher } from './urls/compile.ts'
import { type ConverterDefinition, converterTable } from './urls/converters.ts'
import { ruleStrategy } from './urls/dispatch.ts'
import { writeRouteTypes } from './urls/routes-file.ts'
import type { UrlFor, UrlForEndpoint, UrlForValuesArg } from './urls/typed-routes.ts'
import { type UrlForValues, UrlMap } from './urls/url-map.ts'

/** Options of MicroServicesApp; every other option goes to Fastify. */
export interface MicroServicesOptions extends FastifyServerOptions {
  /** The app's folder: modules/, templates/ and static/ are found from it. Default: the current folder. */
  root?: string
  /** Your own converters, by name: `{ hex: { regex: '[0-9a-f]+', toValue, toUrl } }`. */
  converters?: Record<string, ConverterDefinition>
  /** Host for external URLs built outside a request (Flask's SERVER_NAME). */
  serverName?: string
  /** Scheme for external URLs outside a request. Default 'http'. */
  preferredUrlScheme?: string
  /** Environment variable holding the enabled list (`MODULES=home,forum`); false to ignore it. */
  modulesEnv?: string | false
  /** Answers a request no route serves (after 405, OPTIONS and trailing-slash handling). */
  notFound?: RouteHandlerMethod
  /**
   * Write `<root>/routes.d.ts` (endpoint -> rule) so the compiler checks urlFor calls.
   * Default: on unless NODE_ENV is 'production'.
   */
  routeTypes?: boolean
  /**
   * Development: templates and static files are re-read when they change, without a
   * restart, and a browser gets an error page naming the module and file at fault.
   * Default: on when NODE_ENV is 'development'.
   */
  dev?: boolean
  /**
   * Send the messages of 5xx errors to clients, as Fastify does. Default: on unless
   * NODE_ENV is 'production'; off, a 5xx answers "Internal Server Error" only (the log has it all).
   */
  exposeErrors?: boolean
  /** Templates: folder precedence, or another engine than nunjucks. */
  templates?: TemplateOptions
  /** Static files: caching, content-hashed names, dotfiles. */
  static?: StaticOptions
}

/** How the static chain answers (`/static/...` and `/static_<module>/...`). */
export interface StaticOptions {
  /** `Cache-Control` of plain names, or false for none. Default 'public, max-age=0'. */
  cacheControl?: string | false
  /**
   * Content-hashed URLs from urlFor('static', ...) (`css/site.3f2a9c1b7d4e.css`), served with a
   * year-long immutable Cache-Control; plain names keep working. Default false.
   */
  hashed?: boolean
  /** A manifest written by `fastify-microservices collectstatic --hash`: its hashed names, instead of hashing at start-up. */
  manifest?: string
  /** Serve files and folders whose name starts with '.'. Default false. */
  allowDotfiles?: boolean
}

/** How templates are found and rendered. */
export interface TemplateOptions {
  /** 'module-first' (default, the original's order) or 'root-first' (the host overrides modules). */
  precedence?: TemplatePrecedence
  /** Another engine than the default nunjucks one, made from the app's folders. */
  engine?: (folders: TemplateFolders & { dev: boolean }) => TemplateEngine
  /** Options of the default nunjucks engine (filters, globals, configure…). */
  nunjucks?: Omit<NunjucksEngineOptions, keyof TemplateFolders | 'dev' | 'precedence'>
}

/** What MicroServicesApp adds to the Fastify instance. */
export interface MicroServicesDecorations {
  /**
   * Enables modules: imports each, checks every rule and name together, then registers
   * each as an encapsulated plugin. Nothing is registered if anything is wrong.
   * @example await app.registerUrls(['admin', 'forum', 'home'])
   */
  registerUrls(enabled?: readonly string[], modulesDir?: string): Promise<void>
  /** Builds the URL of an endpoint: `app.urlFor('forum.board', { board_id: 3 })`. */
  urlFor: UrlFor
  readonly urlMap: UrlMap
  /** The enabled modules, in enabled order (empty before registerUrls). */
  readonly microservices: readonly LoadedModule[]
  readonly root: string
}

export type MicroServicesInstance = FastifyInstance & MicroServicesDecorations

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's endpoint ('forum.board'); set on every module route. */
    endpoint?: string
    /** The module that owns the route. */
    module?: string
  }
  interface FastifyRequest {
    /** The module handling this request (undefined outside modules), as Flask's request.blueprint. */
    readonly blueprint: string | undefined
    /** Builds a URL; '.name' means this request's module. */
    urlFor<E extends UrlForEndpoint>(endpoint: E, ...values: UrlForValuesArg<E>): string
  }
  interface FastifyReply {
    /** Builds a URL; '.name' means this request's module. */
    urlFor<E extends UrlForEndpoint>(endpoint: E, ...values: UrlForValuesArg<E>): string
  }
}

/**
 * Creates the app: a real Fastify instance with modules, reverse routing and
 * Werkzeug's answers for wrong methods and missing trailing slashes.
 * @example const app = MicroServicesApp({ root: import.meta.dirname, logger: true })
 */
export function MicroServicesApp(options: MicroServicesOptions = {}): MicroServicesInstance {
  const {
    root = process.cwd(),
    converters,
    serverName,
    preferredUrlScheme,
    modulesEnv = 'MODULES',
    notFound = defaultNotFound,
    routeTypes = process.env.NODE_ENV !== 'production',
    dev = process.env.NODE_ENV === 'development',
    templates = {},
    exposeErrors = process.env.NODE_ENV !== 'production',
    static: staticOptions = {},
    ...fastifyOptions
  } = options
  converterTable(converters) // refuse bad converter definitions when the app is made
  const urlMap = new UrlMap({ serverName, preferredUrlScheme })
  const serverOptions = withDefaultLimits(fastifyOptions)
  // The matcher and the 405/308 index see param lengths as the app's router does.
  const maxParamLength =
    serverOptions.routerOptions?.maxParamLength ?? serverOptions.maxParamLength ?? 100
  const methods = new MethodIndex({ maxParamLength })
  const holder: MatcherHolder = { matcher: undefined }
  const app = Fastify(serverOptions) as unknown as MicroServicesInstance
  const loaded: LoadedModule[] = []
  let registered = false

  app.addHook('onRoute', (route) => {
    // Module rules are in the matcher; the index keeps the app's and plugins' own routes.
    if (route.config?.endpoint === undefined) methods.add(route.url, route.method)
  })
  app.setNotFoundHandler(methodAwareNotFound(methods, holder, notFound))
  app.setErrorHandler(
    errorHandler({
      expose: exposeErrors,
      debugPage: dev,
      moduleFile: (name) => loaded.find((m) => m.blueprint.name === name)?.entry,
    }),
  )
  app.decorate('root', root)
  app.decorate('urlMap', urlMap)
  app.decorate('microservices', loaded)
  app.decorate('urlFor', ((endpoint: string, values?: UrlForValues) =>
    urlMap.urlFor(endpoint, values)) as UrlFor)
  app.decorateRequest('urlFor', function urlFor(endpoint: string, values?: UrlForValues) {
    return urlMap.urlFor(endpoint, values, this)
  })
  app.decorateReply('urlFor', function urlFor(endpoint: string, values?: UrlForValues) {
    return urlMap.urlFor(endpoint, values, this.request)
  })

  app.decorate('registerUrls', async (enabled?: readonly string[], modulesDir?: string) => {
    if (registered) throw new ModulesAlreadyRegistered()
    registered = true
    const { modules, routes } = await inspectApp({
      root,
      modulesDir,
      enabled,
      modulesEnv,
      converters,
    })
    // An anonymous view ('' endpoint) is served but never reversed.
    for (const route of routes) if (route.endpoint !== '') urlMap.add(route.builder)
    holder.matcher = buildMatcher(routes, { maxParamLength })
    // Rules that could take the same URLs share a route, where the ordered matcher picks.
    if (routes.some((route) => route.dispatch === 'matcher')) {
      app.addConstraintStrategy(ruleStrategy(holder.matcher))
    }
    const { manifest, ...served } = staticOptions
    const chain = await staticChain(app, {
      ...served,
      manifest: manifest === undefined ? undefined : await readManifest(resolve(root, manifest)),
      // A module without a static/ folder gets no /static_<module>/ route (but in
      // development, where the folder may appear while the app runs).
      folders: [
        ...modules
          .filter((m) => dev || existsSync(m.blueprint.staticFolder))
          .map((m) => ({ owner: m.blueprint.name, dir: m.blueprint.staticFolder })),
        { owner: null, dir: join(root, 'static') },
      ],
      watch: dev,
    })
    for (const { endpoint, rule, owner } of staticEndpoints(modules.map((m) => m.blueprint.name))) {
      urlMap.add(staticBuilder(endpoint, rule, chain, owner))
    }
    if (routeTypes) writeRouteTypes(root, urlMap.rules)
    loaded.push(...modules)
    const folders: TemplateFolders = {
      rootDir: join(root, 'templates'),
      modules: modules.map((m) => ({ module: m.blueprint.name, dir: m.blueprint.templateFolder })),
    }
    const processors = new ContextProcessors()
    for (const { blueprint } of modules) {
      for (const processor of blueprint.contextProcessors) processors.add(processor, blueprint.name)
    }
    await app.register(templatePlugin, {
      engine:
        templates.engine?.({ ...folders, dev }) ??
        createNunjucksEngine({
          ...templates.nunjucks,
          ...folders,
          precedence: templates.precedence,
          dev,
        }),
      processors,
      urlFor: (endpoint, values, request) => urlMap.urlFor(endpoint, values, request),
    })
    const byModule = Map.groupBy(routes, (route) => route.module)
    // Queued, not awaited one by one: avvio loads them all at ready(), as bare Fastify does.
    for (const module of modules) {
      app.register(modulePlugin(module, byModule.get(module.blueprint.name) ?? []))
    }
  })
  return app
}
