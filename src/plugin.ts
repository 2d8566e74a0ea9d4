import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyRequest,
  RouteHandlerMethod,
} from 'fastify'
import fp from 'fastify-plugin'
import { debugNotFound } from './debug-404.ts'
import { errorHandler } from './error-handler.ts'
import {
  type ErrorHandlerFunction,
  type ErrorHandlerKey,
  ErrorHandlerSpec,
  findErrorHandler,
} from './error-handler-spec.ts'
import { InvalidHook, SubdomainWithoutServerName, UntrustedHostRule } from './errors.ts'
import { installAppWide, templateAdditions } from './modules/app-wide.ts'
import type { AfterRequest } from './modules/blueprint.ts'
import { checkBoundaries } from './modules/boundaries.ts'
import { MODULES_ENV, readConfig } from './modules/config.ts'
import { type AppInspection, inspectApp, type KnownModules } from './modules/inspect.ts'
import { childrenFirst, type LoadedModule } from './modules/load.ts'
import { type MigrationDatabase, runMigrations } from './modules/migrations.ts'
import { modulePlugin } from './modules/register.ts'
import type { ModuleEntry } from './modules/registration.ts'
import { resolveSettings } from './modules/settings.ts'
import { keepNextTickFast } from './next-tick.ts'
import { type MatcherHolder, MethodIndex, methodAwareNotFound } from './not-found.ts'
import { respond } from './respond.ts'
import { placeModules, serviceRoutes } from './services/placement.ts'
import { show } from './show.ts'
import { staticChainOrder } from './static/folders.ts'
import { readManifest } from './static/hashing.ts'
import { staticChain } from './static/plugin.ts'
import { staticBuilder, staticEndpoints } from './static/url.ts'
import { ContextProcessors } from './templates/context.ts'
import type {
  RenderScope,
  TemplateEngine,
  TemplateFolders,
  TemplatePrecedence,
} from './templates/engine.ts'
import {
  type AutoescapeOption,
  createNunjucksEngine,
  type NunjucksEngineOptions,
} from './templates/nunjucks.ts'
import { decorateTemplates } from './templates/plugin.ts'
import { trustedHosts as checkHosts, trustsHostRule } from './trusted-hosts.ts'
import { isClass } from './urls/class-view.ts'
import { buildMatcher } from './urls/compile.ts'
import { type ConverterDefinition, converterTable } from './urls/converters.ts'
import { ruleStrategy } from './urls/dispatch.ts'
import { ROUTES_FILE, writeRouteTypes } from './urls/routes-file.ts'
import type { UrlFor, UrlForEndpoint, UrlForValues, UrlForValuesArg } from './urls/typed-routes.ts'
import { UrlMap } from './urls/url-map.ts'
import {
  type UrlDefaults,
  UrlProcessors,
  type UrlValuePreprocessor,
} from './urls/url-processors.ts'

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
  /**
   * Which templates escape `{{ value }}`: by default `.html`, `.htm`, `.xml`, `.xhtml` and
   * `.svg` do, others (`.txt`) do not, as Flask; true, false, a list of extensions, or a
   * function of the template's path.
   */
  autoescape?: AutoescapeOption
  /** Another engine than the default nunjucks one, made from the app's folders. */
  engine?: (folders: TemplateFolders & { dev: boolean }) => TemplateEngine
  /** Options of the default nunjucks engine (filters, globals, configure…). */
  nunjucks?: Omit<NunjucksEngineOptions, keyof TemplateFolders | 'dev' | 'precedence'>
}

/**
 * Options of the `microservices` plugin: the library's own, never Fastify's server options
 * (give those to `Fastify(...)`).
 */
