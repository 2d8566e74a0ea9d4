import type { Socket } from 'node:net'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'

/** The limits MicroServicesApp gives Fastify unless the app says otherwise. */
export interface DefaultLimits {
  /**
   * Milliseconds a client has to send a whole request, headers and body (Node's
   * `server.requestTimeout`; answered 408). Fastify's default is 0, none: a client that
   * sends one byte a minute holds a socket for ever (slowloris). 30 s is ample for any
   * form or upload a 1 MiB body limit allows, even on a slow link.
   */
  readonly requestTimeout: number
  /**
   * Milliseconds a socket may stay silent, in either direction, before it is destroyed
   * (Node's `server.timeout`). Fastify's default is 0, none: a client that never reads
   * its answer keeps the socket. 120 s leaves room for slow views that do write nothing
   * for a while; a view silent longer than that is better streamed.
   */
  readonly connectionTimeout: number
  /**
   * Milliseconds an idle kept-alive socket is kept (Fastify's 72 s, kept: above the 60 s
   * idle timeout of common load balancers, so the server never closes a socket the
   * balancer is about to reuse).
   */
  readonly keepAliveTimeout: number
  /** Largest request body in bytes, 413 beyond (Fastify's 1 MiB, kept and now stated). */
  readonly bodyLimit: number
  /**
   * Longest value of one `<param>` in characters (find-my-way's limit, 414 beyond).
   * Fastify's 100 cuts ordinary slugs of long titles and signed tokens; 500 lets those
   * through while a converter's regular expression still never runs on more than 500
   * characters. `<path:...>` is a wildcard and is not bound by it: the 16 KiB header
   * limit of Node bounds the whole URL.
   */
  readonly maxParamLength: number
  /** New requests while the app closes get 503 and `Connection: close` (Fastify's default, kept). */
  readonly return503OnClosing: boolean
}

/**
 * The limits MicroServicesApp applies where Fastify leaves them open or implicit; each
 * one may be overridden by passing the same Fastify option.
 * @example Fastify(withDefaultLimits({ logger: true })) // requestTimeout 30 s, ...
 */
export const defaultLimits: DefaultLimits = Object.freeze({
  requestTimeout: 30_000,
  connectionTimeout: 120_000,
  keepAliveTimeout: 72_000,
  bodyLimit: 1024 * 1024,
  maxParamLength: 500,
  return503OnClosing: true,
})

/**
 * Fastify options with the default limits filled in: what the caller gave always wins,
 * including a top-level `maxParamLength` (Fastify's older spelling of
 * `routerOptions.maxParamLength`).
 * @example const app = Fastify(withDefaultLimits({ bodyLimit: 10 * 1024 * 1024 }))
 */
export function withDefaultLimits<O extends FastifyServerOptions>(options: O): O {
  const { maxParamLength, ...serverLimits } = defaultLimits
  const out: FastifyServerOptions = { ...options }
  for (const [key, value] of Object.entries(serverLimits)) {
    const name = key as keyof typeof serverLimits
    if (out[name] === undefined) (out as Record<string, unknown>)[name] = value
  }
  if (options.maxParamLength === undefined && options.routerOptions?.maxParamLength === undefined) {
    out.routerOptions = { ...options.routerOptions, maxParamLength }
  }
  return out as O
}

/**
 * The bounds on a connection that pipelines requests without reading the answers. Node
 * parses every request a read brings (hundreds in 64 KB) and buffers each answer whole
 * behind the one being sent: 20 such clients held 200 MiB for the 120 s connection timeout.
 */
export interface PipeliningLimits {
  /**
   * Requests a connection may have waiting behind an answer not yet handed to the
   * kernel; one more destroys the connection. Browsers and proxies do not pipeline, and
   * a pipelining client that reads its answers keeps a handful waiting.
   */
  readonly maxQueued: number
  /**
   * Bytes of answers a socket may hold unsent when another pipelined request arrives;
   * beyond, the connection is destroyed (a single answer larger than this is sent).
   */
  readonly maxUnsentBytes: number
}

/** The pipelining limits MicroServicesApp applies unless `pipelining` says otherwise. */
export const defaultPipeliningLimits: PipeliningLimits = Object.freeze({
  maxQueued: 16,
  maxUnsentBytes: 1024 * 1024,
})

const QUEUED = Symbol('fastify-microservices.queued')
type CountedSocket = Socket & { [QUEUED]?: number }

/**
 * Destroys a connection whose pipelined requests or unsent bytes pass the limits. Only
 * a request queued behind an unsent answer (its response has no socket yet) is counted,
 * so one request at a time costs a property read.
 * @example limitPipelining(app, defaultPipeliningLimits)
 */
export function limitPipelining(app: FastifyInstance, limits: PipeliningLimits): void {
  const { maxQueued, maxUnsentBytes } = limits
  app.addHook('onRequest', function pipeliningLimits(request, reply, done) {
    if (reply.raw.socket !== null) return done()
    const socket = request.raw.socket as CountedSocket
    const queued = (socket[QUEUED] ?? 0) + 1
    if (queued > maxQueued || socket.writableLength > maxUnsentBytes) {
      request.log.warn(
        { queued, unsentBytes: socket.writableLength, ...limits },
        'connection destroyed: too many pipelined requests or unsent bytes',
      )
      reply.hijack()
      socket.destroy()
      return done()
    }
    socket[QUEUED] = queued
    reply.raw.once('close', () => {
      socket[QUEUED] = (socket[QUEUED] ?? 1) - 1
    })
    done()
  })
}
