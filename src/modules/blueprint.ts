import { statSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
} from 'fastify'
import {
  type ErrorHandlerFunction,
  type ErrorHandlerKey,
  ErrorHandlerSpec,
} from '../error-handler-spec.ts'
import {
  InvalidBlueprintOption,
  InvalidHook,
  InvalidURLName,
  ModuleExportsInvalid,
  UnknownBlueprintOption,
} from '../errors.ts'
import { show } from '../show.ts'
import { noAdditions, type TemplateAdditions } from '../templates/additions.ts'
import type { ContextProcessor } from '../templates/context.ts'
import { isClass } from '../urls/class-view.ts'
import { checkPatterns, checkSubdomain, type UrlPattern } from '../urls/url.ts'
import type { UrlDefaults, UrlValuePreprocessor } from '../urls/url-processors.ts'
import {
  checkPrefix,
  type ModuleEntry,
  type ModuleRegistration,
  PREFIX_RULE,
  registrationOf,
} from './registration.ts'
import type { SettingsSchema } from './settings.ts'

/** Runs before each view of the module; a value other than undefined is sent instead of the view's. */
export type BeforeRequest = (request: FastifyRequest, reply: FastifyReply) => unknown

/** Runs on each answer of the module; may return a new payload (Flask's after_request). */
export type AfterRequest = (
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
) => unknown

/** Handles errors thrown by the module's own routes only. */
export type ModuleErrorHandler = ErrorHandlerFunction

/** A template filter, global or test (nunjucks calls them with anything). */
// biome-ignore lint/suspicious/noExplicitAny: nunjucks filters and tests take anything
export type TemplateFunction = (...args: any[]) => unknown

/** Receives the module's own encapsulated Fastify context. */
export type ModuleSetup = (fastify: FastifyInstance) => void | Promise<void>

/**
 * How a module answers errors: `'html'` with the site's error pages to a request that
 * accepts HTML and JSON to others, `'json'` in JSON whatever it accepts (an API).
 */
export type ErrorFormat = 'html' | 'json'

/** What a module declares about itself when its blueprint is made. */
export interface BlueprintOptions {
  /** Modules this one needs enabled beside it (as fastify-plugin's `dependencies`). */
  readonly requires?: readonly string[]
  /** Whether the module's static files also answer in the shared `/static/` chain. Default true. */
  readonly sharedStatic?: boolean
  /**
   * The subdomain of `serverName` the module's rules answer (Flask's `Blueprint(subdomain=)`):
   * `'api'`, `'<user>'`. A rule's own `subdomain` or `host` wins.
   */
  readonly subdomain?: string
  /** Files other modules may import besides the index file, relative to the module's folder ('store.ts'). */
  readonly exports?: readonly string[]
  /** The module's settings as a JSON schema of an object, defaults in `default` (see resolveSettings). */
  readonly settings?: SettingsSchema
  /**
   * Prepended to each of its rules (Flask's `Blueprint(url_prefix=)`): `'/forum'`. The
   * prefix given where the module is enabled wins (`{ "name": "forum", "prefix": "/community" }`).
   */
  readonly urlPrefix?: string
  /**
   * Child modules, from this module's own `modules/` folder (Flask's
   * `parent.register_blueprint(child)`): names or registrations (`{ "name": "users", "prefix": "/users" }`).
   * Their endpoints are `<this>.<child>.*`; this module's prefix and hooks apply to them.
   */
  readonly modules?: readonly ModuleEntry[]
  /**
   * How the module answers errors: `'html'` (default) with the site's error pages
   * (`404.html`, `500.html`… of its templates, else the root's) to requests that accept
   * HTML and JSON to the others; `'json'` in JSON whatever the request accepts (an API).
   * A child module without its own takes its parent's.
   */
  readonly errors?: ErrorFormat
}

/** Every option of BlueprintOptions (the type keeps it complete): any other is refused. */
const OPTIONS: Record<keyof BlueprintOptions, true> = {
  requires: true,
  sharedStatic: true,
  subdomain: true,
  exports: true,
  settings: true,
  urlPrefix: true,
  modules: true,
  errors: true,
}