export interface MicroServicesPluginOptions {
  /** The app's folder: modules/, templates/ and static/ are found from it. Default: the current folder. */
  root?: string
  /**
   * The modules to mount, in order. Default: the `MODULES` environment variable, else
   * `"modules"` of `<root>/microservices.json`, else every module folder (the environment
   * beats this list: ops can drop a module in or out without a code change). An entry
   * may say how it is mounted: `{ name: 'forum', as: 'help', prefix: '/help', defaults: { lang: 'en' } }`.
   */
  modules?: readonly ModuleEntry[]
  /** The modules folder, from the root. Default: `"modulesDir"` of microservices.json, else 'modules'. */
  modulesDir?: string
  /** Environment variable holding the enabled list (`MODULES=home,forum`); false to ignore it. */
  modulesEnv?: string | false
  /**
   * Modules whose rules `urlFor` knows without mounting them (a process that serves a
   * subset of the app still links to the others): a list, or 'all' for every module
   * folder. Mounted modules are always known. Default: the mounted ones only.
   */
  knownModules?: KnownModules
  /** Your own converters, by name: `{ hex: { regex: '[0-9a-f]+', toValue, toUrl } }`. */
  converters?: Record<string, ConverterDefinition>
  /** Host of external URLs (Flask's SERVER_NAME): wins over the request's Host when set. */
  serverName?: string
  /** Hosts the app answers (Django's ALLOWED_HOSTS): 'example.com', '.example.com', '*'; others get 400. */
  trustedHosts?: readonly string[]
  /** Scheme for external URLs outside a request. Default 'http'. */
  preferredUrlScheme?: string
  /**
   * The app's 404 handler, set with Fastify's `setNotFoundHandler`. Leave it out and call
   * `app.setNotFoundHandler(...)` yourself if you prefer: either way 405, 308 and OPTIONS
   * are answered before any not-found handler runs. Without it, in development, a browser
   * gets a page listing the rules tried (as Django's debug 404), before any handler.
   */
  notFound?: RouteHandlerMethod
  /**
   * Write `<root>/routes.d.ts` (endpoint -> rule of every module of the app, enabled or
   * not) so the compiler checks urlFor calls; a failure to write is logged, never fatal.
   * Default: on in development (`dev`), which is how `fastify-microservices dev` runs the
   * app; a plain start writes nothing. `fastify-microservices types` writes it on demand.
   */
  routeTypes?: boolean
  /**
   * Development: templates and static files are re-read when they change, without a
   * restart, and a browser gets an error page naming the module and file at fault.
   * Default: on when NODE_ENV is 'development'.
   */
  dev?: boolean
  /**
   * Send the messages of 5xx errors to clients, as Fastify does. Default: as `dev` (on only
   * in development); off, a 5xx answers "Internal Server Error" only (the log has it all).
   */
  exposeErrors?: boolean
  /** Templates: folder precedence, or another engine than nunjucks. */
  templates?: TemplateOptions
  /** Static files: caching, content-hashed names, dotfiles. */
  static?: StaticOptions
  /**
   * Run one service of services.json: only its modules are mounted, every module's rules are
   * known to urlFor. Default: the SERVICE environment variable; false to ignore it.
   */
  service?: string | false
  /** A response header naming the service on every answer (tests, debugging), e.g. 'x-service'. */
  serviceHeader?: string
  /**
   * Runs the migrations the mounted modules ship (`migrations/`) at start-up, before they
   * are registered, in requires order: `migrate: sqliteMigrations(db)`. Default: off.
   */
  migrate?: MigrationDatabase
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Builds the URL of an endpoint, outside a request or in one:
     * `app.urlFor('forum.board', { board_id: 3 })`, and `request.server.urlFor(...)` alike.
     */
    urlFor: UrlFor
    /** Every endpoint the app can build, with its rule. */
    readonly urlMap: UrlMap
    /** Flask's app.url_defaults: fills values into every urlFor of the app (url_for in templates too). */
    urlDefaults(fn: UrlDefaults): void
    /**
     * Flask's app.register_error_handler: `app.registerErrorHandler(404, fn)` or
     * `(MyError, fn)` for every route of the app; a module's own errorHandler comes first.
     */
    registerErrorHandler(key: ErrorHandlerKey, handler: ErrorHandlerFunction): void
    /** Flask's app.url_value_preprocessor: sees (endpoint, request.params, request) before every module view. */
    urlValuePreprocessor(fn: UrlValuePreprocessor): void
    /** The mounted modules, in enabled order (empty until the plugin has loaded them). */
    readonly microservices: readonly LoadedModule[]
    /**
     * In a module's context (its setup, `request.server` in its views): its settings,
     * defaults overridden by microservices.json and the environment; `{}` elsewhere.
     */
    readonly moduleSettings: Readonly<Record<string, unknown>>
  }
  interface FastifyContextConfig {
    /** The route's endpoint ('forum.board'); set on every module route. */
    endpoint?: string
    /** The module that owns the route. */
    module?: string
  }
  interface FastifyRequest {
    /** The module handling this request (undefined outside modules), as Flask's request.blueprint. */
    readonly blueprint: string | undefined
    /**
     * The endpoint of the rule that matched ('forum.board'), as Flask's request.endpoint;
     * undefined where no module rule matched (a 404, the app's own routes).
     */
    readonly endpoint: string | undefined
    /** Builds a URL; '.name' means this request's module. */
    urlFor<E extends UrlForEndpoint>(endpoint: E, ...values: UrlForValuesArg<E>): string
  }
  interface FastifyReply {
    /** Builds a URL; '.name' means this request's module. */
    urlFor<E extends UrlForEndpoint>(endpoint: E, ...values: UrlForValuesArg<E>): string
  }
}

