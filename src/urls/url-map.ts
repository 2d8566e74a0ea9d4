import { distance } from 'fastest-levenshtein'
import type { FastifyRequest } from 'fastify'
import { BuildError, MissingServerName } from '../errors.ts'
import { hostName, isHost } from '../host.ts'
import { show } from '../show.ts'
import { type Builder, BuildRefusal } from './builder.ts'
import { quoteFragment, quoteQuery } from './quote.ts'
import type { UrlForValues } from './typed-routes.ts'
import type { UrlProcessors } from './url-processors.ts'

/** What urlFor needs of the current request, when there is one. */
export interface UrlForScope {
  /** The module handling the request, for '.name' endpoints. */
  readonly blueprint?: string | null | undefined
  readonly protocol?: string
  /** The request's Host (Fastify's `request.host`): used for external URLs without `serverName`. */
  readonly host?: string
}

export interface UrlMapOptions {
  /** Host (and port) of external URLs: Flask's SERVER_NAME. Wins over the request's Host. */
  readonly serverName?: string | undefined
  /** Scheme for external URLs outside a request (default 'http'). */
  readonly preferredUrlScheme?: string | undefined
  /** The app's url_defaults functions, which fill values into urlFor calls. */
  readonly processors?: UrlProcessors | undefined
}

/** The keys urlFor reads itself; they never reach the query string. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  '_external',
  '_anchor',
  '_scheme',
  '_method',
])

/** RFC 3986 scheme syntax: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/

/** Schemes that run code or read local data when a link is followed. */
const REFUSED_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file'])

/** An HTTP method token (RFC 9110), as url() accepts them. */
const METHOD = /^[A-Za-z-]+$/

const EMPTY: UrlForValues = Object.freeze({})

/** Werkzeug's `build_compare_key`: rules taking more values first, then more defaults. */
const argumentCount = (builder: Builder): number => builder.names.size
const defaultCount = (builder: Builder): number =>
  builder.defaults === undefined ? 0 : Object.keys(builder.defaults).length

/**
 * A given value agrees with a rule's default when it is the same value, or the same text
 * (a value read from a query string is text: `page: '1'` agrees with the default `page: 1`).
 */
function agrees(given: unknown, fallback: unknown): boolean {
  if (Object.is(given, fallback)) return true
  const primitive = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  return primitive(given) && primitive(fallback) && String(given) === String(fallback)
}

/** True when a rule with these methods answers `method` (HEAD with GET; OPTIONS always). */
const answers = (methods: readonly string[], method: string): boolean =>
  methods.includes(method) || (method === 'HEAD' && methods.includes('GET')) || method === 'OPTIONS'

/**
 * Werkzeug's `Rule.suitable_for`: the rule answers the method, every value it takes is
 * given or has a default, and no given value contradicts a default. Undefined when it is
 * suitable, else why not.
 */
function unsuitable(
  builder: Builder,
  values: Readonly<Record<string, unknown>>,
  method: string | undefined,
): string | undefined {
  if (method !== undefined && !answers(builder.methods, method)) {
    return `it answers ${builder.methods.join(', ')}, not ${method}`
  }
  const defaults = builder.defaults
  for (const name of builder.names) {
    const given = values[name]
    if (defaults !== undefined && name in defaults) {
      if (given !== undefined && given !== null && !agrees(given, defaults[name])) {
        return `'${name}' is ${show(given)}, not its default ${show(defaults[name])}`
      }
    } else if (given === undefined || given === null) {
      return `missing a value for '${name}'`
    }
  }
  return undefined
}

function appendQuery(query: string, key: string, value: unknown): string {
  if (value === undefined || value === null) return query
  if (Array.isArray(value)) {
    let out = query
    for (const item of value) out = appendQuery(out, key, item)
    return out
  }
  const pair = `${quoteQuery(key)}=${quoteQuery(typeof value === 'string' ? value : String(value))}`
  return query === '' ? `?${pair}` : `${query}&${pair}`
}

/** What urlFor raises for an error of a builder: its refusal as a BuildError, anything else as it is. */
function raised(error: unknown, endpoint: string, values: UrlForValues): unknown {
  return error instanceof BuildRefusal ? new BuildError(endpoint, values, error.message, []) : error
}

