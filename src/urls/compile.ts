import { EndpointConflict, InvalidURLRule, RouteConflict, UnknownConverter } from '../errors.ts'
import { type Builder, makeBuilder } from './builder.ts'
import { type Converter, type ConverterDefinition, instantiate } from './converters.ts'
import type { RuleVariable } from './rule.ts'
import type { UrlPattern } from './url.ts'

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

/** How one variable is written for find-my-way. */
interface PathPart {
  /** The converter's regex, when the router must check it (another rule shares the path). */
  readonly constraint: string
  /** The converter's regex, when the router can do without it (the view's wrapper checks it). */
  readonly optional: string
}

/**
 * The rule in find-my-way's syntax, with or without the converters' regexes, and the
 * same with names erased (`shape`, for conflict checks, always with them).
 */
function routerPath(
  pattern: UrlPattern,
  slots: readonly Slot[],
): { strict: string; loose: string; shape: string; looseShape: string } {
  let strict = ''
  let loose = ''
  let shape = ''
  let looseShape = ''
  const { parts } = pattern.parsed
  let slot = 0
  parts.forEach((part, index) => {
    if (typeof part === 'string') {
      const literal = part.replaceAll(':', '::')
      strict += literal
      loose += literal
      shape += literal
      looseShape += literal
      return
    }
    const current = slots[slot++] as Slot
    const next = parts[index + 1]
    if (current.converter.slashes) {
      if (next !== undefined) {
        throw new InvalidURLRule(
          pattern.rule,
          `'${part.name}' takes slashes, so it must end the rule`,
          part.position,
        )
      }
      strict += '*'
      loose += '*'
      shape += '*'
      looseShape += '*'
      return
    }
    const ownSegment = next === undefined || (typeof next === 'string' && next.startsWith('/'))
    const { constraint, optional } = pathPart(current, ownSegment)
    strict += `:${part.name}${constraint}${optional}`
    loose += `:${part.name}${constraint}`
    shape += `:${constraint}${optional}`
    looseShape += `:${constraint}`
  })
  return { strict, loose, shape, looseShape }
}

function pathPart(slot: Slot, ownSegment: boolean): PathPart {
  if (isPlainDefault(slot) && ownSegment) return { constraint: '', optional: '' }
  const regex = `(^${slot.converter.regex}$)`
  // A variable sharing its segment with text needs its regex for find-my-way to split it.
  return ownSegment ? { constraint: '', optional: regex } : { constraint: regex, optional: '' }
}

/** One RegExp per converter regex, shared by every route that uses it. */
const anchoredCache = new Map<string, RegExp>()
const anchored = (regex: string): RegExp => {
  let compiled = anchoredCache.get(regex)
  if (compiled === undefined) {
    compiled = new RegExp(`^(?:${regex})$`)
    anchoredCache.set(regex, compiled)
  }
  return compiled
}

/**
 * Converts params in place. Where the router did not check a converter's regex (no other
 * rule shares the path, so find-my-way matches a plain `:param`, its fastest), check it here.
 */
function makeConvert(slots: readonly Slot[], routerChecks: boolean): CompiledRoute['convert'] {
  if (slots.length === 0) return undefined
  const wildcard = slots.find((slot) => slot.converter.slashes)?.variable.name
  const steps = slots.map((slot) => ({
    name: slot.variable.name,
    converter: slot.converter,
    check:
      routerChecks || isPlainDefault(slot) || slot.converter.slashes
        ? undefined
        : anchored(slot.converter.regex),
  }))
  return (params) => {
    if (wildcard !== undefined) params[wildcard] = params['*']
    for (const { name, converter, check } of steps) {
      const raw = params[name] as string
      if (check !== undefined && !check.test(raw)) return false
      try {
        params[name] = converter.toValue(raw)
      } catch {
        return false
      }
    }
    return true
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
  onProblem?: (error: unknown) => void,
): CompiledRoute[] {
  interface Candidate {
    readonly module: string
    readonly file: string | undefined
    readonly pattern: UrlPattern
    readonly endpoint: string
    readonly slots: Slot[]
    readonly methods: string[]
    readonly paths: ReturnType<typeof routerPath>
  }
  const candidates: Candidate[] = []
  const byEndpoint = new Map<string, Candidate>()
  const byShape = new Map<string, Candidate>()
  const looseUses = new Map<string, number>()
  const describe = (c: Candidate) => ({
    module: c.module,
    rule: c.pattern.rule,
    endpoint: c.endpoint,
    file: c.file,
  })
  const answered = (methods: readonly string[]) =>
    methods.includes('GET') ? [...methods, 'HEAD'] : methods
  // Without onProblem the first problem stops compiling; with it (the command line's
  // `check`) each wrong pattern is reported and left out, in one pass.
  const refuse = (error: unknown) => {
    if (onProblem === undefined) throw error
    onProblem(error)
  }
  for (const { module, file, patterns } of modules) {
    for (const pattern of patterns) {
      let candidate: Candidate
      try {
        const slots = resolveConverters(pattern, converters)
        candidate = {
          module,
          file,
          pattern,
          endpoint: `${module}.${pattern.name}`,
          slots,
          methods: routeMethods(pattern.methods),
          paths: routerPath(pattern, slots),
        }
      } catch (error) {
        refuse(error)
        continue
      }
      const named = byEndpoint.get(candidate.endpoint)
      if (named !== undefined) {
        refuse(new EndpointConflict(candidate.endpoint, named.pattern.rule, pattern.rule, file))
        continue
      }
      const methods = answered(candidate.methods)
      const method = methods.find((m) => byShape.has(`${m} ${candidate.paths.shape}`))
      if (method !== undefined) {
        const claimed = byShape.get(`${method} ${candidate.paths.shape}`) as Candidate
        refuse(new RouteConflict(method, describe(claimed), describe(candidate)))
        continue
      }
      byEndpoint.set(candidate.endpoint, candidate)
      for (const method of methods) {
        byShape.set(`${method} ${candidate.paths.shape}`, candidate)
        const looseKey = `${method} ${candidate.paths.looseShape}`
        looseUses.set(looseKey, (looseUses.get(looseKey) ?? 0) + 1)
      }
      candidates.push(candidate)
    }
  }
  return candidates.map(({ module, pattern, endpoint, slots, methods, paths }) => {
    const shared = answered(methods).some(
      (method) => (looseUses.get(`${method} ${paths.looseShape}`) ?? 0) > 1,
    )
    return {
      endpoint,
      module,
      pattern,
      methods,
      path: shared ? paths.strict : paths.loose,
      convert: makeConvert(slots, shared),
      builder: makeBuilder(endpoint, pattern, slots, methods),
    }
  })
}
