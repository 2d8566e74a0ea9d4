import { inspectApp } from '../modules/inspect.ts'
import type { ModuleEntry } from '../modules/registration.ts'
import { staticEndpoints } from '../static/url.ts'
import type { ConverterDefinition } from '../urls/converters.ts'
import type { EndpointRule } from '../urls/routes-file.ts'
import { formatTable } from './table.ts'

/** One route as the command line shows it (and as `routes --json` prints it). */
export interface RouteRow {
  readonly methods: readonly string[]
  readonly rule: string
  readonly endpoint: string
  readonly module: string
  /** The rule in Fastify's (find-my-way's) syntax. */
  readonly path: string
}

export type RouteSort = 'rule' | 'endpoint'
export const ROUTE_SORTS: readonly RouteSort[] = ['rule', 'endpoint']

/** Collects the app's routes as start-up would compile them, without starting a server. */
export async function collectRoutes(options: RouteSource): Promise<RouteRow[]> {
  const { routes } = await inspect(options)
  return routes.map((route) => ({
    methods: route.methods,
    rule: route.pattern.rule,
    // An anonymous view is served but has no endpoint.
    endpoint: route.endpoint === '' ? '(unnamed)' : route.endpoint,
    module: route.module,
    path: route.path,
  }))
}

/** Every endpoint urlFor knows at start-up: the routes', then the static ones (for routes.d.ts). */
export async function collectEndpoints(options: RouteSource): Promise<EndpointRule[]> {
  const { routes, modules } = await inspect(options)
  return [
    ...routes
      .filter(({ endpoint }) => endpoint !== '')
      .map(({ endpoint, pattern }) => ({ endpoint, rule: pattern.rule })),
    ...staticEndpoints(modules.map((m) => m.name)),
  ]
}

interface RouteSource {
  root: string
  modulesFolder: string
  enabled: readonly ModuleEntry[]
  converters?: Readonly<Record<string, ConverterDefinition>>
}

const inspect = (options: RouteSource) =>
  inspectApp({
    root: options.root,
    modulesDir: options.modulesFolder,
    enabled: options.enabled,
    modulesEnv: false,
    converters: options.converters,
  })

/** Rows in registration order, or sorted by rule or endpoint (ties keep registration order). */
export function sortRoutes(rows: readonly RouteRow[], by?: RouteSort): RouteRow[] {
  if (by === undefined) return [...rows]
  return [...rows].sort((a, b) => compare(a[by], b[by]))
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The aligned table `routes` prints. */
export function formatRoutes(rows: readonly RouteRow[]): string {
  if (rows.length === 0) return 'No routes: the enabled modules declare no urlpatterns.'
  return formatTable(
    ['Methods', 'Rule', 'Endpoint', 'Module'],
    rows.map((row) => [row.methods.join(', '), row.rule, row.endpoint, row.module]),
  )
}
