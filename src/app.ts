import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { ModulesAlreadyRegistered } from './errors.ts'
import {
  defaultPipeliningLimits,
  limitPipelining,
  type PipeliningLimits,
  withDefaultLimits,
} from './limits.ts'
import type { LoadedModule } from './modules/load.ts'
import type { ModuleEntry } from './modules/registration.ts'
import { installMicroServices, type MicroServicesPluginOptions } from './plugin.ts'
import type { UrlFor } from './urls/typed-routes.ts'
import type { UrlMap } from './urls/url-map.ts'

/**
 * Options of MicroServicesApp: the plugin's options, and Fastify's server options beside
 * them (the app is made here, so both fit in one bag; the plugin form keeps them apart).
 * `modules` and `modulesDir` are given to `registerUrls` instead.
 */
export interface MicroServicesOptions
  extends FastifyServerOptions,
    Omit<MicroServicesPluginOptions, 'modules' | 'modulesDir'> {
  /**
   * Bounds on a client that pipelines requests without reading (16 queued, 1 MiB unsent
   * by default: `defaultPipeliningLimits`); `false` for none.
   */
  readonly pipelining?: Partial<PipeliningLimits> | false
}

/** What MicroServicesApp adds to the Fastify instance, beside the plugin's decorations. */
export interface MicroServicesDecorations {
  /**
   * Enables modules: imports each, checks every rule and name together, then registers
   * each as an encapsulated plugin. Nothing is registered if anything is wrong.
   * @example await app.registerUrls(['admin', 'forum', 'home'])
   */
  registerUrls(enabled?: readonly ModuleEntry[], modulesDir?: string): Promise<void>
  /** Builds the URL of an endpoint: `app.urlFor('forum.board', { board_id: 3 })`. */
  urlFor: UrlFor
  readonly urlMap: UrlMap
  /** The enabled modules, in enabled order (empty before registerUrls). */
  readonly microservices: readonly LoadedModule[]
  readonly root: string
}

export type MicroServicesInstance = FastifyInstance & MicroServicesDecorations

/** The keys of MicroServicesOptions that are the library's, not Fastify's. */
// Every library option by name: a new plugin option left out here fails the type-check
// instead of reaching Fastify's server options unnoticed.
const LIBRARY_KEYS: Record<
  Exclude<keyof MicroServicesPluginOptions, 'modules' | 'modulesDir'>,
  true
> = {
  root: true,
  converters: true,
  serverName: true,
  trustedHosts: true,
  preferredUrlScheme: true,
  modulesEnv: true,
  knownModules: true,
  notFound: true,
  routeTypes: true,
  dev: true,
  exposeErrors: true,
  templates: true,
  static: true,
  service: true,
  serviceHeader: true,
  migrate: true,
}
const LIBRARY_OPTIONS = Object.keys(LIBRARY_KEYS) as (keyof typeof LIBRARY_KEYS)[]

/**
 * Creates the app: a real Fastify instance with the `microservices` plugin's decorations
 * (urlFor, render, Werkzeug's 405 and 308), Fastify's server options with the library's
 * default limits, and `registerUrls` to mount the modules, as Flask-MicroServices does.
 * @example const app = MicroServicesApp({ root: import.meta.dirname, logger: true })
 */
export function MicroServicesApp(options: MicroServicesOptions = {}): MicroServicesInstance {
  const library: Record<string, unknown> = {}
  const fastifyOptions: Record<string, unknown> = { ...options }
  for (const key of LIBRARY_OPTIONS) {
    library[key] = options[key]
    delete fastifyOptions[key]
  }
  delete fastifyOptions.pipelining
  const root = options.root ?? process.cwd()
  const app = Fastify(withDefaultLimits(fastifyOptions as FastifyServerOptions))
  if (options.pipelining !== false) {
    limitPipelining(app, { ...defaultPipeliningLimits, ...options.pipelining })
  }
  const core = installMicroServices(app, { ...(library as MicroServicesPluginOptions), root })
  let registered = false
  app.decorate('root', root)
  app.decorate('registerUrls', async (enabled?: readonly ModuleEntry[], modulesDir?: string) => {
    if (registered) throw new ModulesAlreadyRegistered()
    registered = true
    await core.mount({ modules: enabled, modulesDir })
  })
  return app as unknown as MicroServicesInstance
}
