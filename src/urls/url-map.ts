import { distance } from 'fastest-levenshtein'
import { BuildError, MissingServerName } from '../errors.ts'
import { type Builder, BuildRefusal } from './builder.ts'

/** Values for urlFor: the rule's params, extra query values, and Flask's `_external`, `_anchor`, `_scheme`, `_method`. */
export interface UrlForValues {
  readonly _external?: boolean
  readonly _anchor?: string
  readonly _scheme?: string
  readonly _method?: string
  readonly [name: string]: unknown
}

/** What urlFor needs of the current request, when there is one. */
export interface UrlForScope {
  /** The module handling the request, for '.name' endpoints. */
  readonly blueprint?: string | null | undefined
  readonly protocol?: string
  readonly host?: string
}

export interface UrlMapOptions {
  /** Host (and port) for external URLs built outside a request: Flask's SERVER_NAME. */
  readonly serverName?: string
  /** Scheme for external URLs outside a request (default 'http'). */
  readonly preferredUrlScheme?: string
}

const SPECIAL = new Set(['_external', '_anchor', '_scheme', '_method'])

/** How nunjucks marks the object of keyword arguments (`url_for('x', a=1)` in a template): not a value. */
const KEYWORDS_MARKER = '__keywords'

/** Characters an anchor keeps as they are (RFC 3986 fragment). */
const encodeAnchor = (anchor: string): string => encodeURI(anchor).replaceAll('#', '%23')

function appendQuery(query: string, key: string, value: unknown): string {
  if (value === undefined || value === null) return query
  if (Array.isArray(value)) {
    let out = query
    for (const item of value) out = appendQuery(out, key, item)
    return out
  }
  const pair = `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`
  return query === '' ? `?${pair}` : `${query}&${pair}`
}

/**
 * Names to builders, made once at start-up; `urlFor` reverses an endpoint into a URL.
 * Endpoints are 'module.name', '.name' (the current request's module), 'static' and 'module.static'.
 */
export class UrlMap {
  readonly #builders = new Map<string, Builder>()
  readonly #options: UrlMapOptions

  constructor(options: UrlMapOptions = {}) {
    this.#options = options
  }

  add(builder: Builder): void {
    this.#builders.set(builder.endpoint, builder)
  }

  get(endpoint: string): Builder | undefined {
    return this.#builders.get(endpoint)
  }

  get endpoints(): string[] {
    return [...this.#builders.keys()]
  }

  /** Every endpoint with its rule, for the generated routes file. */
  get rules(): { endpoint: string; rule: string }[] {
    return [...this.#builders.values()].map(({ endpoint, rule }) => ({ endpoint, rule }))
  }

  /** Builds the URL of `endpoint`; throws BuildError naming the closest endpoints. */
  urlFor(endpoint: string, values: UrlForValues = {}, scope?: UrlForScope): string {
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
      name = module + endpoint
    }
    const builder = this.#builders.get(name)
    if (builder === undefined) {
      throw new BuildError(name, values, 'no such endpoint', this.closest(name))
    }
    let url: string
    try {
      url = builder.build(values)
    } catch (error) {
      if (error instanceof BuildRefusal) throw new BuildError(name, values, error.message, [])
      throw error
    }
    let query = ''
    let special = false
    for (const key in values) {
      if (key.charCodeAt(0) === 95 /* '_' */) {
        if (SPECIAL.has(key)) {
          special = true
          continue
        }
        if (key === KEYWORDS_MARKER) continue
      }
      if (!builder.names.has(key)) query = appendQuery(query, key, values[key])
    }
    url += query
    return special ? this.#special(name, builder, url, values, scope) : url
  }

  #special(
    endpoint: string,
    builder: Builder,
    path: string,
    values: UrlForValues,
    scope: UrlForScope | undefined,
  ): string {
    const method = values._method?.toUpperCase()
    if (
      method !== undefined &&
      !builder.methods.includes(method) &&
      !(method === 'HEAD' && builder.methods.includes('GET'))
    ) {
      throw new BuildError(
        endpoint,
        values,
        `the rule '${builder.rule}' does not answer ${method} (it answers ${builder.methods.join(', ')})`,
        [],
      )
    }
    let url =
      values._anchor === undefined ? path : `${path}#${encodeAnchor(String(values._anchor))}`
    if (values._external === true || values._scheme !== undefined) {
      const host = scope?.host ?? this.#options.serverName
      if (host === undefined) throw new MissingServerName(endpoint)
      const scheme = values._scheme ?? scope?.protocol ?? this.#options.preferredUrlScheme ?? 'http'
      url = `${scheme}://${host}${url}`
    }
    return url
  }

  /** Up to three endpoints close to `name`, nearest first. */
  closest(name: string): string[] {
    const limit = Math.max(2, Math.floor(name.length / 3))
    return this.endpoints
      .map((candidate) => ({ candidate, d: distance(name, candidate) }))
      .filter(({ d }) => d <= limit)
      .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
      .slice(0, 3)
      .map(({ candidate }) => candidate)
  }
}