/** Where the modules to mount come from, when they are mounted. */
export interface MountOptions {
  readonly modules?: readonly ModuleEntry[] | undefined
  readonly modulesDir?: string | undefined
}

/** What `installMicroServices` hands back: the step that finds and mounts the modules. */
export interface MicroServicesCore {
  /** Imports and checks every module, then registers each as an encapsulated plugin. */
  mount(options: MountOptions): Promise<void>
}

/** The name every app-level decoration and hook of the library is registered under. */
const PLUGIN_NAME = 'fastify-microservices'

// at import, before the process's first major GC (see next-tick.ts)
keepNextTickFast()

/**
 * A template engine that can be given its modules' folders after the app made it, so that
 * `render` works before the modules are mounted (root folder only, until then).
 */
class SwappableEngine implements TemplateEngine {
  #current: TemplateEngine
  readonly #make: (folders: TemplateFolders) => TemplateEngine

  constructor(make: (folders: TemplateFolders) => TemplateEngine, rootDir: string) {
    this.#make = make
    this.#current = make({ rootDir, modules: [] })
  }

  async swap(folders: TemplateFolders): Promise<void> {
    const old = this.#current
    this.#current = this.#make(folders)
    await old.close?.()
  }

  render(
    name: string,
    context: Record<string, unknown>,
    scope: RenderScope,
  ): string | Promise<string> {
    return this.#current.render(name, context, scope)
  }

  async close(): Promise<void> {
    await this.#current.close?.()
  }
}

/** Fastify's own error handler is still the app's: nobody called setErrorHandler on it. */
const hasDefaultErrorHandler = (app: FastifyInstance): boolean =>
  app.errorHandler.name === 'defaultErrorHandler'

/**
 * Adds everything the library gives an app, synchronously, to `app`: `urlFor` (app,
 * request, reply), `render` (app, reply), `addContextProcessor`, Werkzeug's 405, 308 and
 * OPTIONS answers, the error handler (unless the app has its own); then `mount` finds and
 * registers the modules. The `microservices` plugin and `MicroServicesApp` both build on it.
 */