/** A relative path that stays inside the module's folder: 'store.ts', 'lib/pages.ts'. */
const isModuleFile = (path: unknown): path is string =>
  typeof path === 'string' &&
  path !== '' &&
  !isAbsolute(path) &&
  !path.split(/[\\/]/).some((part) => part === '..' || part === '')

const BRAND = Symbol.for('fastify-microservices.blueprint')

/**
 * A module's description of itself: its urls, hooks and plugins. Each enabled module
 * becomes one encapsulated Fastify plugin built from its blueprint.
 * @example export const blueprint = Router.createBlueprint('admin', import.meta.url)
 */
export class Blueprint {
  readonly [BRAND] = true
  readonly name: string
  /** The module's folder. */
  readonly root: string
  readonly templateFolder: string
  readonly staticFolder: string
  readonly urlpatterns: UrlPattern[] = []
  readonly beforeRequestHooks: BeforeRequest[] = []
  readonly afterRequestHooks: AfterRequest[] = []
  readonly contextProcessors: ContextProcessor[] = []
  readonly setups: ModuleSetup[] = []
  readonly beforeAppRequestHooks: BeforeRequest[] = []
  readonly afterAppRequestHooks: AfterRequest[] = []
  readonly appContextProcessors: ContextProcessor[] = []
  readonly urlValuePreprocessors: UrlValuePreprocessor[] = []
  readonly urlDefaultsFunctions: UrlDefaults[] = []
  readonly appUrlValuePreprocessors: UrlValuePreprocessor[] = []
  readonly appUrlDefaultsFunctions: UrlDefaults[] = []
  /** Filters, globals and tests of this module's renders. */
  readonly templateAdditions: TemplateAdditions = noAdditions()
  /** Filters, globals and tests of every render of the app, while this module is enabled. */
  readonly appTemplateAdditions: TemplateAdditions = noAdditions()
  /** The module's errorHandler registrations. */
  readonly errorHandlers: ErrorHandlerSpec
  /** The module's appErrorHandler registrations, for the whole app. */
  readonly appErrorHandlers: ErrorHandlerSpec
  /** Modules this one needs enabled beside it. */
  readonly requires: readonly string[]
  /** Whether the module's static files also answer in the shared `/static/` chain. */
  readonly sharedStatic: boolean
  /** The subdomain the module's rules answer, if any. */
  readonly subdomain: string | undefined
  /** Files other modules may import besides the index file, relative to the module's folder. */
  readonly exports: readonly string[]
  /** The schema of the module's settings, if it has any. */
  readonly settingsSchema: SettingsSchema | undefined
  /** The url prefix of its rules unless its registration gives one. */
  readonly urlPrefix: string | undefined
  /** Its child modules, from its own `modules/` folder. */
  readonly modules: readonly ModuleRegistration[]
  /** How it answers errors, if it says ('html' pages or 'json'). */
  readonly errors: ErrorFormat | undefined

