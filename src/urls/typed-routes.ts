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

/** Flask's special values, accepted by every endpoint. */
export interface SpecialValues {
  readonly _external?: boolean
  readonly _anchor?: string
  readonly _scheme?: string
  readonly _method?: string
}

/** Values a converter accepts when building (an int also takes its digits as a string). */
type Buildable<T> = T extends number ? number | `${number}` : T

type BuildValues<P> = { readonly [K in keyof P]: Buildable<P[K]> }

/** Extra values become the query string. */
type QueryValues = { readonly [name: string]: unknown }

/** What `urlFor(endpoint, values)` takes for an endpoint: the rule's values, typed, plus query values. */
export type ValuesFor<Rule extends string> = BuildValues<ParamsOf<Rule>> &
  SpecialValues &
  QueryValues

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
  : [values?: SpecialValues & QueryValues]

/**
 * urlFor as the compiler sees it: with a generated routes file, an unknown endpoint, a
 * missing value or a value of the wrong type is a compile error.
 */
export type UrlFor = <E extends UrlForEndpoint>(
  endpoint: E,
  ...values: UrlForValuesArg<E>
) => string
