import { statSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
} from 'fastify'
import { InvalidURLName, ModuleExportsInvalid } from '../errors.ts'
import type { ContextProcessor } from '../templates/context.ts'
import { checkPatterns, type UrlPattern } from '../urls/url.ts'
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
export type ModuleErrorHandler = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown

/** Receives the module's own encapsulated Fastify context. */
export type ModuleSetup = (fastify: FastifyInstance) => void | Promise<void>

/** What a module declares about itself when its blueprint is made. */
export interface BlueprintOptions {
  /** Modules this one needs enabled beside it (as fastify-plugin's `dependencies`). */
  readonly requires?: readonly string[]
  /** Whether the module's static files also answer in the shared `/static/` chain. Default true. */
  readonly sharedStatic?: boolean
  /** Files other modules may import besides the index file, relative to the module's folder ('store.ts'). */
  readonly exports?: readonly string[]
  /** The module's settings as a JSON schema of an object, defaults in `default` (see resolveSettings). */
  readonly settings?: SettingsSchema
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
  moduleErrorHandler: ModuleErrorHandler | undefined
  /** Modules this one needs enabled beside it. */
  readonly requires: readonly string[]
  /** Whether the module's static files also answer in the shared `/static/` chain. */
  readonly sharedStatic: boolean
  /** Files other modules may import besides the index file, relative to the module's folder. */
  readonly exports: readonly string[]
  /** The schema of the module's settings, if it has any. */
  readonly settingsSchema: SettingsSchema | undefined

  constructor(name: string, root: string, options: BlueprintOptions = {}) {
    this.requires = [...(options.requires ?? [])]
    this.sharedStatic = options.sharedStatic ?? true
    // The name prefixes every endpoint ('admin.home'): a dot or nothing would make them ambiguous.
    if (typeof name !== 'string' || name.trim() === '' || name.includes('.')) {
      throw new InvalidURLName(
        '(module)',
        name,
        "a module name is a non-empty string without dots, such as 'admin'",
      )
    }
    this.name = name
    const { exports = [] } = options
    if (!Array.isArray(exports) || !exports.every(isModuleFile)) {
      throw new ModuleExportsInvalid(name, exports)
    }
    this.exports = [...exports]
    this.settingsSchema = options.settings
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
    this.beforeRequestHooks.push(hook)
    return this
  }

  /** Flask's after_request, for this module's routes only. */
  afterRequest(hook: AfterRequest): this {
    this.afterRequestHooks.push(hook)
    return this
  }

  /** Flask's errorhandler, for this module's routes only (Fastify's setErrorHandler in its context). */
  errorHandler(handler: ModuleErrorHandler): this {
    this.moduleErrorHandler = handler
    return this
  }

  /** Flask's context_processor: values for this module's templates. */
  contextProcessor(processor: ContextProcessor): this {
    this.contextProcessors.push(processor)
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
    this.setups.push(setup)
    return this
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