  constructor(name: string, root: string, options: BlueprintOptions = {}) {
    for (const option of Object.keys(options)) {
      if (!Object.hasOwn(OPTIONS, option)) {
        throw new UnknownBlueprintOption(String(name), option, Object.keys(OPTIONS))
      }
    }
    this.requires = [...(options.requires ?? [])]
    this.sharedStatic = options.sharedStatic ?? true
    this.subdomain = options.subdomain === undefined ? undefined : checkSubdomain(options.subdomain)
    // The name prefixes every endpoint ('admin.home'): a dot or nothing would make them ambiguous.
    if (typeof name !== 'string' || name.trim() === '' || name.includes('.')) {
      throw new InvalidURLName(
        '(module)',
        name,
        "a module name is a non-empty string without dots, such as 'admin'",
      )
    }
    this.name = name
    this.errorHandlers = new ErrorHandlerSpec(this.#owner)
    this.appErrorHandlers = new ErrorHandlerSpec(this.#owner)
    const { exports = [] } = options
    if (!Array.isArray(exports) || !exports.every(isModuleFile)) {
      throw new ModuleExportsInvalid(name, exports)
    }
    this.exports = [...exports]
    this.settingsSchema = options.settings
    const { urlPrefix } = options
    if (urlPrefix !== undefined) {
      checkPrefix(
        urlPrefix,
        () => new InvalidBlueprintOption(name, 'urlPrefix', urlPrefix, PREFIX_RULE),
      )
    }
    this.urlPrefix = urlPrefix
    const children = options.modules ?? []
    if (!Array.isArray(children)) {
      throw new InvalidBlueprintOption(
        name,
        'modules',
        children,
        'a list of module names or registrations',
      )
    }
    this.modules = children.map(registrationOf)
    const { errors } = options
    if (errors !== undefined && errors !== 'html' && errors !== 'json') {
      throw new InvalidBlueprintOption(name, 'errors', errors, "'html' or 'json'")
    }
    this.errors = errors
    this.root = root
    this.templateFolder = join(root, 'templates')
    this.staticFolder = join(root, 'static')
  }

  /** Adds url(...) patterns to the module. */
  registerUrls(patterns: readonly UrlPattern[]): this {
    this.urlpatterns.push(...checkPatterns(`module '${this.name}'`, patterns))
    return this
  }

  /** Flask's before_request, for this module's routes only. */
  beforeRequest(hook: BeforeRequest): this {
    this.beforeRequestHooks.push(this.checked('beforeRequest', hook))
    return this
  }

  /** Flask's after_request, for this module's routes only. */
  afterRequest(hook: AfterRequest): this {
    this.afterRequestHooks.push(this.checked('afterRequest', hook))
    return this
  }

  /**
   * Flask's errorhandler, for this module's routes only: `errorHandler(404, fn)`,
   * `errorHandler(MyError, fn)`, or `errorHandler(fn)` for every error (as `errorhandler(Exception)`).
   */
  errorHandler(key: ErrorHandlerKey | ModuleErrorHandler, handler?: ModuleErrorHandler): this {
    if (handler === undefined) {
      this.errorHandlers.add(Error, this.checked('errorHandler', key as ModuleErrorHandler))
    } else this.errorHandlers.add(key as ErrorHandlerKey, this.checked('errorHandler', handler))
    return this
  }

  /** Flask's app_errorhandler: as errorHandler, for every route of the app while this module is enabled. */
  appErrorHandler(key: ErrorHandlerKey, handler: ModuleErrorHandler): this {
    this.appErrorHandlers.add(key, this.checked('appErrorHandler', handler))
    return this
  }

  /** Flask's context_processor: values for this module's templates. */
  contextProcessor(processor: ContextProcessor): this {
    this.contextProcessors.push(this.checked('contextProcessor', processor))
    return this
  }

  /** Registers a Fastify plugin inside this module only (other modules do not see it). */
  register<Options extends Record<string, unknown>>(
    plugin: FastifyPluginAsync<Options> | FastifyPluginCallback<Options>,
    options?: Options,
  ): this {
    this.setups.push(async (fastify) => {
      await fastify.register(plugin as FastifyPluginAsync<Options>, (options ?? {}) as Options)
    })
    return this
  }

  /** Runs `setup` with the module's own Fastify context (addHook, decorate, register…). */
  setup(setup: ModuleSetup): this {
    this.setups.push(this.checked('setup', setup))
    return this
  }

  /** The function given to a knob; a class or a non-function is refused now, not on each request. */
  protected checked<F>(knob: string, hook: F): F {
    if (isClass(hook)) {
      const name = hook.name || '(anonymous)'
      throw new InvalidHook(
        this.#owner,
        knob,
        `got the class ${name}, which cannot be called without new`,
      )
    }
    if (typeof hook !== 'function') {
      throw new InvalidHook(this.#owner, knob, `got ${show(hook)}, not a function`)
    }
    return hook
  }

  get #owner(): string {
    return `blueprint '${this.name}'`
  }

  /** A template function under its name, or its own name (Flask's `name=None`). */
  #add(knob: string, into: Record<string, unknown>, fn: TemplateFunction, name?: string): this {
    const key = name ?? this.checked(knob, fn).name
    if (typeof key !== 'string' || key === '') {
      throw new InvalidHook(
        this.#owner,
        knob,
        'got an anonymous function and no name: give one as second argument',
      )
    }
    into[key] = this.checked(knob, fn)
    return this
  }

  /** Flask's before_app_request: runs before every request of the app (404s too) while this module is enabled. */
  beforeAppRequest(hook: BeforeRequest): this {
    this.beforeAppRequestHooks.push(this.checked('beforeAppRequest', hook))
    return this
  }

  /** Flask's after_app_request: runs on every answer of the app while this module is enabled. */
  afterAppRequest(hook: AfterRequest): this {
    this.afterAppRequestHooks.push(this.checked('afterAppRequest', hook))
    return this
  }

  /** Flask's url_value_preprocessor: sees (endpoint, request.params, request) before each view of this module. */
  urlValuePreprocessor(fn: UrlValuePreprocessor): this {
    this.urlValuePreprocessors.push(this.checked('urlValuePreprocessor', fn))
    return this
  }

  /** Flask's url_defaults: fills values into every urlFor of this module's endpoints. */
  urlDefaults(fn: UrlDefaults): this {
    this.urlDefaultsFunctions.push(this.checked('urlDefaults', fn))
    return this
  }

  /** Flask's app_url_value_preprocessor: as urlValuePreprocessor, before every view of the app. */
  appUrlValuePreprocessor(fn: UrlValuePreprocessor): this {
    this.appUrlValuePreprocessors.push(this.checked('appUrlValuePreprocessor', fn))
    return this
  }

  /** Flask's app_url_defaults: as urlDefaults, for every urlFor of the app. */
  appUrlDefaults(fn: UrlDefaults): this {
    this.appUrlDefaultsFunctions.push(this.checked('appUrlDefaults', fn))
    return this
  }

  /** Flask's app_context_processor: values for every template of the app. */
  appContextProcessor(processor: ContextProcessor): this {
    this.appContextProcessors.push(this.checked('appContextProcessor', processor))
    return this
  }

  /** Flask's app_template_filter: `{{ x | name }}` in every template of the app. */
  appTemplateFilter(filter: TemplateFunction, name?: string): this {
    return this.#add('appTemplateFilter', this.appTemplateAdditions.filters, filter, name)
  }

  /** Flask's app_template_global: a function every template of the app can call. */
  appTemplateGlobal(fn: TemplateFunction, name?: string): this {
    return this.#add('appTemplateGlobal', this.appTemplateAdditions.globals, fn, name)
  }

  /** Flask's app_template_test: `{% if x is name %}` in every template of the app. */
  appTemplateTest(test: TemplateFunction, name?: string): this {
    return this.#add('appTemplateTest', this.appTemplateAdditions.tests, test, name)
  }

  /** A filter for this module's renders only (appTemplateFilter for the whole app). */
  templateFilter(filter: TemplateFunction, name?: string): this {
    return this.#add('templateFilter', this.templateAdditions.filters, filter, name)
  }

  /** A global function for this module's renders only. */
  templateGlobal(fn: TemplateFunction, name?: string): this {
    return this.#add('templateGlobal', this.templateAdditions.globals, fn, name)
  }

  /** A test for this module's renders only. */
  templateTest(test: TemplateFunction, name?: string): this {
    return this.#add('templateTest', this.templateAdditions.tests, test, name)
  }
}

/** True for a Blueprint from any copy of this library. */
export function isBlueprint(value: unknown): value is Blueprint {
  return typeof value === 'object' && value !== null && (value as Blueprint)[BRAND] === true
}

function moduleRoot(importName: string): string {
  if (importName.startsWith('file:')) return dirname(fileURLToPath(importName))
  const path = resolve(importName)
  try {
    return statSync(path).isDirectory() ? path : dirname(path)
  } catch {
    return dirname(path)
  }
}

/** Flask-MicroServices' Router: makes a module's blueprint. */
export const Router = {
  /**
   * Creates the blueprint of a module from its name and `import.meta.url` (or its folder).
   * @example export const blueprint = Router.createBlueprint('admin', import.meta.url, { requires: ['forum'] })
   */
  createBlueprint(name: string, importName: string, options?: BlueprintOptions): Blueprint {
    return new Blueprint(name, moduleRoot(importName), options)
  },
}