interface Built {
  readonly builder: Builder
  readonly path: string
}

/**
 * Names to builders, made once at start-up; `urlFor` reverses an endpoint into a URL.
 * Endpoints are 'module.name', '.name' (the current request's module), 'static' and
 * 'module.static'. An endpoint may have several rules: urlFor builds the first that fits
 * the values, as Werkzeug's `MapAdapter.build`.
 */
export class UrlMap {
  readonly #builders = new Map<string, Builder[]>()
  readonly #options: UrlMapOptions
  readonly #processors: UrlProcessors | undefined

  constructor(options: UrlMapOptions = {}) {
    this.#options = options
    this.#processors = options.processors
  }

  /** Adds a rule of an endpoint; an endpoint's rules are tried in Werkzeug's build order. */
  add(builder: Builder): void {
    const list = this.#builders.get(builder.endpoint)
    if (list === undefined) {
      this.#builders.set(builder.endpoint, [builder])
      return
    }
    list.push(builder)
    // Stable: rules that tie keep the order they were added in.
    list.sort((a, b) => argumentCount(b) - argumentCount(a) || defaultCount(b) - defaultCount(a))
  }

  /** The first rule urlFor tries for an endpoint. */
  get(endpoint: string): Builder | undefined {
    return this.#builders.get(endpoint)?.[0]
  }

  /** Every rule of an endpoint, in the order urlFor tries them. */
  all(endpoint: string): readonly Builder[] {
    return this.#builders.get(endpoint) ?? []
  }

  /**
   * Werkzeug's `Map.is_endpoint_expecting`: whether a rule of `endpoint` takes every one
   * of `names` (for url_defaults that fill a value only where a rule wants it).
   * @example urlMap.isEndpointExpecting('shop.item', 'lang_code')
   */
  isEndpointExpecting(endpoint: string, ...names: string[]): boolean {
    return this.all(endpoint).some((builder) => names.every((name) => builder.names.has(name)))
  }

