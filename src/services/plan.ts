import { EdgeConflict } from '../errors.ts'
import { defaultLimits } from '../limits.ts'
import type { AppInspection } from '../modules/inspect.ts'
import { childrenFirst } from '../modules/load.ts'
import { topModule } from '../modules/registration.ts'
import {
  checkPlacement,
  type EdgeConfig,
  expandUpstreams,
  fallbackService,
  ownerOf,
  type ServicesConfig,
} from './config.ts'
import { HEALTH_PATH } from './placement.ts'

/** One rule as the plan shows it. */
export interface PlannedRule {
  readonly endpoint: string
  readonly rule: string
  readonly methods: readonly string[]
}

/**
 * One location of the edge. `exact` is nginx's `location = /x`, `prefix` its `location ^~ /x/`
 * (the longest prefix wins, before any regular expression).
 */
export interface EdgeLocation {
  readonly match: 'exact' | 'prefix'
  readonly path: string
  readonly service: string
  /** The endpoints whose rules it carries (empty for a path only the app's 308 answers). */
  readonly endpoints: readonly string[]
  /** The methods those rules answer (HEAD with GET); empty for a 308-only path. */
  readonly methods: readonly string[]
  /** Largest body, when a route asks for more or less than the edge's default. */
  readonly bodyLimit?: number
}

/** One static URL prefix the edge serves from disk: the chain (`owner` null) or one module's folder. */
export interface StaticLocation {
  readonly path: string
  readonly owner: string | null
}

/** A service with its modules, rules and the addresses of its processes. */
export interface ServicePlan {
  readonly name: string
  readonly modules: readonly string[]
  /** Every process's `host:port`, replicas expanded. */
  readonly upstreams: readonly string[]
  readonly replicas: number
  readonly rules: readonly PlannedRule[]
  /** The edge's path to this service's health endpoint. */
  readonly health: string
}

/** service -> modules -> rules -> edge locations, checked: what every deploy target is made from. */
export interface DeployPlan {
  readonly root: string
  readonly edge: EdgeConfig & { readonly bodyLimit: number; readonly fallback: string }
  readonly services: readonly ServicePlan[]
  /** In the app's precedence: exact paths, then prefixes longest first. */
  readonly locations: readonly EdgeLocation[]
  readonly static: readonly StaticLocation[]
  /** services.json's "environment": each variable's default, or null when it is required. */
  readonly environment: Readonly<Record<string, string | null>>
}

const answered = (methods: readonly string[]): string[] =>
  methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : [...methods]

/** The literal text of a rule before its first variable, cut back to a whole path segment's start when it ends mid-segment. */
function literalPrefix(parts: readonly (string | object)[]): string {
  let prefix = ''
  for (const part of parts) {
    if (typeof part !== 'string') break
    prefix += part
  }
  return prefix
}

/**
 * Makes the plan: each rule becomes an exact location (a rule without variables; a rule
 * ending in '/' also gets its slashless path, which the app answers with a 308) or a prefix
 * location (its literal text before the first variable). Refuses what nginx would route
 * differently from the app: one exact path or one prefix in two services, a prefix of one
 * service inside another's, an exact path inside another service's prefix whose rules
 * answer methods the exact path's do not.
 */
