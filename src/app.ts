import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { ModulesAlreadyRegistered } from './errors.ts'
import { withDefaultLimits } from './limits.ts'
import type { LoadedModule } from './modules/load.ts'
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
    Omit<MicroServicesPluginOptions, 'modules' | 'modulesDir'> {}

/** What MicroServicesApp adds to the Fastify instance, beside the plugin's decorations. */
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

/** The keys of MicroServicesOptions that are the library's, not Fastify's. */
const LIBRARY_OPTIONS = [
  'root',
  'converters',
  'serverName',
  'preferredUrlScheme',
  'modulesEnv',
  'knownModules',
  'notFound',
  'routeTypes',
  'dev',
  'exposeErrors',
  'templates',
  'static',
  'trustedHosts',
  'service',
  'serviceHeader',
] as const satisfies readonly (keyof MicroServicesPluginOptions)[]

/** Every plugin option but the two registerUrls takes is listed above: else a type error here. */
const EVERY_OPTION_LISTED: Exclude<
  keyof MicroServicesPluginOptions,
  (typeof LIBRARY_OPTIONS)[number] | 'modules' | 'modulesDir'
> extends never
  ? true
  : false = true
void EVERY_OPTION_LISTED

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
  const root = options.root ?? process.cwd()
  const app = Fastify(withDefaultLimits(fastifyOptions as FastifyServerOptions))
  const core = installMicroServices(app, { ...(library as MicroServicesPluginOptions), root })
  let registered = false
  app.decorate('root', root)
  app.decorate('registerUrls', async (enabled?: readonly string[], modulesDir?: string) => {
    if (registered) throw new ModulesAlreadyRegistered()
    registered = true
    await core.mount({ modules: enabled, modulesDir })
  })
  return app as unknown as MicroServicesInstance
}
