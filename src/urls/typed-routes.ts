import type { ParamsOf } from './params.ts'

/**
 * The app's endpoints, filled in by the generated `routes.d.ts` (written by start-up in
 * development and by `fastify-microservices types`): endpoint -> rule.
 * @example declare module 'fastify-microservices' { interface Register { routes: { 'admin.home': '/admin/' } } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface Register {}

/** Endpoint -> rule, as registered; any string when no routes file is generated. */
export type Routes = Register extends { routes: infer R extends Record<string, string> }
  ? R
  : Record<string, string>

/**
 * What urlFor takes: the rule's values, extra values (the query string) and the reserved
 * keys, read by urlFor itself and checked (a bad one is a BuildError answered 400).
 * @example request.urlFor('forum.board', { board_id: 3, page: 2, _anchor: 'top' })
 */
export interface UrlForValues {
  /** An absolute URL (`http://host/path`), with `serverName` or the request's Host. */
  readonly _external?: boolean
  /** A fragment, percent-encoded: `#top`. */
  readonly _anchor?: string
  /** The scheme of an absolute URL; needs `_external: true`. `javascript`, `data`, `vbscript`, `file` are refused. */
  readonly _scheme?: string
  /** Build the rule of this endpoint that answers this method. */
  readonly _method?: string
  readonly [name: string]: unknown
}

/** Values a converter accepts when building (an int also takes its digits as a string). */
type Buildable<T> = T extends number ? number | `${number}` : T

type BuildValues<P> = { readonly [K in keyof P]: Buildable<P[K]> }

/** What `urlFor(endpoint, values)` takes for an endpoint: the rule's values, typed, plus query values. */
export type ValuesFor<Rule extends string> = BuildValues<ParamsOf<Rule>> & UrlForValues

type Endpoint = keyof Routes & string

type RelativeOf<E> = E extends `${string}.${infer Name}` ? `.${Name}` : never

type Relative = RelativeOf<Endpoint>

/** Every endpoint urlFor accepts: the app's, and '.name' for the current request's module. */
export type UrlForEndpoint = Endpoint | Relative

// biome-ignore lint/complexity/noBannedTypes: `{}` is exactly "a rule without variables" here
type HasRequired<Rule extends string> = {} extends ParamsOf<Rule> ? false : true

/** The values argument of urlFor for one endpoint: required when the rule has variables. */
export type UrlForValuesArg<E extends string> = E extends Endpoint
  ? HasRequired<Routes[E]> extends true
    ? [values: ValuesFor<Routes[E]>]
    : [values?: ValuesFor<Routes[E]>]
  : [values?: UrlForValues]

/**
 * urlFor as the compiler sees it: with a generated routes file, an unknown endpoint, a
 * missing value or a value of the wrong type is a compile error.
 */
export type UrlFor = <E extends UrlForEndpoint>(
  endpoint: E,
  ...values: UrlForValuesArg<E>
) => string
