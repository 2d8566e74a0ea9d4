import { STATUS_CODES } from 'node:http'
import { InvalidAbortStatus } from './errors.ts'

/**
 * Werkzeug's HTTPException: an error that answers with its `statusCode`. Subclass it (or
 * one of `httpErrors`) for errors of your own; `errorHandler(404, fn)` catches every
 * HTTPException of that status, `errorHandler(MyForbidden, fn)` that class first.
 */
export class HTTPException extends Error {
  /** The status of the class (Werkzeug's `code`), set on each class below. */
  declare readonly statusCode: number
  /** 4xx messages reach the client; 5xx ones only with exposeErrors (development). */
  readonly expose: boolean

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options)
    const status = new.target.prototype.statusCode
    this.message = message ?? STATUS_CODES[status] ?? 'Error'
    this.name = new.target.name
    this.expose = status < 500
  }
}

// The status of each class lives on its prototype, as Werkzeug's class attribute `code`.
function httpError<N extends string>(name: N, status: number): typeof HTTPException {
  const cls = { [name]: class extends HTTPException {} }[name] as typeof HTTPException
  Object.defineProperty(cls.prototype, 'statusCode', { value: status, writable: true })
  return cls
}

/** Werkzeug's HTTP exception classes, by their names: `throw new httpErrors.NotFound()`. */
export const httpErrors = {
  BadRequest: httpError('BadRequest', 400),
  Unauthorized: httpError('Unauthorized', 401),
  PaymentRequired: httpError('PaymentRequired', 402),
  Forbidden: httpError('Forbidden', 403),
  NotFound: httpError('NotFound', 404),
  MethodNotAllowed: httpError('MethodNotAllowed', 405),
  NotAcceptable: httpError('NotAcceptable', 406),
  RequestTimeout: httpError('RequestTimeout', 408),
  Conflict: httpError('Conflict', 409),
  Gone: httpError('Gone', 410),
  LengthRequired: httpError('LengthRequired', 411),
  PreconditionFailed: httpError('PreconditionFailed', 412),
  RequestEntityTooLarge: httpError('RequestEntityTooLarge', 413),
  RequestURITooLarge: httpError('RequestURITooLarge', 414),
  UnsupportedMediaType: httpError('UnsupportedMediaType', 415),
  RequestedRangeNotSatisfiable: httpError('RequestedRangeNotSatisfiable', 416),
  ExpectationFailed: httpError('ExpectationFailed', 417),
  ImATeapot: httpError('ImATeapot', 418),
  UnprocessableEntity: httpError('UnprocessableEntity', 422),
  Locked: httpError('Locked', 423),
  FailedDependency: httpError('FailedDependency', 424),
  PreconditionRequired: httpError('PreconditionRequired', 428),
  TooManyRequests: httpError('TooManyRequests', 429),
  RequestHeaderFieldsTooLarge: httpError('RequestHeaderFieldsTooLarge', 431),
  UnavailableForLegalReasons: httpError('UnavailableForLegalReasons', 451),
  InternalServerError: httpError('InternalServerError', 500),
  NotImplemented: httpError('NotImplemented', 501),
  BadGateway: httpError('BadGateway', 502),
  ServiceUnavailable: httpError('ServiceUnavailable', 503),
  GatewayTimeout: httpError('GatewayTimeout', 504),
  HTTPVersionNotSupported: httpError('HTTPVersionNotSupported', 505),
} as const

const byStatus = new Map<number, typeof HTTPException>(
  Object.values(httpErrors).map((cls) => [cls.prototype.statusCode, cls]),
)

/** The class of HTTP errors of a status: one of `httpErrors`, or a new one for another status. */
export function httpErrorClass(status: number): typeof HTTPException {
  if (!Number.isInteger(status) || status < 400 || status > 599)
    throw new InvalidAbortStatus(status)
  let cls = byStatus.get(status)
  if (cls === undefined) {
    cls = httpError(`HTTPException${status}`, status)
    byStatus.set(status, cls)
  }
  return cls
}

/** Werkzeug's abort: throws the HTTP error of `status` (a message replaces its status text). */
export function abort(status: number, message?: string): never {
  const Cls = httpErrorClass(status)
  throw new Cls(message)
}