  get endpoints(): string[] {
    return [...this.#builders.keys()]
  }

  /** Every endpoint with its rules, for the generated routes file. */
  get rules(): { endpoint: string; rule: string }[] {
    return [...this.#builders.values()].flatMap((builders) =>
      builders.map(({ endpoint, rule }) => ({ endpoint, rule })),
    )
  }

  /**
   * A builder of `endpoint` from values given in the order of `names`, looked up once:
   * what templates compile `url_for('forum.board', board_id=x)` to (templates/url-calls.ts).
   * It answers as `urlFor(endpoint, values)` does. Undefined where the answer depends on the
   * request (a relative endpoint, a `_` key) or where urlFor would raise "no such endpoint",
   * so that the call stays as written and fails at render time with the template's line.
   */
  prepare(
    endpoint: string,
    names: readonly string[],
  ): ((values: readonly unknown[]) => string) | undefined {
    if (endpoint.charCodeAt(0) === 46 /* '.' */) return undefined
    if (names.some((name) => name.charCodeAt(0) === 95 /* '_' */)) return undefined
    // url_defaults may read the request: such calls are built at render time, with it.
    if (this.#processors?.injects(endpoint)) return undefined
    const builders = this.#builders.get(endpoint)
    if (builders === undefined) return undefined
    const valuesOf = (values: readonly unknown[]): UrlForValues =>
      Object.fromEntries(names.map((name, i) => [name, values[i]]))
    // A host rule's URL depends on the request's host: built at render time.
    if (builders.some((b) => b.host !== undefined)) return undefined
    const builder = builders[0] as Builder
    const exact =
      builders.length === 1 &&
      builder.defaults === undefined &&
      builder.names.size === names.length &&
      names.every((name) => builder.names.has(name))
    const positional = exact ? builder.positional?.(names) : undefined
    if (positional === undefined) return (values) => this.urlFor(endpoint, valuesOf(values))
    return (values) => {
      try {
        return positional(values)
      } catch (error) {
        throw raised(error, endpoint, valuesOf(values))
      }
    }
  }

  /** Builds the URL of `endpoint`; throws BuildError naming the closest endpoints. */
  urlFor(endpoint: string, given?: UrlForValues | null, scope?: UrlForScope): string {
    let values = given ?? EMPTY
    let name = endpoint
    if (endpoint.charCodeAt(0) === 46 /* '.' */) {
      const module = scope?.blueprint
      if (module === undefined || module === null) {
        throw new BuildError(
          endpoint,
          values,
          'a relative endpoint needs a request handled by a module',
          [],
        )
      }
      name = relativeEndpoint(module, endpoint)
    }
    const builders = this.#builders.get(name)
    if (builders === undefined) {
      throw new BuildError(name, values, 'no such endpoint', this.closest(name))
    }
    if (this.#processors?.injecting === true) {
      values = this.#processors.inject(name, values, scope as FastifyRequest | undefined)
    }
    const method = values._method
    let builder: Builder
    let path: string
    if (method === undefined && builders.length === 1) {
      builder = builders[0] as Builder
      if (builder.defaults === undefined) {
        try {
          path = builder.build(values)
        } catch (error) {
          throw raised(error, name, values)
        }
      } else ({ builder, path } = this.#pick(name, builders, values, undefined, scope))
    } else ({ builder, path } = this.#pick(name, builders, values, method, scope))
    let query = ''
    let special = method !== undefined
    const names = builder.names
    for (const key in values) {
      if (names.has(key)) continue
      if (key.charCodeAt(0) === 95 /* '_' */ && RESERVED_KEYS.has(key)) {
        special = true
        continue
      }
      const value = values[key]
      if (value !== undefined && value !== null) query = appendQuery(query, key, value)
    }
    if (builder.host !== undefined) {
      let host: string
      try {
        host = builder.host.build(values)
      } catch (error) {
        throw raised(error, name, values)
      }
      return this.#special(name, path + query, values, scope, host)
    }
    return special ? this.#special(name, path + query, values, scope) : path + query
  }

  /** The host links are relative to: the request's, else the server name. */
  #currentHost(scope: UrlForScope | undefined): string | undefined {
    const host = scope?.host ?? this.#options.serverName
    return host === undefined ? undefined : hostName(host)
  }

  /** Werkzeug's `_partial_build`: without a method, rules answering GET first, then any. */
  #pick(
    endpoint: string,
    builders: readonly Builder[],
    values: UrlForValues,
    method: unknown,
    scope: UrlForScope | undefined,
  ): Built {
    // Werkzeug's host matching: of the rules that fit, one of the current host first.
    const current = builders.some((b) => b.host !== undefined)
      ? this.#currentHost(scope)
      : undefined
    if (method !== undefined && method !== null) {
      if (typeof method !== 'string' || !METHOD.test(method)) {
        throw new BuildError(endpoint, values, `'_method' must be an HTTP method name`, [], 400)
      }
      const upper = method.toUpperCase()
      const built = first(builders, values, upper, current)
      if (built !== undefined) return built
      const answered = builders.some((builder) => answers(builder.methods, upper))
      throw new BuildError(
        endpoint,
        values,
        tried(builders, values, upper),
        [],
        answered ? 500 : 400,
      )
    }
    const built =
      first(builders, values, 'GET', current) ?? first(builders, values, undefined, current)
    if (built !== undefined) return built
    throw new BuildError(endpoint, values, tried(builders, values, undefined), [])
  }

  /**
   * `_anchor`, `_external` and `_scheme`, each checked (they may come from a request). A
   * rule's `host` other than the current one makes the URL absolute, as Werkzeug builds it.
   */
  #special(
    endpoint: string,
    path: string,
    values: UrlForValues,
    scope: UrlForScope | undefined,
    ruleHost?: string,
  ): string {
    const refuse = (problem: string): never => {
      throw new BuildError(endpoint, values, problem, [], 400)
    }
    const { _anchor: anchor, _external: external, _scheme: scheme } = values
    let url = path
    if (anchor !== undefined && anchor !== null) {
      if (typeof anchor !== 'string' && typeof anchor !== 'number') {
        refuse(`'_anchor' must be a string, not ${show(anchor)}`)
      }
      try {
        url += `#${quoteFragment(String(anchor))}`
      } catch {
        refuse(`'_anchor' is not well-formed Unicode`)
      }
    }
    if (external !== undefined && external !== null && typeof external !== 'boolean') {
      refuse(`'_external' must be true or false, not ${show(external)}`)
    }
    if (scheme !== undefined && scheme !== null) {
      if (external !== true) refuse(`'_scheme' needs '_external: true' (as Flask)`)
      if (typeof scheme !== 'string' || !SCHEME.test(scheme)) {
        refuse(
          `'_scheme' ${show(scheme)} is not a URL scheme (a letter, then letters, digits, '+', '-', '.')`,
        )
      }
      if (REFUSED_SCHEMES.has(scheme.toLowerCase())) {
        refuse(`the scheme '${scheme}' is refused: a link with it runs code or reads local data`)
      }
    }
    const { serverName, preferredUrlScheme } = this.#options
    const elsewhere = ruleHost !== undefined && hostName(ruleHost) !== this.#currentHost(scope)
    if (external !== true && !elsewhere) return url
    let host = ruleHost ?? serverName
    if (host === undefined) {
      host = scope?.host
      if (host === undefined) throw new MissingServerName(endpoint)
      if (!isHost(host)) refuse(`the request's Host ${show(host)} is not a host name`)
    }
    // The request's scheme may come from X-Forwarded-Proto: only http or https is taken from it.
    const forwarded = scope?.protocol?.toLowerCase()
    const fromRequest = forwarded === 'http' || forwarded === 'https' ? forwarded : undefined
    const chosen = scheme ?? fromRequest ?? preferredUrlScheme ?? 'http'
    return `${chosen.toLowerCase()}://${host}${url}`
  }

  /** Up to three endpoints close to `name` (a few edits away, or one inside the other), nearest first. */
  closest(name: string): string[] {
    const limit = Math.max(2, Math.floor(name.length / 3))
    const inside = (a: string, b: string) => a.length >= 3 && b.includes(a)
    return this.endpoints
      .map((candidate) => ({ candidate, d: distance(name, candidate) }))
      .filter(
        ({ candidate, d }) => d <= limit || inside(candidate, name) || inside(name, candidate),
      )
      .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
      .slice(0, 3)
      .map(({ candidate }) => candidate)
  }
}

/** The first suitable rule whose converters accept the values (a refusal tries the next). */
function first(
  builders: readonly Builder[],
  values: UrlForValues,
  method: string | undefined,
  current?: string,
): Built | undefined {
  let found: Built | undefined
  for (const builder of builders) {
    if (unsuitable(builder, values, method) !== undefined) continue
    try {
      const built = { builder, path: builder.build(values) }
      if (current === undefined) return built
      // With hosts, the first rule of the current host, else the first that fits.
      if (builder.host === undefined || hostName(builder.host.build(values)) === current)
        return built
      found ??= built
    } catch (error) {
      if (!(error instanceof BuildRefusal)) throw error
    }
  }
  return found
}

/** Why no rule was built, rule by rule, as Django's NoReverseMatch lists what it tried. */
function tried(
  builders: readonly Builder[],
  values: UrlForValues,
  method: string | undefined,
): string {
  const reasons = builders.map((builder) => {
    let reason = unsuitable(builder, values, method)
    if (reason === undefined) {
      try {
        builder.build(values)
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error)
      }
    }
    return `'${builder.rule}' (${reason})`
  })
  if (builders.length === 1) return (reasons[0] as string).replace(/^'[^']*' \((.*)\)$/, '$1')
  return `${builders.length} rules tried: ${reasons.join('; ')}`
}

/**
 * A relative endpoint under the module handling the request, as Flask's `url_for('.list')`;
 * each further dot goes one module up, to a parent ('..list' from 'admin.users' is
 * 'admin.list'), as Python's relative imports (Flask has no '..').
 */
function relativeEndpoint(module: string, endpoint: string): string {
  let dots = 0
  while (endpoint.charCodeAt(dots) === 46 /* '.' */) dots++
  let scope = module
  for (let up = 1; up < dots; up++) {
    const dot = scope.lastIndexOf('.')
    scope = dot === -1 ? '' : scope.slice(0, dot)
  }
  const rest = endpoint.slice(dots)
  return scope === '' ? rest : `${scope}.${rest}`
}
