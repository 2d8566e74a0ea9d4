import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidErrorHandlerKey } from './errors.ts'
import { show } from './show.ts'

/** Handles an error a view threw; its return value is sent as a view's would be. */
export type ErrorHandlerFunction = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown

/** What a handler is registered for: a status (404) or an error class (Error, NotFound, MyError). */
// biome-ignore lint/suspicious/noExplicitAny: any error class, whatever its constructor takes
export type ErrorHandlerKey = number | (abstract new (...args: any[]) => Error)

type ErrorClass = abstract new (...args: never[]) => Error

/**
 * The status a class of HTTP errors carries on its prototype (`httpErrors.NotFound` → 404),
 * if it is one. Read, not tested with instanceof: another copy of the library has its own
 * HTTPException.
 */
const classStatus = (cls: ErrorClass): number | undefined => {
  const status = (cls.prototype as { statusCode?: unknown }).statusCode
  return typeof status === 'number' && status >= 400 ? status : undefined
}

/** The status an error carries (an HTTPException, or Fastify's own errors), if any. */
const carriedStatus = (error: { statusCode?: unknown }): number | undefined =>
  typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : undefined

/** Registered for a status by its number: below every class of that status. */
const ANY_OF_STATUS = Symbol('any error of the status')

/**
 * Flask's error_handler_spec for one module or the app: handlers by status (each by class
 * within it, `errorHandler(403)` under every class of 403) and by class for the rest.
 */
export class ErrorHandlerSpec {
  readonly #byStatus = new Map<
    number,
    Map<ErrorClass | typeof ANY_OF_STATUS, ErrorHandlerFunction>
  >()
  readonly #byClass = new Map<ErrorClass, ErrorHandlerFunction>()
  /** Every registration, in order. */
  readonly registrations: [ErrorHandlerKey, ErrorHandlerFunction][] = []

  readonly owner: string

  constructor(owner: string) {
    this.owner = owner
  }

  get size(): number {
    return this.#byStatus.size + this.#byClass.size
  }

  /** Flask's register_error_handler: a later handler for the same key replaces the earlier. */
  add(key: ErrorHandlerKey, handler: ErrorHandlerFunction): void {
    this.#check(key, handler)
    this.registrations.push([key, handler])
    if (typeof key === 'number') this.#statusMap(key).set(ANY_OF_STATUS, handler)
    else {
      const status = classStatus(key)
      if (status === undefined) this.#byClass.set(key, handler)
      else this.#statusMap(status).set(key, handler)
    }
  }

  #check(key: ErrorHandlerKey, handler: ErrorHandlerFunction): void {
    if (typeof handler !== 'function') {
      throw new InvalidErrorHandlerKey(
        this.owner,
        `got ${show(handler)} as the handler, not a function`,
      )
    }
    if (typeof key === 'number') {
      if (!Number.isInteger(key) || key < 400 || key > 599) {
        throw new InvalidErrorHandlerKey(this.owner, `${key} is not an error status (400 to 599)`)
      }
      return
    }
    if (typeof key !== 'function') {
      const given: unknown = key
      const what =
        given instanceof Error ? `${given.constructor.name}(), an instance, not a class` : show(key)
      throw new InvalidErrorHandlerKey(this.owner, `got ${what}`)
    }
    if (key !== Error && !(key.prototype instanceof Error)) {
      throw new InvalidErrorHandlerKey(this.owner, `'${key.name}' is not a subclass of Error`)
    }
  }

  #statusMap(status: number) {
    let map = this.#byStatus.get(status)
    if (map === undefined) {
      map = new Map()
      this.#byStatus.set(status, map)
    }
    return map
  }

  /** The handler of this spec for the error's status, most specific class first. */
  forStatus(error: Error, status: number): ErrorHandlerFunction | undefined {
    const map = this.#byStatus.get(status)
    if (map === undefined) return undefined
    return walk(error, (cls) => map.get(cls)) ?? map.get(ANY_OF_STATUS)
  }

  /** The handler of this spec for the error's class or nearest ancestor class. */
  forClass(error: Error): ErrorHandlerFunction | undefined {
    return this.#byClass.size === 0 ? undefined : walk(error, (cls) => this.#byClass.get(cls))
  }

  /** Forgets every handler (a test giving a module new ones). */
  clear(): void {
    this.#byStatus.clear()
    this.#byClass.clear()
    this.registrations.length = 0
  }

  /** Adds every handler of `other`, later ones replacing (a module's appErrorHandler). */
  merge(other: ErrorHandlerSpec): void {
    // Through its public list: the module may hold a spec of another copy of the library.
    for (const [key, handler] of other.registrations) this.add(key, handler)
  }
}

/** The error's classes, its own first (Python's __mro__). */
function walk<T>(error: Error, find: (cls: ErrorClass) => T | undefined): T | undefined {
  for (
    let proto = Object.getPrototypeOf(error);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    const found = find(proto.constructor as ErrorClass)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Flask's _find_error_handler: by status, the module's then the app's; then by class, the
 * module's then the app's; in each, the error's own class before its ancestors. An error
 * with no status is looked up by class, then as a 500 (Flask's handle_exception).
 */
export function findErrorHandler(
  error: Error,
  specs: readonly (ErrorHandlerSpec | undefined)[],
): ErrorHandlerFunction | undefined {
  const status = carriedStatus(error as { statusCode?: unknown })
  const byStatus = (code: number) => {
    for (const spec of specs) {
      const found = spec?.forStatus(error, code)
      if (found !== undefined) return found
    }
    return undefined
  }
  const byClass = () => {
    for (const spec of specs) {
      const found = spec?.forClass(error)
      if (found !== undefined) return found
    }
    return undefined
  }
  // An error without a status is a 500 (Flask wraps it in InternalServerError) after its classes.
  return status === undefined ? (byClass() ?? byStatus(500)) : (byStatus(status) ?? byClass())
}
