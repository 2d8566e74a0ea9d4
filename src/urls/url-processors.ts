import type { FastifyRequest } from 'fastify'

/**
 * Flask's url_value_preprocessor: sees a matched request's endpoint and values
 * (`request.params`, which it may change: `delete values.lang_code`) before the view runs.
 * @example blueprint.urlValuePreprocessor((endpoint, values, request) => { lang.set(request, values.lang_code); delete values.lang_code })
 */
export type UrlValuePreprocessor = (
  endpoint: string,
  values: Record<string, unknown>,
  request: FastifyRequest,
) => void

/**
 * Flask's url_defaults: fills values into a urlFor of an endpoint before it is built (a
 * copy of the values given; `request` is the request building, undefined outside one).
 * @example blueprint.urlDefaults((endpoint, values, request) => { values.lang_code ??= request && lang.get(request) })
 */
export type UrlDefaults = (
  endpoint: string,
  values: Record<string, unknown>,
  request: FastifyRequest | undefined,
) => void

/** The scopes whose processors apply to a module, outermost first: the app (null), then 'a', 'a.b'. */
function scopesOf(module: string): (string | null)[] {
  const scopes: (string | null)[] = [null]
  for (let dot = module.indexOf('.'); dot !== -1; dot = module.indexOf('.', dot + 1)) {
    scopes.push(module.slice(0, dot))
  }
  if (module !== '') scopes.push(module)
  return scopes
}

function add<F>(map: Map<string | null, F[]>, scope: string | null, fn: F): void {
  const list = map.get(scope)
  if (list === undefined) map.set(scope, [fn])
  else list.push(fn)
}

/**
 * The url processors of one app, app-wide (scope null) and per module. Nothing runs while
 * none is registered: views and urlFor check one boolean.
 */
export class UrlProcessors {
  readonly #preprocessors = new Map<string | null, UrlValuePreprocessor[]>()
  readonly #defaults = new Map<string | null, UrlDefaults[]>()
  /** True once a url_value_preprocessor is registered. */
  preprocessing = false
  /** True once a url_defaults function is registered. */
  injecting = false

  addPreprocessor(fn: UrlValuePreprocessor, module: string | null = null): this {
    add(this.#preprocessors, module, fn)
    this.preprocessing = true
    return this
  }

  addDefaults(fn: UrlDefaults, module: string | null = null): this {
    add(this.#defaults, module, fn)
    this.injecting = true
    return this
  }

  /** Runs the app's preprocessors, then the module's, on the request's params. */
  preprocess(endpoint: string, module: string, request: FastifyRequest): void {
    const values = request.params as Record<string, unknown>
    for (const scope of scopesOf(module)) {
      for (const fn of this.#preprocessors.get(scope) ?? []) fn(endpoint, values, request)
    }
  }

  /** True when some url_defaults function applies to `endpoint`. */
  injects(endpoint: string): boolean {
    return this.injecting && scopesOf(moduleOf(endpoint)).some((scope) => this.#defaults.has(scope))
  }

  /** The values a urlFor of `endpoint` builds with: a copy, filled by the url_defaults that apply. */
  inject(
    endpoint: string,
    given: Readonly<Record<string, unknown>>,
    request: FastifyRequest | undefined,
  ): Record<string, unknown> {
    const values = { ...given }
    for (const scope of scopesOf(moduleOf(endpoint))) {
      for (const fn of this.#defaults.get(scope) ?? []) fn(endpoint, values, request)
    }
    return values
  }
}

/** The module of an endpoint: 'a.b' of 'a.b.list', '' of 'static'. */
const moduleOf = (endpoint: string): string =>
  endpoint.slice(0, Math.max(0, endpoint.lastIndexOf('.')))
