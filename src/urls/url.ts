import type { RouteShorthandOptions } from 'fastify'
import {
  InvalidURLFunction,
  InvalidURLName,
  InvalidURLPattern,
  InvalidURLRule,
  UnspecifiedURLMethods,
} from '../errors.ts'
import { type ClassView, classView, isClass } from './class-view.ts'
import { parseHostRule } from './host-rule.ts'
import type { PatternView, View } from './params.ts'
import { type ParsedRule, parseRule } from './rule.ts'

/** Fastify route options a url() may carry besides its name and methods (schema, config, hooks…). */
export type RouteExtras = Omit<RouteShorthandOptions, 'prefixTrailingSlash'>

/** The options form of url(): `url('/x/', view, { name: 'x', methods: ['GET', 'PUT'] })`. */
export interface UrlOptions extends RouteExtras {
  name?: string
  methods?: readonly string[]
  /** Values the view gets for names the rule does not fill (Werkzeug's rule defaults). */
  defaults?: Readonly<Record<string, unknown>>
  /**
   * false: the rule also answers without its trailing slash (or with one it does not
   * have) instead of redirecting, as Werkzeug's `strict_slashes=False`. Default true.
   */
  strictSlashes?: boolean
  /**
   * The host the rule answers (Werkzeug's `host_matching`): `'<tenant>.example.com'`, its
   * values passed to the view beside the path's. It wins over `subdomain`.
   */
  host?: string
  /**
   * The subdomain of `serverName` the rule answers (Flask's `subdomain=`): `'api'`,
   * `'<user>'`. It wins over the module's own subdomain.
   */
  subdomain?: string
}

/** One entry of a module's urlpatterns: what url() returns. */
export class UrlPattern<R extends string = string> {
  readonly rule: R
  readonly parsed: ParsedRule
  readonly view: PatternView<R>
  /** The name inside the module (`home` in `admin.home`); undefined for an anonymous view. */
  readonly name: string | undefined
  /** Upper-cased, without duplicates; HEAD is implied by GET. */
  readonly methods: readonly string[]
  readonly extras: RouteExtras
  /** Values the view gets beside the rule's own (empty when none). */
  readonly defaults: Readonly<Record<string, unknown>>
  /** False when a missing (or extra) trailing slash is answered, not redirected. */
  readonly strictSlashes: boolean
  /** The host rule it answers only, if given (checked when url() is called). */
  readonly host: string | undefined
  /** The subdomain of the server name it answers only, if given. */
  readonly subdomain: string | undefined
  /**
   * Written without its leading '/' (`url('edit', view)`): a rule of its
   * module's url prefix (Flask's `@bp.route('')`), refused in a module without one.
   * `parsed` and `rule` have the '/' added.
   */
  readonly relative: boolean

  constructor(
    parsed: ParsedRule,
    view: PatternView<R>,
    name: string | undefined,
    methods: readonly string[],
    extras: RouteExtras,
    defaults: Readonly<Record<string, unknown>> = {},
    strictSlashes = true,
    host?: string,
    subdomain?: string,
    relative = false,
  ) {
    this.rule = parsed.rule as R
    this.parsed = parsed
    this.view = view
    this.name = name
    this.methods = methods
    this.extras = extras
    this.defaults = defaults
    this.strictSlashes = strictSlashes
    this.host = host
    this.subdomain = subdomain
    this.relative = relative
  }
}

const METHOD = /^[A-Za-z-]+$/

/** The methods of a url() that names none, one list for all of them. */
const GET_ONLY: readonly string[] = Object.freeze(['GET'])

function checkMethods(rule: string, methods: unknown): readonly string[] {
  if (methods === undefined) return GET_ONLY
  if (
    !Array.isArray(methods) ||
    methods.length === 0 ||
    !methods.every((m) => typeof m === 'string' && METHOD.test(m))
  ) {
    throw new UnspecifiedURLMethods(rule, methods)
  }
  return [...new Set((methods as string[]).map((m) => m.toUpperCase()))]
}

