import { EndpointConflict, InvalidURLRule, RouteConflict, UnknownConverter } from '../errors.ts'
import { type Builder, makeBuilder } from './builder.ts'
import { type Converter, type ConverterDefinition, ConverterInstances } from './converters.ts'
import { compileHost, type HostMatch, parseHostRule, splitServerName } from './host-rule.ts'
import { Matcher, type MatchRule, type PartTable, type RulePart, ruleParts } from './matcher.ts'
import { mountedPattern } from './prefix.ts'
import type { ParsedRule, RuleVariable } from './rule.ts'
import type { UrlPattern } from './url.ts'

/** One route of one module, ready to hand to Fastify. */
export interface CompiledRoute {
  /** Its place in the route table (also its router constraint when the matcher dispatches it). */
  readonly id: number
  readonly endpoint: string
  readonly module: string
  readonly pattern: UrlPattern
  readonly methods: readonly string[]
  /**
   * The path given to find-my-way: the rule itself when the router alone decides
   * (`dispatch: 'router'`), else a wildcard shared by the rules that could take the same
   * URLs (`dispatch: 'matcher'`), among which the ordered matcher picks.
   */
  readonly path: string
  readonly dispatch: 'router' | 'matcher'
  /** Converts params in place; false means "no match" (a 404). Absent when nothing converts. */
  readonly convert: ((params: Record<string, unknown>) => boolean) | undefined
  /** The rule as the ordered matcher keeps it. */
  readonly match: MatchRule
  readonly builder: Builder
  /**
   * Earlier rules of the same endpoint whose defaults may stand for this rule's values:
   * a request whose values equal one's defaults is redirected to it (Werkzeug's redirect_defaults).
   */
  readonly aliases: readonly CompiledRoute[]
  /**
   * For a static rule ending with '/': its path without the slash, when another rule could
   * take that URL, so a route there redirects first (Werkzeug's order).
   */
  readonly slashRedirect: { readonly path: string; readonly methods: readonly string[] } | undefined
  /** The params as JSON schema, from each converter's own (int -> integer, any -> enum…). */
  readonly paramsSchema: Readonly<Record<string, unknown>>
  /** The host the rule answers only (its own, or its subdomain of the server name). */
  readonly host: HostMatch | undefined
  /** The subdomain the rule answers, as given (set without a host when no server name was). */
  readonly subdomain: string | undefined
}

/** What a module contributes to the table. */
export interface ModuleRoutes {
  readonly module: string
  readonly file?: string
  readonly patterns: readonly UrlPattern[]
  /** The subdomain every rule of the module answers, unless a rule says its own. */
  readonly subdomain?: string | undefined
  /** Prepended to each rule (the module's url prefix, as mounted). */
  readonly prefix?: string | undefined
  /** Values each view gets under its rule's own (the registration's defaults). */
  readonly defaults?: Readonly<Record<string, unknown>> | undefined
}

/** What compiling needs beside the rules. */
export interface CompileOptions {
  /** Flask's SERVER_NAME: subdomain rules answer `<subdomain>.<serverName>`. */
  readonly serverName?: string | undefined
}

interface Slot {
  readonly variable: RuleVariable
  readonly converter: Converter
  /** The variable's converter and arguments as text, as route conflicts compare them. */
  readonly signature: string
}

/** Converter regexes already known to compile. */
const validRegexes = new Set<string>()

function resolveConverters(
  pattern: { readonly rule: string; readonly parsed: ParsedRule },
  converters: Readonly<Record<string, ConverterDefinition>>,
  instances: ConverterInstances,
): Slot[] {
  return pattern.parsed.variables.map((variable) => {
    const definition = converters[variable.converter]
    if (definition === undefined) {
      throw new UnknownConverter(pattern.rule, variable.converter, Object.keys(converters))
    }
    const { positional, named } = variable.args
    if (
      typeof definition !== 'function' &&
      (positional.length > 0 || Object.keys(named).length > 0)
    ) {
      throw new InvalidURLRule(
        pattern.rule,
        `the converter '${variable.converter}' takes no arguments`,
        variable.position,
      )
    }
    const argsKey = JSON.stringify(variable.args)
    let converter: Converter
    try {
      converter = instances.get(variable.converter, definition, variable.args, argsKey)
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new InvalidURLRule(pattern.rule, reason, variable.position)
    }
    try {
      if (!validRegexes.has(converter.regex)) {
        new RegExp(converter.regex)
        validRegexes.add(converter.regex)
      }
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new InvalidURLRule(
        pattern.rule,
        `the converter '${variable.converter}' has an invalid regex ${JSON.stringify(converter.regex)} (${reason})`,
        variable.position,
      )
    }
    return { variable, converter, signature: `<${variable.converter}(${argsKey})>` }
  })
}

