import type { RouteShorthandOptions } from 'fastify'
import {
  InvalidURLFunction,
  InvalidURLName,
  InvalidURLPattern,
  UnspecifiedURLMethods,
} from '../errors.ts'
import { type ClassView, classView, isClass } from './class-view.ts'
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

  constructor(
    parsed: ParsedRule,
    view: PatternView<R>,
    name: string | undefined,
    methods: readonly string[],
    extras: RouteExtras,
    defaults: Readonly<Record<string, unknown>> = {},
    strictSlashes = true,
  ) {
    this.rule = parsed.rule as R
    this.parsed = parsed
    this.view = view
    this.name = name
    this.methods = methods
    this.extras = extras
    this.defaults = defaults
    this.strictSlashes = strictSlashes
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
  const parsed = parseRule(rule)
  if (typeof given !== 'function') throw new InvalidURLFunction(String(rule), given)
  // A class view (Flask's MethodView) becomes a plain view here, its methods from its class.
  const fromClass = isClass(given) ? classView(rule, given as ClassView) : undefined
  const view = (fromClass?.view ?? given) as View<NoInfer<R>>
  const options: UrlOptions =
    typeof nameOrOptions === 'object' && nameOrOptions !== null
      ? nameOrOptions
      : { name: nameOrOptions as string | undefined, methods: methods as string[] | undefined }
  const { name, methods: givenMethods, defaults, strictSlashes, ...extras } = options
  const checkedMethods = checkMethods(rule, givenMethods ?? fromClass?.methods)
  return new UrlPattern(
    parsed,
    view,
    checkName(rule, name, view),
    checkedMethods,
    extras,
    defaults,
    strictSlashes !== false,
  )
}

/** Checks that every entry of a urlpatterns list was made by url(). */
export function checkPatterns(owner: string, patterns: unknown): readonly UrlPattern[] {
  if (!Array.isArray(patterns)) throw new InvalidURLPattern(owner, 0, patterns)
  patterns.forEach((entry, index) => {
    if (!(entry instanceof UrlPattern)) throw new InvalidURLPattern(owner, index, entry)
  })
  return patterns as UrlPattern[]
}
