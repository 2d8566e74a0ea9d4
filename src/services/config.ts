import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ServiceModuleTwice,
  ServiceModuleUnknown,
  ServiceModuleUnplaced,
  ServicesConfigInvalid,
} from '../errors.ts'

export const SERVICES_FILE = 'services.json'

/** The edge (nginx, a gateway) in front of the services. */
export interface EdgeConfig {
  /** Where the edge listens, `host:port` or a port. */
  readonly listen: string
  /** The public host name (nginx's server_name; `_` when left out). */
  readonly serverName?: string
  /** Largest request body the edge lets through, in bytes (default: the app's 1 MiB). */
  readonly bodyLimit?: number
  /** The service that answers paths no rule owns (its 404); default the first one. */
  readonly fallback?: string
}

/** One service: the modules it mounts and where its processes listen. */
export interface ServiceConfig {
  readonly modules: readonly string[]
  /** `host:port` of each process; one address with `replicas` > 1 means consecutive ports. */
  readonly upstreams: readonly string[]
  /** How many processes run the service (default 1). */
  readonly replicas: number
}

/** services.json, checked: every field present and of its type. */
export interface ServicesConfig {
  readonly file: string
  readonly edge: EdgeConfig
  /** In the file's order; the first is the fallback unless edge.fallback says otherwise. */
  readonly services: ReadonlyMap<string, ServiceConfig>
  /** What the deploy commands do when a module imports code of a module in another service. */
  readonly crossServiceImports: 'error' | 'warn'
  /** Modules that keep no state in memory (theirs is in a database): other services may import their code. */
  readonly stateless: readonly string[]
  /**
   * The settings every service reads from its environment, for the deploy commands: a
   * default, or null for one the deployment must be given (a password, a database URL).
   */
  readonly environment: Readonly<Record<string, string | null>>
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/
const ADDRESS = /^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `host:port` with `replicas` > 1: the same host on the next ports (one machine). */
export function expandUpstreams(upstreams: readonly string[], replicas: number): string[] {
  if (upstreams.length !== 1 || replicas <= 1) return [...upstreams]
  const [address] = upstreams as [string]
  const at = address.lastIndexOf(':')
  const port = Number(address.slice(at + 1))
  return Array.from({ length: replicas }, (_, i) => `${address.slice(0, at)}:${port + i}`)
}

/** Checks the parsed JSON of services.json; `file` is named in errors. */
export function parseServices(json: unknown, file: string): ServicesConfig {
  const fail = (problem: string): never => {
    throw new ServicesConfigInvalid(file, problem)
  }
  if (!isObject(json)) return fail('it is not a JSON object')
  const edgeJson = json.edge ?? {}
  if (!isObject(edgeJson)) return fail('"edge" is not an object')
  const listen = edgeJson.listen ?? '127.0.0.1:8080'
  if (typeof listen !== 'string' && typeof listen !== 'number') {
    return fail('"edge.listen" is not "host:port" or a port')
  }
  const edge: {
    listen: string
    serverName?: string
    bodyLimit?: number
    fallback?: string
  } = { listen: String(listen) }
  if (edgeJson.serverName !== undefined) {
    if (typeof edgeJson.serverName !== 'string') fail('"edge.serverName" is not a string')
    edge.serverName = edgeJson.serverName as string
  }
  if (edgeJson.bodyLimit !== undefined) {
    if (!Number.isSafeInteger(edgeJson.bodyLimit) || (edgeJson.bodyLimit as number) < 0) {
      fail('"edge.bodyLimit" is not a whole number of bytes')
    }
    edge.bodyLimit = edgeJson.bodyLimit as number
  }
  if (!isObject(json.services) || Object.keys(json.services).length === 0) {
    return fail('"services" is not an object with at least one service')
  }
  const services = new Map<string, ServiceConfig>()
  for (const [name, value] of Object.entries(json.services)) {
    if (!NAME.test(name)) {
      fail(
        `the service name '${name}' is not letters, digits, '_' and '-' (starting with a letter)`,
      )
    }
    if (!isObject(value)) return fail(`service '${name}' is not an object`)
    const { modules, upstream, replicas = 1 } = value
    if (
      !Array.isArray(modules) ||
      modules.length === 0 ||
      !modules.every((m) => typeof m === 'string')
    ) {
      fail(`"modules" of service '${name}' is not a non-empty list of module names`)
    }
    const upstreams = typeof upstream === 'string' ? [upstream] : upstream
    if (
      !Array.isArray(upstreams) ||
      upstreams.length === 0 ||
      !upstreams.every((u) => typeof u === 'string' && ADDRESS.test(u))
    ) {
      fail(`"upstream" of service '${name}' is not "host:port" or a non-empty list of them`)
    }
    if (!Number.isSafeInteger(replicas) || (replicas as number) < 1) {
      fail(`"replicas" of service '${name}' is not a whole number from 1`)
    }
    services.set(name, {
      modules: modules as string[],
      upstreams: upstreams as string[],
      replicas: replicas as number,
    })
  }
  if (edgeJson.fallback !== undefined) {
    if (typeof edgeJson.fallback !== 'string' || !services.has(edgeJson.fallback)) {
      fail(`"edge.fallback" is not one of the services (${[...services.keys()].join(', ')})`)
    }
    edge.fallback = edgeJson.fallback as string
  }
  const { crossServiceImports = 'error', stateless = [], environment = {} } = json
  if (
    !isObject(environment) ||
    !Object.entries(environment).every(
      ([name, value]) => VARIABLE.test(name) && (value === null || typeof value === 'string'),
    )
  ) {
    fail(
      '"environment" is not an object of variable names to a default (a string) or null (required)',
    )
  }
  if (crossServiceImports !== 'error' && crossServiceImports !== 'warn') {
    fail('"crossServiceImports" is not "error" or "warn"')
  }
  if (!Array.isArray(stateless) || !stateless.every((m) => typeof m === 'string')) {
    fail('"stateless" is not a list of module names')
  }
  return {
    file,
    edge,
    services,
    crossServiceImports: crossServiceImports as 'error' | 'warn',
    stateless: stateless as string[],
    environment: environment as Record<string, string | null>,
  }
}

/** Reads `<root>/services.json`, or undefined when the app has none. */
export function readServices(root: string): ServicesConfig | undefined {
  const file = join(root, SERVICES_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ServicesConfigInvalid(file, 'it cannot be read', error)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ServicesConfigInvalid(file, `it is not JSON (${(error as Error).message})`, error)
  }
  return parseServices(json, file)
}

/**
 * Checks the placement against the app's enabled modules: each listed module is enabled,
 * in one service only, and every enabled module is in a service.
 */
export function checkPlacement(config: ServicesConfig, enabled: readonly string[]): void {
  const owners = new Map<string, string[]>()
  for (const [service, { modules }] of config.services) {
    for (const module of modules) {
      if (!enabled.includes(module)) throw new ServiceModuleUnknown(module, service, enabled)
      owners.set(module, [...(owners.get(module) ?? []), service])
    }
  }
  for (const [module, services] of owners) {
    if (services.length > 1) throw new ServiceModuleTwice(module, services)
  }
  const unplaced = enabled.filter((module) => !owners.has(module))
  if (unplaced.length > 0) throw new ServiceModuleUnplaced(unplaced, [...config.services.keys()])
}

/** The service that owns each module. */
export function ownerOf(config: ServicesConfig): Map<string, string> {
  const owners = new Map<string, string>()
  for (const [service, { modules }] of config.services) {
    for (const module of modules) owners.set(module, service)
  }
  return owners
}

/** The service answering paths no rule owns. */
export const fallbackService = (config: ServicesConfig): string =>
  config.edge.fallback ?? ([...config.services.keys()][0] as string)