export function installMicroServices(
  app: FastifyInstance,
  options: MicroServicesPluginOptions = {},
): MicroServicesCore {
  const {
    root = process.cwd(),
    converters,
    serverName,
    trustedHosts,
    preferredUrlScheme,
    modulesEnv = MODULES_ENV,
    knownModules,
    notFound,
    dev = process.env.NODE_ENV === 'development',
    routeTypes = dev,
    templates = {},
    exposeErrors,
    static: staticOptions = {},
    service = process.env.SERVICE,
    serviceHeader,
    migrate,
  } = options
  converterTable(converters) // refuse bad converter definitions when the app is made
  const urlProcessors = new UrlProcessors()
  const urlMap = new UrlMap({ serverName, preferredUrlScheme, processors: urlProcessors })
  // The matcher and the 405/308 index see param lengths as the app's router does.
  const maxParamLength = routerMaxParamLength(app)
  const methods = new MethodIndex({ maxParamLength })
  const holder: MatcherHolder = { matcher: undefined }
  const loaded: LoadedModule[] = []
  // Flask's app-level errorhandler: app.registerErrorHandler and the modules' appErrorHandler.
  const appErrors = new ErrorHandlerSpec('app')

  // Werkzeug's answers for a path no route serves, before whatever not-found handler the
  // app has (Fastify's, the `notFound` option, or its own setNotFoundHandler, in any order).
  app.addHook('onRoute', (route) => {
    // Module rules are in the matcher; the index keeps the app's and plugins' own routes.
    if (route.config?.endpoint === undefined) methods.add(route.url, route.method)
  })
  if (trustedHosts !== undefined) app.addHook('onRequest', checkHosts(trustedHosts))
  const PASS = Symbol('not answered')
  const answer = methodAwareNotFound(methods, holder, () => PASS)
  // In development, unless the app gives its own notFound, a browser gets a page listing the
  // rules tried (as Django's debug 404, which also comes before the app's own handler).
  const debug = dev && notFound === undefined ? debugNotFound(urlMap, () => PASS) : undefined
  // In preParsing, after every onRequest hook of the app (auth, IP blocks, CORS
  // preflights: Flask's app-level before_request runs for these answers too), before a
  // body is parsed (a 405 is a 405 whatever its body).
  app.addHook('preParsing', function werkzeugNotFound(request, reply, _payload, done) {
    if (!request.is404) return done()
    if (answer.call(this, request, reply) !== PASS) return
    if (debug === undefined || debug.call(this, request, reply) === PASS) done()
  })
  if (notFound !== undefined) app.setNotFoundHandler(notFound)
  if (hasDefaultErrorHandler(app)) {
    const handle = errorHandler({
      expose: exposeErrors,
      debugPage: dev,
      moduleFile: (name) => loaded.find((m) => m.name === name)?.entry,
    })
    // Modules mounted before the app calls setErrorHandler keep this handler (Fastify
    // copies it into each context it creates): it hands their errors to the app's own.
    app.setErrorHandler(async function microservicesErrors(
      this: FastifyInstance,
      error,
      request,
      reply,
    ) {
      const own = error instanceof Error ? findErrorHandler(error, [appErrors]) : undefined
      if (own !== undefined) return respond(await own(error as FastifyError, request, reply), reply)
      const current = app.errorHandler
      if (current.name !== `bound ${microservicesErrors.name}`) {
        return current.call(this, error, request, reply)
      }
      return handle(error, request, reply)
    })
  }

  app.decorate('urlMap', urlMap)
  app.decorate('registerErrorHandler', (key: ErrorHandlerKey, handler: ErrorHandlerFunction) => {
    appErrors.add(key, handler)
  })
  app.decorate('urlDefaults', (fn: UrlDefaults) => {
    urlProcessors.addDefaults(checkedProcessor('urlDefaults', fn))
  })
  app.decorate('urlValuePreprocessor', (fn: UrlValuePreprocessor) => {
    urlProcessors.addPreprocessor(checkedProcessor('urlValuePreprocessor', fn))
  })
  app.decorate('microservices', loaded)
  app.decorate('urlFor', ((endpoint: string, values?: UrlForValues) =>
    urlMap.urlFor(endpoint, values)) as UrlFor)
  app.decorateRequest('endpoint', {
    getter(this: FastifyRequest): string | undefined {
      return this.is404 ? undefined : this.routeOptions.config.endpoint
    },
  })
  app.decorateRequest('urlFor', function urlFor(endpoint: string, values?: UrlForValues) {
    return urlMap.urlFor(endpoint, values, this)
  })
  app.decorateReply('urlFor', function urlFor(endpoint: string, values?: UrlForValues) {
    return urlMap.urlFor(endpoint, values, this.request)
  })

  // The filters, globals and tests the mounted modules declare (set by mount).
  let additions: ReturnType<typeof templateAdditions> | undefined
  const engine = new SwappableEngine(
    (folders) =>
      templates.engine?.({ ...folders, dev }) ??
      createNunjucksEngine({
        ...templates.nunjucks,
        ...folders,
        precedence: templates.precedence,
        autoescape: templates.autoescape ?? templates.nunjucks?.autoescape,
        dev,
        urls: urlMap,
        additions,
      }),
    join(root, 'templates'),
  )
  const processors = new ContextProcessors()
  decorateTemplates(app, {
    engine,
    processors,
    urlFor: (endpoint, values, request) => urlMap.urlFor(endpoint, values, request),
  })

  /**
   * routes.d.ts for every module of the app, whatever subset is mounted; a module that
   * is not mounted and fails to import, or a read-only root, costs the file, not the start.
   */
  async function writeTypes(folder: string, mounted: readonly ModuleEntry[]): Promise<void> {
    try {
      const every = await inspectApp({
        root,
        modulesDir: folder,
        enabled: mounted,
        modulesEnv: false,
        converters,
        known: 'all',
      })
      writeRouteTypes(root, [
        ...every.knownRoutes.map(({ endpoint, pattern }) => ({ endpoint, rule: pattern.rule })),
        ...staticEndpoints(every.known.map((m) => m.name)),
      ])
    } catch (err) {
      app.log.warn({ err }, `${ROUTES_FILE} was not written`)
    }
  }

  /** What `check` reports of the modules' imports, as warnings: the app still starts. */
  async function warnBoundaries(inspection: AppInspection): Promise<void> {
    const { problems } = await checkBoundaries(root, inspection.folder, inspection.modules)
    for (const err of problems) {
      app.log.warn({ code: (err as { code?: string }).code }, err.message)
    }
  }

  async function mount({ modules: enabled, modulesDir }: MountOptions): Promise<void> {
    const running = service === false || service === '' ? undefined : service
    const inspection = await inspectApp({
      root,
      modulesDir,
      enabled,
      modulesEnv,
      converters,
      // A service of a split knows every module's rules, to link to the other services.
      known: running === undefined ? knownModules : 'all',
      serverName,
    })
    // Flask's rule: a subdomain is one of SERVER_NAME, so it cannot be matched without it.
    const unplaced = inspection.knownRoutes.find((r) => r.subdomain !== undefined && !r.host)
    if (unplaced?.subdomain !== undefined) {
      throw new SubdomainWithoutServerName(
        unplaced.module,
        unplaced.pattern.rule,
        unplaced.subdomain,
      )
    }
    // A host rule's hosts must be trusted, or trustedHosts would answer each of its requests 400.
    const untrusted =
      trustedHosts === undefined
        ? undefined
        : inspection.routes.find((r) => r.host && !trustsHostRule(trustedHosts, r.host))
    if (untrusted?.host !== undefined && trustedHosts !== undefined) {
      throw new UntrustedHostRule(
        untrusted.module,
        untrusted.pattern.rule,
        untrusted.host.rule,
        trustedHosts,
      )
    }
    // In development only: reading every module's files costs start-up time production need not pay.
    if (dev) await warnBoundaries(inspection)
    // With services.json and SERVICE=<name>, this process mounts that service's modules only.
    const placement = placeModules(
      running === undefined ? inspection : { ...inspection, modules: inspection.known },
      running,
    )
    serviceRoutes(app, placement, { header: serviceHeader })
    const modules = placement.mounted
    const config = readConfig(root)
    // Every module's settings checked before anything is registered, as its rules are.
    const settings = new Map(
      modules.map((m) => [
        m.name,
        resolveSettings(m.name, m.blueprint.settingsSchema, {
          config: config.settings,
          env: process.env,
        }),
      ]),
    )
    if (migrate !== undefined) await runMigrations(migrate, modules)
    const mounted = modules.map((m) => m.name)
    const mountedNames = new Set(mounted)
    const routes = inspection.knownRoutes.filter((route) => mountedNames.has(route.module))
    // Static files and templates: every module this process knows, so urlFor('x.static')
    // builds links to another service's files (the edge serves them).
    const indexed = running === undefined ? modules : inspection.known
    // An anonymous view ('' endpoint) is served but never reversed.
    for (const route of inspection.knownRoutes) if (route.endpoint !== '') urlMap.add(route.builder)
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
      folders: staticChainOrder(
        childrenFirst(indexed)
          .filter((m) => dev || existsSync(m.blueprint.staticFolder))
          .map((m) => ({
            owner: m.name,
            dir: m.blueprint.staticFolder,
            shared: m.blueprint.sharedStatic,
            installed: m.package !== undefined,
          })),
        join(root, 'static'),
      ),
      watch: dev,
    })
    // Known modules' static URLs too (plain names: their files are not indexed here).
    for (const { endpoint, rule, owner } of staticEndpoints(inspection.known.map((m) => m.name))) {
      urlMap.add(staticBuilder(endpoint, rule, chain, owner))
    }
    if (routeTypes) {
      const registered = modules.filter((m) => m.parent === undefined).map((m) => m.registration)
      await writeTypes(inspection.folder, registered)
    }
    loaded.push(...modules)
    additions = templateAdditions(modules)
    installAppWide(app, modules, processors, urlProcessors)
    for (const { blueprint } of modules) appErrors.merge(blueprint.appErrorHandlers)
    // A module another service mounts still fills the values of links to its endpoints.
    for (const { name, blueprint } of inspection.known) {
      if (mountedNames.has(name)) continue
      for (const fn of blueprint.urlDefaultsFunctions) urlProcessors.addDefaults(fn, name)
    }
    await engine.swap({
      rootDir: join(root, 'templates'),
      modules: modules.map((m) => ({
        module: m.name,
        dir: m.blueprint.templateFolder,
        installed: m.package !== undefined,
      })),
    })
    for (const { name, blueprint } of modules) {
      for (const processor of blueprint.contextProcessors) processors.add(processor, name)
    }
    const byModule = Map.groupBy(routes, (route) => route.module)
    // A child module is registered inside its parent, so the parent's hooks are its too.
    const pluginOf = (module: LoadedModule, after: readonly AfterRequest[]): FastifyPluginAsync => {
      const { name } = module
      const own = [...module.blueprint.afterRequestHooks].reverse().concat(after)
      const children = modules.filter((m) => m.parent === name).map((m) => pluginOf(m, own))
      const routes = byModule.get(name) ?? []
      const nesting = { children, after }
      return modulePlugin(
        module,
        routes,
        chain,
        urlProcessors,
        settings.get(name),
        nesting,
        appErrors,
      )
    }
    // Queued, not awaited one by one: avvio loads them all at ready(), as bare Fastify does.
    for (const module of modules) {
      if (module.parent === undefined || !mountedNames.has(module.parent)) {
        app.register(pluginOf(module, []))
      }
    }
  }
  return { mount }
}

const plugin: FastifyPluginAsync<MicroServicesPluginOptions> = async (app, options) => {
  const { modules, modulesDir } = options
  await installMicroServices(app, options).mount({ modules, modulesDir })
}

/**
 * The library as a Fastify plugin: mounts the app's modules on any Fastify instance,
 * beside the app's own routes, and decorates `urlFor` and `render`. Register it at the
 * root of the app.
 * @example await app.register(microservices, { root: import.meta.dirname, modules: ['forum'] })
 */
export const microservices = fp(plugin, { fastify: '5.x', name: PLUGIN_NAME })

/** A function given to app.urlDefaults / app.urlValuePreprocessor; anything else is refused at once. */
function checkedProcessor<F>(knob: string, fn: F): F {
  if (typeof fn !== 'function' || isClass(fn)) {
    throw new InvalidHook('app', knob, `got ${show(fn)}, not a function`)
  }
  return fn
}

/** The router's maxParamLength, wherever the app's server options gave it. */
function routerMaxParamLength(app: FastifyInstance): number {
  const config = app.initialConfig as {
    maxParamLength?: number
    routerOptions?: { maxParamLength?: number }
  }
  return config.routerOptions?.maxParamLength ?? config.maxParamLength ?? 100
}
