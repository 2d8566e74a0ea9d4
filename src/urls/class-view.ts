import type { FastifyReply, FastifyRequest } from 'fastify'
import { InvalidClassView } from '../errors.ts'
import type { RequestFor } from './params.ts'

/** The methods a class view may define, as Flask's `http_method_funcs`. */
const HTTP_METHOD_FUNCS = ['get', 'post', 'head', 'options', 'delete', 'put', 'trace', 'patch']

/** A method of a class view: a view whose `this` is the instance. */
type ClassViewMethod<R extends string> = {
  method(request: RequestFor<R>, reply: FastifyReply): unknown
}['method']

/**
 * A class-based view, as Flask's `MethodView` (a method per HTTP method, `get`, `post`…) or
 * `View` (`dispatchRequest` answers every method of its static `methods`).
 * @example class Item { get(request) { return 'GET' } post(request) { return 'POST' } }
 */
export type ClassView<R extends string = string> = (new () => {
  get?: ClassViewMethod<R>
  post?: ClassViewMethod<R>
  put?: ClassViewMethod<R>
  patch?: ClassViewMethod<R>
  delete?: ClassViewMethod<R>
  head?: ClassViewMethod<R>
  options?: ClassViewMethod<R>
  trace?: ClassViewMethod<R>
  dispatchRequest?: ClassViewMethod<R>
}) & {
  /** The methods of the rule, instead of the ones the class defines (Flask's `methods`). */
  readonly methods?: readonly string[]
  /** false: one instance answers every request (Flask's `init_every_request`). Default true. */
  readonly initEveryRequest?: boolean
}

/** True for a `class` (which cannot be called as a function), false for any other value. */
export function isClass(value: unknown): value is new (...args: never[]) => unknown {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value))
}

/** Every method name on the class's prototype chain, itself and its bases. */
function prototypeNames(cls: ClassView): Set<string> {
  const names = new Set<string>()
  for (let proto = cls.prototype; proto && proto !== Object.prototype; ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function') names.add(name)
    }
    proto = Object.getPrototypeOf(proto)
  }
  return names
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => unknown
type Instance = Record<string, Handler | undefined>

/**
 * A class view as a plain view and its methods: its static `methods`, else the HTTP
 * methods it defines (Flask's MethodView), else GET for a `dispatchRequest` (Flask's View).
 * A class with none of them is refused here, at start-up, not with a 500 per request.
 */
export function classView(
  rule: string,
  cls: ClassView,
): { view: Handler; methods: readonly string[] | undefined } {
  const names = prototypeNames(cls)
  const dispatch = names.has('dispatchRequest')
  const defined = HTTP_METHOD_FUNCS.filter((name) => names.has(name)).map((m) => m.toUpperCase())
  if (!dispatch && defined.length === 0) {
    throw new InvalidClassView(
      rule,
      cls.name,
      `it defines none of ${HTTP_METHOD_FUNCS.join(', ')} nor dispatchRequest`,
    )
  }
  const methods = cls.methods ?? (defined.length > 0 ? defined : undefined)
  const missing = dispatch
    ? []
    : (methods ?? []).filter((m) => m !== 'HEAD' && m !== 'OPTIONS' && !names.has(m.toLowerCase()))
  if (missing.length > 0) {
    throw new InvalidClassView(
      rule,
      cls.name,
      `its static methods list ${missing.join(', ')}, which it has no method for (${missing.map((m) => m.toLowerCase()).join(', ')})`,
    )
  }
  const once = cls.initEveryRequest === false ? (new cls() as Instance) : undefined
  const view = (request: FastifyRequest, reply: FastifyReply): unknown => {
    const self = once ?? (new cls() as Instance)
    if (dispatch) return (self.dispatchRequest as Handler).call(self, request, reply)
    // Flask's MethodView: HEAD falls back to get; OPTIONS is answered before the view runs.
    const method = self[request.method.toLowerCase()] ?? self.get
    return (method as Handler).call(self, request, reply)
  }
  Object.defineProperty(view, 'name', { value: cls.name })
  return { view, methods }
}