const isPlainDefault = (slot: Slot): boolean =>
  slot.variable.converter === 'default' && slot.variable.args.positional.length === 0

/**
 * The rule in find-my-way's syntax, or undefined when find-my-way cannot say alone which
 * URLs it takes: a converter spanning slashes anywhere but as the whole last segment.
 */
function routerPath(pattern: UrlPattern, slots: readonly Slot[]): string | undefined {
  let path = ''
  const { parts } = pattern.parsed
  let slot = 0
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string | RuleVariable
    if (typeof part === 'string') {
      path += part.replaceAll(':', '::')
      continue
    }
    const current = slots[slot++] as Slot
    const next = parts[index + 1]
    if (current.converter.slashes) {
      if (next !== undefined || !path.endsWith('/')) return undefined
      path += '*'
      continue
    }
    const ownSegment = next === undefined || (typeof next === 'string' && next.startsWith('/'))
    // A variable sharing its segment with text needs its regex for find-my-way to split it.
    path += ownSegment ? `:${part.name}` : `:${part.name}(^${current.converter.regex}$)`
  }
  return path
}

/** One RegExp per converter regex, shared by every route that uses it. */
const anchoredCache = new Map<string, RegExp>()
const anchored = (regex: string): RegExp => {
  let compiled = anchoredCache.get(regex)
  if (compiled === undefined) {
    // 's' as the matcher's: a value may hold any character ('.' also takes U+2028 and \n).
    compiled = new RegExp(`^(?:${regex})$`, 's')
    anchoredCache.set(regex, compiled)
  }
  return compiled
}

/**
 * Converts params in place, for a rule the router dispatches: find-my-way matched a plain
 * `:param` (its fastest), so the converter's regex is checked here, then its value.
 */
function makeConvert(
  pattern: UrlPattern,
  slots: readonly Slot[],
): CompiledRoute['convert'] | undefined {
  const defaults = Object.entries(pattern.defaults)
  if (slots.length === 0 && defaults.length === 0) return undefined
  const wildcard = slots.find((slot) => slot.converter.slashes)?.variable.name
  const steps = slots.map((slot) => ({
    name: slot.variable.name,
    converter: slot.converter,
    check: isPlainDefault(slot) ? undefined : anchored(slot.converter.regex),
  }))
  return (params) => {
    if (wildcard !== undefined) {
      params[wildcard] = params['*']
      delete params['*']
    }
    for (const { name, converter, check } of steps) {
      const raw = params[name] as string
      if (check !== undefined && !check.test(raw)) return false
      try {
        params[name] = converter.toValue(raw)
      } catch {
        return false
      }
    }
    for (const [key, value] of defaults) params[key] = value
    return true
  }
}

/** The params JSON schema a rule's converters describe. */
function paramsSchemaOf(slots: readonly Slot[]): Readonly<Record<string, unknown>> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      slots.map((slot) => [slot.variable.name, slot.converter.schema ?? { type: 'string' }]),
    ),
    required: slots.map((slot) => slot.variable.name),
  }
}

const NO_ALIASES: readonly CompiledRoute[] = Object.freeze([])

/** Methods as Fastify registers them: HEAD comes with GET on its own. */
const routeMethods = (methods: readonly string[]): string[] =>
  methods.includes('GET') ? methods.filter((m) => m !== 'HEAD') : [...methods]

