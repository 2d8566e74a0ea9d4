import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify'
import type { ConverterTypes } from './converters.ts'

type Trim<S extends string> = S extends ` ${infer R}`
  ? Trim<R>
  : S extends `${infer R} `
    ? Trim<R>
    : S

type Unquote<S extends string> = S extends `'${infer X}'` ? X : S extends `"${infer X}"` ? X : S

type AnyItems<S extends string> = S extends `${infer A},${infer B}`
  ? Unquote<Trim<A>> | AnyItems<B>
  : Unquote<Trim<S>>

type ConverterType<C extends string> = C extends keyof ConverterTypes ? ConverterTypes[C] : unknown

/** The type a converter spec (`int`, `int(min=1)`, `any(a, b)`) gives its value. */
type SpecType<Spec extends string> = Spec extends `any(${infer Items})`
  ? AnyItems<Items>
  : Spec extends `${infer C}(${string})`
    ? ConverterType<Trim<C>>
    : ConverterType<Trim<Spec>>

type Variable<Body extends string> = Body extends `${infer Spec}:${infer Name}`
  ? { [K in Trim<Name>]: SpecType<Trim<Spec>> }
  : { [K in Trim<Body>]: string }

type Variables<R extends string> = R extends `${string}<${infer Body}>${infer Rest}`
  ? Variable<Body> & Variables<Rest>
  : unknown

type Flatten<T> = { [K in keyof T]: T[K] }

/**
 * The params a rule gives its view: `ParamsOf<'/board/<int:id>/<slug>'>` is
 * `{ id: number; slug: string }`.
 * @example const p: ParamsOf<'/u/<uuid:u>'> = { u: '…' }
 */
export type ParamsOf<R extends string> = string extends R
  ? Record<string, unknown>
  : Flatten<Variables<R> & {}>

/**
 * The request a view of rule `R` receives, with typed `params`; `G` adds Fastify's other
 * route generics (`Querystring`, `Body`, `Headers`).
 * @example RequestFor<'/items/<int:id>', { Querystring: { q: string } }>
 */
export type RequestFor<
  R extends string,
  G extends RouteGenericInterface = RouteGenericInterface,
> = FastifyRequest<Omit<G, 'Params'> & { Params: ParamsOf<R> }>

/**
 * A view: a plain Fastify handler whose `request.params` are typed from its rule. Checked
 * as methods are, so a view whose request also types its `Querystring` or `Body` fits.
 * @example export const editRole: View<'/admin/roles/<int:id>/'> = (request) => ({ id: request.params.id })
 */
export type View<
  R extends string = string,
  G extends RouteGenericInterface = RouteGenericInterface,
> = {
  view(this: FastifyInstance, request: RequestFor<R, G>, reply: FastifyReply): unknown
}['view']

/**
 * A view as a url pattern keeps it: checked bivariantly (as methods are), so a pattern of
 * any rule fits in a list of patterns of every rule.
 */
export type PatternView<R extends string = string> = View<R>