/** The route's name: given, or the view's own; undefined for an anonymous view (served, never reversed). */
function checkName(rule: string, name: unknown, view: { name: string }): string | undefined {
  if (name === undefined) {
    if (view.name === '') return undefined
    if (view.name.includes('.')) {
      throw new InvalidURLName(
        rule,
        view.name,
        "the view's function name has a dot, so it cannot be an endpoint: give the route a name",
      )
    }
    return view.name
  }
  if (typeof name !== 'string' || name.trim() === '' || name.includes('.')) {
    throw new InvalidURLName(rule, name)
  }
  return name
}

/**
 * Declares a route of a module, Django style: rule, view, then name and methods.
 * Unnamed routes take the view's name; methods default to GET (HEAD and OPTIONS are answered too).
 * @example url('/admin/roles/<int:id>/', views.editRole, 'role_edit', ['GET', 'POST'])
 */
export function url<R extends string>(
  rule: R,
  view: View<NoInfer<R>> | ClassView<NoInfer<R>>, // the rule comes from the rule string alone, never from the view
  name?: string,
  methods?: readonly string[],
): UrlPattern<R>
export function url<R extends string, H extends string>(
  rule: R,
  // A host or subdomain rule's variables reach the view too: `<tenant>` beside the path's.
  view: View<NoInfer<`${H} ${R}`>>,
  options: UrlOptions & ({ host: H } | { subdomain: H }),
): UrlPattern<R>
export function url<R extends string>(
  rule: R,
  view: View<NoInfer<R>> | ClassView<NoInfer<R>>,
  options: UrlOptions,
): UrlPattern<R>
export function url<R extends string>(
  rule: R,
  given: View<NoInfer<R>> | ClassView<NoInfer<R>>,
  nameOrOptions?: string | UrlOptions,
  methods?: readonly string[],
): UrlPattern<R> {
  // A rule without its '/' is relative to its module's url prefix ('' stays refused, as
  // the original's test_url_returns_invalid_simple asserts).
  const relative = typeof rule === 'string' && rule !== '' && !rule.startsWith('/')
  const parsed = parseRule(relative ? `/${rule}` : rule)
  if (typeof given !== 'function') throw new InvalidURLFunction(String(rule), given)
  // A class view (Flask's MethodView) becomes a plain view here, its methods from its class.
  const fromClass = isClass(given) ? classView(rule, given as ClassView) : undefined
  const view = (fromClass?.view ?? given) as View<NoInfer<R>>
  const options: UrlOptions =
    typeof nameOrOptions === 'object' && nameOrOptions !== null
      ? nameOrOptions
      : { name: nameOrOptions as string | undefined, methods: methods as string[] | undefined }
  const {
    name,
    methods: givenMethods,
    defaults,
    strictSlashes,
    host,
    subdomain,
    ...extras
  } = options
  const checkedMethods = checkMethods(rule, givenMethods ?? fromClass?.methods)
  if (host !== undefined) parseHostRule(host)
  if (subdomain !== undefined) checkSubdomain(subdomain)
  return new UrlPattern(
    parsed,
    view,
    checkName(rule, name, view),
    checkedMethods,
    extras,
    defaults,
    strictSlashes !== false,
    host,
    subdomain,
    relative,
  )
}

/** A subdomain as Flask takes it: labels with converters (`'api'`, `'<user>'`), '' for the server name itself. */
export function checkSubdomain(subdomain: unknown): string {
  if (subdomain === '') return subdomain
  const parsed = parseHostRule(subdomain)
  if (parsed.rule.startsWith('.') || parsed.rule.endsWith('.')) {
    throw new InvalidURLRule(subdomain, "a subdomain has no leading or final '.': 'api', '<user>'")
  }
  return parsed.rule
}

/** Checks that every entry of a urlpatterns list was made by url(). */
export function checkPatterns(owner: string, patterns: unknown): readonly UrlPattern[] {
  if (!Array.isArray(patterns)) throw new InvalidURLPattern(owner, 0, patterns)
  patterns.forEach((entry, index) => {
    if (!(entry instanceof UrlPattern)) throw new InvalidURLPattern(owner, index, entry)
  })
  return patterns as UrlPattern[]
}