const answered = (methods: readonly string[]): readonly string[] =>
  methods.includes('GET') ? [...methods, 'HEAD'] : methods

/** The literal text of a dynamic part before its first variable and after its last. */
function ends(part: RulePart): { lead: string; tail: string } {
  if (part.kind === 'static') return { lead: part.text, tail: part.text }
  return { lead: part.lead, tail: part.tail }
}

/** Could two parts (of one segment each) take the same text, as find-my-way or the matcher reads them? */
function partsMayMeet(a: RulePart, b: RulePart): boolean {
  if (a.kind === 'static' && b.kind === 'static') return a.text === b.text
  // As find-my-way sees them: a param takes any text between its literal ends (an empty
  // last segment too), whatever its converter would say later in the handler.
  if (a.kind === 'static' && b.kind === 'dynamic') {
    return a.text.startsWith(b.lead) && a.text.endsWith(b.tail)
  }
  if (a.kind === 'dynamic' && b.kind === 'static') {
    return b.text.startsWith(a.lead) && b.text.endsWith(a.tail)
  }
  const x = ends(a)
  const y = ends(b)
  return (
    (x.lead.startsWith(y.lead) || y.lead.startsWith(x.lead)) &&
    (x.tail.endsWith(y.tail) || y.tail.endsWith(x.tail))
  )
}

/**
 * The parts of a rule as URLs see them. A rule ending with '/' also claims its URL
 * without the slash (Werkzeug redirects it there before trying other rules); a rule
 * without strict slashes stands for both spellings.
 */
function spellings(parts: readonly RulePart[], strict: boolean): (readonly RulePart[])[] {
  const last = parts.at(-1)
  const slashed = last?.kind === 'static' && last.text === '' && parts.length > 1
  if (slashed) return [parts, parts.slice(0, -1)]
  if (strict) return [parts]
  return [parts, [...parts, { kind: 'static', text: '' }]]
}

/** Could two rules take one URL? Conservative: true unless a part tells them apart. */
function rulesMayMeet(a: readonly RulePart[], b: readonly RulePart[]): boolean {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a[i] as RulePart
    const y = b[i] as RulePart
    if ((x.kind === 'dynamic' && x.final) || (y.kind === 'dynamic' && y.final)) return true
    if (!partsMayMeet(x, y)) return false
  }
  return a.length === b.length
}

/** Rules that may take one URL end in one group, by union-find over their indexes. */
function groupsOf(count: number, pairs: Iterable<[number, number]>): number[] {
  const parent = Array.from({ length: count }, (_, i) => i)
  const find = (i: number): number => {
    let root = i
    while (parent[root] !== root) root = parent[root] as number
    parent[i] = root
    return root
  }
  for (const [a, b] of pairs) parent[find(a)] = find(b)
  return parent.map((_, i) => find(i))
}

/** The static text a rule starts with, cut after its last '/'. */
const leadingPath = (pattern: UrlPattern): string => {
  const first = pattern.parsed.parts[0]
  let text = typeof first === 'string' ? first : ''
  // Without strict slashes, '/loose/' also answers '/loose': the wildcard must take both.
  if (pattern.strictSlashes === false && text.length > 1 && text.endsWith('/'))
    text = text.slice(0, -1)
  return text.slice(0, text.lastIndexOf('/') + 1)
}

const commonPrefix = (a: string, b: string): string => {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  const shared = a.slice(0, i)
  return shared.slice(0, shared.lastIndexOf('/') + 1)
}

/**
 * Compiles every module's urlpatterns once, at start-up: converters resolved, conflicts
 * refused (one endpoint for two views; two rules answering the same URLs and method), and
 * each rule given to find-my-way alone when no other rule could take its URLs, or else
 * under a wildcard shared with those rules, where the ordered matcher decides.
 */