export function planDeployment(inspection: AppInspection, config: ServicesConfig): DeployPlan {
  // services.json places top-level modules; child modules go with their parent.
  const mountedNames = childrenFirst(inspection.modules).map((m) => m.name)
  const enabled = inspection.modules.filter((m) => m.parent === undefined).map((m) => m.name)
  checkPlacement(config, enabled)
  const owner = ownerOf(config)
  const bodyLimit = config.edge.bodyLimit ?? defaultLimits.bodyLimit

  interface Draft {
    match: 'exact' | 'prefix'
    path: string
    service: string
    endpoints: string[]
    methods: Set<string>
    bodyLimit?: number
  }
  const drafts = new Map<string, Draft>()
  const claim = (
    match: Draft['match'],
    path: string,
    service: string,
    endpoint: string | undefined,
    methods: readonly string[],
    limit: number | undefined,
  ) => {
    const key = `${match} ${path}`
    let draft = drafts.get(key)
    if (draft !== undefined && draft.service !== service) {
      const what = match === 'exact' ? `the path '${path}'` : `the prefix '${path}'`
      const them = (d: Draft) =>
        d.endpoints.length > 0 ? d.endpoints.join(', ') : `the 308 of '${d.path}/'`
      throw new EdgeConflict(
        `${what} is owned by service '${draft.service}' (${them(draft)}) and by service '${service}' (${endpoint ?? `the 308 of '${path}/'`})`,
      )
    }
    if (draft === undefined) {
      draft = { match, path, service, endpoints: [], methods: new Set() }
      drafts.set(key, draft)
    }
    if (endpoint !== undefined) draft.endpoints.push(endpoint)
    for (const method of methods) draft.methods.add(method)
    if (limit !== undefined && limit !== bodyLimit) {
      draft.bodyLimit = Math.max(draft.bodyLimit ?? 0, limit)
    }
  }

  const rulesOf = new Map<string, PlannedRule[]>()
  const redirects: { path: string; service: string }[] = []
  for (const route of inspection.routes) {
    const service = owner.get(topModule(route.module)) as string
    const methods = answered(route.methods)
    rulesOf.set(service, [
      ...(rulesOf.get(service) ?? []),
      { endpoint: route.endpoint, rule: route.pattern.rule, methods },
    ])
    const { parts } = route.pattern.parsed
    const limit = route.pattern.extras.bodyLimit
    if (parts.every((part) => typeof part === 'string')) {
      const path = route.pattern.rule
      claim('exact', path, service, route.endpoint, methods, limit)
      if (path.endsWith('/') && path !== '/') redirects.push({ path: path.slice(0, -1), service })
    } else {
      claim('prefix', literalPrefix(parts), service, route.endpoint, methods, limit)
    }
  }
  // The app's 308 for a missing trailing slash, unless a rule owns the slashless path itself.
  for (const { path, service } of redirects) {
    const rule = drafts.get(`exact ${path}`)
    if (rule === undefined) claim('exact', path, service, undefined, [], undefined)
  }

  const all = [...drafts.values()]
  const prefixes = all.filter((d) => d.match === 'prefix')
  for (const inner of prefixes) {
    for (const outer of prefixes) {
      if (inner !== outer && inner.service !== outer.service && inner.path.startsWith(outer.path)) {
        throw new EdgeConflict(
          `the prefix '${inner.path}' (service '${inner.service}': ${inner.endpoints.join(', ')}) lies inside the prefix '${outer.path}' (service '${outer.service}': ${outer.endpoints.join(', ')}); nginx sends every path under '${inner.path}' to '${inner.service}', while the app may match some of them with '${outer.service}'s rules`,
        )
      }
    }
  }
  for (const exact of all.filter((d) => d.match === 'exact')) {
    for (const outer of prefixes) {
      if (outer.service === exact.service || !exact.path.startsWith(outer.path)) continue
      const missing = [...outer.methods].filter((m) => !exact.methods.has(m))
      if (missing.length > 0) {
        const serves =
          exact.endpoints.length > 0 ? exact.endpoints.join(', ') : `the 308 to '${exact.path}/'`
        throw new EdgeConflict(
          `the path '${exact.path}' (service '${exact.service}': ${serves}) lies inside the prefix '${outer.path}' (service '${outer.service}': ${outer.endpoints.join(', ')}); for ${missing.join(', ')} the app may answer it with '${outer.service}', the edge would send it to '${exact.service}'`,
        )
      }
    }
  }

  const locations: EdgeLocation[] = all
    .sort((a, b) =>
      a.match !== b.match
        ? a.match === 'exact'
          ? -1
          : 1
        : b.path.length - a.path.length || a.path.localeCompare(b.path),
    )
    .map((d) => ({
      match: d.match,
      path: d.path,
      service: d.service,
      endpoints: d.endpoints,
      methods: [...d.methods],
      ...(d.bodyLimit === undefined ? {} : { bodyLimit: d.bodyLimit }),
    }))

  const services: ServicePlan[] = [...config.services].map(([name, service]) => ({
    name,
    modules: mountedNames.filter((m) => service.modules.includes(topModule(m))),
    upstreams: expandUpstreams(service.upstreams, service.replicas),
    replicas: Math.max(service.replicas, service.upstreams.length),
    rules: rulesOf.get(name) ?? [],
    health: `${HEALTH_PATH}/${name}`,
  }))
  return {
    root: inspection.root,
    edge: { ...config.edge, bodyLimit, fallback: fallbackService(config) },
    services,
    locations,
    static: [
      { path: '/static/', owner: null },
      ...mountedNames.map((module) => ({ path: `/static_${module}/`, owner: module })),
    ],
    environment: config.environment,
  }
}

/** The plan as `deploy plan` prints it: service -> modules -> rules -> edge locations. */
export function formatPlan(plan: DeployPlan): string {
  const lines = [`edge ${plan.edge.listen} (paths no rule owns: service '${plan.edge.fallback}')`]
  for (const service of plan.services) {
    lines.push(
      '',
      `service ${service.name}: ${service.modules.join(', ')} (${service.upstreams.join(', ')})`,
      `  health ${service.health}`,
    )
    for (const rule of service.rules) {
      lines.push(`  ${rule.methods.join(',').padEnd(22)} ${rule.rule}  ${rule.endpoint}`)
    }
    for (const location of plan.locations.filter((l) => l.service === service.name)) {
      const form = location.match === 'exact' ? '=' : '^~'
      const note = location.endpoints.length === 0 ? '  (308 from the app)' : ''
      lines.push(`  location ${form} ${location.path}${note}`)
    }
  }
  lines.push('', `static (served by the edge): ${plan.static.map((s) => s.path).join(' ')}`)
  return lines.join('\n')
}
