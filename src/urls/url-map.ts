import { EndpointConflict, InvalidURLRule, RouteConflict, UnknownConverter } from '../errors.ts'
import { type Converter, type ConverterDefinition, instantiate } from './converters.ts'
import type { RuleVariable } from './rule.ts'
import type { UrlPattern } from './url.ts'

/** Thrown by a builder to say why a URL cannot be built; urlFor turns it into a BuildError. */
export class BuildRefusal extends Error {}

/** How a rule is built back into a path: literal text and converter slots. */
export interface Builder {
  readonly endpoint: string
  readonly rule: string
  readonly methods: readonly string[]
  /** Names of the values the path uses; any other value goes to the query string. */
  readonly names: ReadonlySet<string>
  /** Builds the path from values; throws a BuildRefusal saying what is wrong. */
  build(values: Readonly<Record<string, unknown>>): string
}

/** One route of one module, ready to hand to Fastify. */
export interface CompiledRoute {
  readonly endpoint: string
  readonly module: string
  readonly pattern: UrlPattern
  readonly methods: readonly string[]
  /** The rule in find-my-way's syntax. */
  readonly path: string
  /** Converts params in place; false means "no match" (a 404). Absent when nothing converts. */
  readonly convert: ((params: Record<string, unknown>) => boolean) | undefined
  readonly builder: Builder
}

/** What a module contributes to the table. */
export interface ModuleRoutes {
  readonly module: string
  readonly file?: string
  readonly patterns: readonly UrlPattern[]
}

interface Slot {
  readonly variable: RuleVariable
  readonly converter: Converter
}

function resolveConverters(
  pattern: UrlPattern,
  converters: Readonly<Record<string, ConverterDefinition>>,
): Slot[] {
  return pattern.parsed.variables.map((variable) => {
    const definition = converters[variable.converter]
    if (definition === undefined) {
      throw new UnknownConverter(pattern.rule, variable.converter, Object.keys(converters))
    }
    try {
      return { variable, converter: instantiate(definition, variable.args) }
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new InvalidURLRule(pattern.rule, reason, variable.position)
    }
  })
}

const isPlainDefault = (slot: Slot): boolean =>
  slot.variable.converter === 'default' && slot.variable.args.positional.length === 0

/** The rule in find-my-way's syntax, and the same with names erased (for conflict checks). */
function routerPath(pattern: UrlPattern, slots: readonly Slot[]): { path: string; shape: string } {
  let path = ''
  let shape = ''
  const { parts } = pattern.parsed
  let slot = 0
  parts.forEach((part, index) => {
    if (typeof part === 'string') {
      const literal = part.replaceAll(':', '::')
      path += literal
      shape += literal
      return
    }
    const { converter } = slots[slot++] as Slot
    const next = parts[index + 1]
    if (converter.slashes) {
      if (next !== undefined) {
        throw new InvalidURLRule(
          pattern.rule,
          `'${part.name}' takes slashes, so it must end the rule`,
          part.position,
        )
      }
      path += '*'
      shape += '*'
      return
    }
    const ownSegment = next === undefined || (typeof next === 'string' && next.startsWith('/'))
    const plain = isPlainDefault({ variable: part, converter }) && ownSegment
    const constraint = plain ? '' : `(^${converter.regex}$)`
    path += `:${part.name}${constraint}`
    shape += `:${constraint}`
  })
  return { path, shape }
}

function makeConvert(slots: readonly Slot[]): CompiledRoute['convert'] {
  if (slots.length === 0) return undefined
  const wildcard = slots.find((slot) => slot.converter.slashes)?.variable.name
  const steps = slots.map((slot) => [slot.variable.name, slot.converter] as const)
  return (params) => {
    if (wildcard !== undefined) params[wildcard] = params['*']
    for (const [name, converter] of steps) {
      try {
        params[name] = converter.toValue(params[name] as string)
      } catch {
        return false
      }
    }
    return true
  }
}

function makeBuilder(
  endpoint: string,
  pattern: UrlPattern,
  slots: readonly Slot[],
  methods: readonly string[],
): Builder {
  const converters = new Map(slots.map((slot) => [slot.variable.name, slot.converter]))
  const parts = pattern.parsed.parts.map((part) =>
    typeof part === 'string' ? part : { name: part.name, converter: converters.get(part.name) },
  )
  return {
    endpoint,
    rule: pattern.rule,
    methods,
    names: new Set(converters.keys()),
    build(values) {
      let out = ''
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part
          continue
        }
        const value = values[part.name]
        if (value === undefined || value === null) {
          throw new BuildRefusal(`missing a value for '${part.name}' in rule '${pattern.rule}'`)
        }
        try {
          out += (part.converter as Converter).toUrl(value)
        } catch {
          throw new BuildRefusal(
            `the value ${JSON.stringify(value)} for '${part.name}' is refused by its converter in rule '${pattern.rule}'`,
          )
        }
      }
      return out
    },
  }
}

/** Methods as Fastify registers them: HEAD comes with GET on its own. */
const routeMethods = (methods: readonly string[]): string[] =>
  methods.includes('GET') ? methods.filter((m) => m !== 'HEAD') : [...methods]

/**
 * Compiles every module's urlpatterns once, at start-up: converters resolved,
 * find-my-way paths and reverse builders made, and conflicts refused (two routes of a
 * module with one name; two rules answering the same method and path).
 */
export function compileRoutes(
  modules: readonly ModuleRoutes[],
  converters: Readonly<Record<string, ConverterDefinition>>,
): CompiledRoute[] {
  const routes: CompiledRoute[] = []
  const byEndpoint = new Map<string, { route: CompiledRoute; file?: string }>()
  const byShape = new Map<string, { route: CompiledRoute; file?: string }>()
  for (const { module, file, patterns } of modules) {
    for (const pattern of patterns) {
      const endpoint = `${module}.${pattern.name}`
      const slots = resolveConverters(pattern, converters)
      const { path, shape } = routerPath(pattern, slots)
      const methods = routeMethods(pattern.methods)
      const route: CompiledRoute = {
        endpoint,
        module,
        pattern,
        methods,
        path,
        convert: makeConvert(slots),
        builder: makeBuilder(endpoint, pattern, slots, methods),
      }
      const named = byEndpoint.get(endpoint)
      if (named !== undefined) {
        throw new EndpointConflict(endpoint, named.route.pattern.rule, pattern.rule, file)
      }
      byEndpoint.set(endpoint, { route, file })
      for (const method of methods.includes('GET') ? [...methods, 'HEAD'] : methods) {
        const key = `${method} ${shape}`
        const claimed = byShape.get(key)
        if (claimed !== undefined) {
          const describe = (r: CompiledRoute, f?: string) => ({
            module: r.module,
            rule: r.pattern.rule,
            endpoint: r.endpoint,
            file: f,
          })
          throw new RouteConflict(
            method,
            describe(claimed.route, claimed.file),
            describe(route, file),
          )
        }
        byShape.set(key, { route, file })
      }
      routes.push(route)
    }
  }
  return routes
}