export function compileRoutes(
  modules: readonly ModuleRoutes[],
  converters: Readonly<Record<string, ConverterDefinition>>,
  onProblem?: (error: unknown) => void,
  options: CompileOptions = {},
): CompiledRoute[] {
  interface Candidate {
    readonly module: string
    readonly file: string | undefined
    readonly pattern: UrlPattern
    readonly endpoint: string
    readonly slots: Slot[]
    /** The slots' converters by variable name (the matcher's and the builder's). */
    readonly converters: ReadonlyMap<string, Converter>
    readonly methods: string[]
    /** Every method the rule answers (HEAD with GET), one set shared by rules of the same. */
    readonly answers: ReadonlySet<string>
    readonly parts: RulePart[]
    readonly router: string | undefined
    /** Static parts only, slashes strict: find-my-way alone takes its one URL. */
    readonly isStatic: boolean
    /** The parts as URLs may spell them (see `spellings`), less a static rule's own. */
    readonly variants: (readonly RulePart[])[]
    readonly host: HostMatch | undefined
    readonly subdomain: string | undefined
  }
  const server = options.serverName === undefined ? undefined : splitServerName(options.serverName)
  /** The rule's host: its own, else its (or its module's) subdomain joined to the server name. */
  const hostOf = (
    pattern: UrlPattern,
    subdomain: string | undefined,
    pathNames: ReadonlySet<string>,
  ): HostMatch | undefined => {
    let text = pattern.host
    if (text === undefined && subdomain !== undefined && server !== undefined) {
      text = subdomain === '' ? server.name : `${subdomain}.${server.name}`
    }
    if (text === undefined) return undefined
    const parsed = parseHostRule(text)
    const hostSlots = resolveConverters({ rule: text, parsed }, converters, instances)
    for (const slot of hostSlots) {
      if (pathNames.has(slot.variable.name)) {
        throw new InvalidURLRule(
          text,
          `the variable '${slot.variable.name}' is in both the host and the path '${pattern.rule}'`,
          slot.variable.position,
        )
      }
    }
    return compileHost(
      parsed,
      new Map(hostSlots.map((slot) => [slot.variable.name, slot.converter])),
      hostSlots.map((slot) => slot.signature),
      pattern.host === undefined && server !== undefined ? server.port : '',
    )
  }
  const instances = new ConverterInstances()
  const table: PartTable = new Map()
  // Rules answering the same methods share one set of them.
  const methodSets = new Map<string, ReadonlySet<string>>()
  const methodSet = (methods: readonly string[]): ReadonlySet<string> => {
    const all = answered(methods)
    const key = all.join(' ')
    let set = methodSets.get(key)
    if (set === undefined) {
      set = new Set(all)
      methodSets.set(key, set)
    }
    return set
  }
  const candidates: Candidate[] = []
  const byEndpoint = new Map<string, Candidate[]>()
  /** Rules by what they take (slashes and parts, converters with their arguments). */
  const byShape = new Map<string, Candidate[]>()
  const describe = (c: Candidate) => ({
    module: c.module,
    rule: c.pattern.rule,
    endpoint: c.endpoint,
    file: c.file,
  })
  // Without onProblem the first problem stops compiling; with it (the command line's
  // `check`) each wrong pattern is reported and left out, in one pass.
  const refuse = (error: unknown) => {
    if (onProblem === undefined) throw error
    onProblem(error)
  }
  for (const { module, file, patterns, subdomain: moduleSubdomain, prefix, defaults } of modules) {
    for (const given of patterns) {
      let candidate: Candidate
      let pattern = given
      try {
        // The prefix is joined here, once: a prefixed rule is an ordinary rule from now on.
        pattern = mountedPattern(given, prefix, defaults)
        const slots = resolveConverters(pattern, converters, instances)
        const byName = new Map(slots.map((slot) => [slot.variable.name, slot.converter]))
        const subdomain =
          pattern.host === undefined ? (pattern.subdomain ?? moduleSubdomain) : undefined
        const host = hostOf(pattern, subdomain, new Set(byName.keys()))
        const parts = ruleParts(pattern.parsed, byName, table)
        const strict = pattern.strictSlashes !== false
        const isStatic = strict && parts.every((p) => p.kind === 'static')
        const all = spellings(parts, strict)
        const methods = routeMethods(pattern.methods)
        candidate = {
          module,
          file,
          pattern,
          // An anonymous view has no endpoint: served, never reversed, never in conflict by name.
          endpoint: pattern.name === undefined ? '' : `${module}.${pattern.name}`,
          slots,
          converters: byName,
          methods,
          answers: methodSet(methods),
          parts,
          router: routerPath(pattern, slots),
          isStatic,
          variants: isStatic ? all.slice(1) : all,
          host,
          subdomain,
        }
      } catch (error) {
        refuse(error)
        continue
      }
      const named = candidate.endpoint === '' ? undefined : byEndpoint.get(candidate.endpoint)
      // Several rules may share an endpoint when they serve one view (Flask's rule).
      const other = named?.find((c) => c.pattern.view !== pattern.view)
      if (other !== undefined) {
        refuse(new EndpointConflict(candidate.endpoint, other.pattern.rule, pattern.rule, file))
        continue
      }
      // Rules for different hosts never conflict (Werkzeug's test_no_duplicates_host), nor,
      // compiled without a server name (the command line), for different subdomains.
      const hostKey =
        candidate.host?.signature ??
        (candidate.subdomain === undefined ? '' : `subdomain ${candidate.subdomain}`)
      let shape = `${hostKey} ${pattern.strictSlashes !== false ? 'strict ' : 'loose '}`
      let slot = 0
      for (const p of pattern.parsed.parts) {
        shape += typeof p === 'string' ? p : (candidate.slots[slot++] as Slot).signature
      }
      // Two rules of one shape conflict on a method both answer.
      const same = byShape.get(shape)
      let clash: { method: string; claimed: Candidate } | undefined
      for (const method of same === undefined ? [] : candidate.answers) {
        const claimed = same?.find((c) => c.answers.has(method))
        if (claimed !== undefined) {
          clash = { method, claimed }
          break
        }
      }
      if (clash !== undefined) {
        refuse(new RouteConflict(clash.method, describe(clash.claimed), describe(candidate)))
        continue
      }
      if (candidate.endpoint === '') {
        // not reversible: kept out of the endpoint table
      } else if (named === undefined) byEndpoint.set(candidate.endpoint, [candidate])
      else named.push(candidate)
      if (same === undefined) byShape.set(shape, [candidate])
      else same.push(candidate)
      candidates.push(candidate)
    }
  }
  // Which rules could take the same URL. A fully static rule is left to find-my-way: it
  // wins its one URL there as in Werkzeug (static parts first, per method). Its slashless
  // spelling, which Werkzeug redirects before trying other rules, is not: a static rule
  // ending with '/' meets the rules that could take that spelling.
  const buckets = new Map<string, number[]>()
  const wide: number[] = []
  candidates.forEach((c, index) => {
    if (c.isStatic && c.variants.length === 0) return
    const first = c.parts[0] as RulePart
    if (first.kind === 'static') {
      const list = buckets.get(first.text)
      if (list === undefined) buckets.set(first.text, [index])
      else list.push(index)
    } else wide.push(index)
  })
  const meet = (x: Candidate, y: Candidate): boolean => {
    // Two static spellings never need the matcher: find-my-way tells them apart.
    if (x.isStatic && y.isStatic) return false
    for (const p of x.variants) {
      for (const q of y.variants) if (rulesMayMeet(p, q)) return true
    }
    return false
  }
  const pairs: [number, number][] = []
  const shared = new Set<number>()
  // A static rule ending with '/' whose slashless URL another rule could take gets a
  // static route there that redirects, as Werkzeug does before trying other rules; it
  // stays a plain static route itself.
  const redirects = new Set<number>()
  const compare = (a: number, b: number): void => {
    const x = candidates[a] as Candidate
    const y = candidates[b] as Candidate
    if (!meet(x, y)) return
    const sa = x.isStatic
    const sb = y.isStatic
    if (sa || sb) {
      redirects.add(sa ? a : b)
      return
    }
    pairs.push([a, b])
    shared.add(a)
    shared.add(b)
  }
  for (const list of buckets.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) compare(list[i] as number, list[j] as number)
    }
  }
  for (let i = 0; i < wide.length; i++) {
    const a = wide[i] as number
    for (let j = i + 1; j < wide.length; j++) compare(a, wide[j] as number)
    for (const list of buckets.values()) for (const b of list) compare(a, b)
  }
  const matcherNeeded = (c: Candidate, index: number): boolean =>
    shared.has(index) || c.router === undefined || c.pattern.strictSlashes === false
  const roots = groupsOf(candidates.length, pairs)
  const prefixes = new Map<number, string>()
  candidates.forEach((c, index) => {
    if (!matcherNeeded(c, index)) return
    const root = roots[index] as number
    const lead = leadingPath(c.pattern)
    const known = prefixes.get(root)
    prefixes.set(root, known === undefined ? lead : commonPrefix(known, lead))
  })
  // Methods each static path already answers: a redirect route never takes them.
  const staticMethods = new Map<string, Set<string>>()
  for (const c of candidates) {
    if (!c.isStatic) continue
    const known = staticMethods.get(c.router as string) ?? new Set<string>()
    for (const m of c.answers) known.add(m)
    staticMethods.set(c.router as string, known)
  }
  const redirectFor = (c: Candidate, id: number): CompiledRoute['slashRedirect'] => {
    if (!redirects.has(id)) return undefined
    const path = (c.router as string).slice(0, -1)
    const taken = staticMethods.get(path)
    const methods = c.methods.filter((m) => !taken?.has(m))
    return methods.length === 0 ? undefined : { path, methods }
  }
  const compiled = candidates.map((c, id): CompiledRoute => {
    const { module, pattern, endpoint, slots, methods, parts, converters } = c
    const dispatch = matcherNeeded(c, id) ? 'matcher' : 'router'
    const path =
      dispatch === 'router'
        ? (c.router as string)
        : `${(prefixes.get(roots[id] as number) as string).replaceAll(':', '::')}*`
    return {
      id,
      endpoint,
      module,
      pattern,
      methods,
      path,
      dispatch,
      convert: dispatch === 'router' ? makeConvert(pattern, slots) : undefined,
      match: {
        id,
        rule: pattern.rule,
        parts,
        methods: c.answers,
        strictSlashes: pattern.strictSlashes !== false,
        converters,
        defaults: pattern.defaults,
        host: c.host,
      },
      builder: withHost(makeBuilder(endpoint, pattern, converters, methods), c.host),
      aliases: NO_ALIASES,
      slashRedirect: redirectFor(c, id),
      paramsSchema: paramsSchemaOf(slots),
      host: c.host,
      subdomain: c.subdomain,
    }
  })
  // Werkzeug's redirect_defaults: an earlier rule of the endpoint with defaults and the
  // same arguments stands for the values it defaults.
  const argumentsOf = (pattern: UrlPattern): string =>
    [...new Set([...pattern.parsed.variables.map((v) => v.name), ...Object.keys(pattern.defaults)])]
      .sort()
      .join(',')
  for (const group of byEndpoint.values()) {
    if (group.length < 2) continue
    const routes = group.map((c) => compiled[candidates.indexOf(c)] as CompiledRoute)
    routes.forEach((route, i) => {
      const aliases = routes
        .slice(0, i)
        .filter(
          (earlier) =>
            Object.keys(earlier.pattern.defaults).length > 0 &&
            argumentsOf(earlier.pattern) === argumentsOf(route.pattern),
        )
      if (aliases.length > 0) (route as { aliases: readonly CompiledRoute[] }).aliases = aliases
    })
  }
  return compiled
}

/** A rule's builder with its host: the host's variables join the values the rule takes. */
function withHost(builder: Builder, host: HostMatch | undefined): Builder {
  if (host === undefined) return builder
  return { ...builder, names: new Set([...builder.names, ...host.names]), host }
}

/** The ordered matcher over every rule of the table, with the router's limit on a param's length. */
export function buildMatcher(
  routes: readonly CompiledRoute[],
  options: { maxParamLength?: number } = {},
): Matcher {
  const matcher = new Matcher(options)
  for (const route of routes) matcher.add(route.match)
  return matcher
}
