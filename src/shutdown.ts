import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'

/** How gracefulShutdown stops the process. */
export interface GracefulShutdownOptions {
  /** Signals that start the shutdown. Default: SIGTERM (orchestrators) and SIGINT (Ctrl-C). */
  readonly signals?: readonly NodeJS.Signals[]
  /**
   * Milliseconds the requests in flight and the close hooks get before the process is
   * made to exit with code 1. Default 10 s: below the 30 s Kubernetes waits before SIGKILL.
   */
  readonly timeout?: number
  /**
   * Also shut down on an uncaught exception or an unhandled rejection: the error is
   * logged, the app closes as on a signal, and the process exits with code 1 (as
   * close-with-grace does). Default true.
   */
  readonly errors?: boolean
  /** Ends the process with a code (default `process.exit`); tests pass their own. */
  readonly exit?: (code: number) => void
}

/** What gracefulShutdown returns: the state, a way to shut down without a signal, and to stop listening. */
export interface GracefulShutdown {
  /** True once the shutdown has started. */
  readonly closing: boolean
  /** Starts the shutdown as a signal would; resolves with the exit code given to `exit`. */
  close(reason?: string): Promise<number>
  /** Stops listening for the signals and process errors (the shutdown, if started, goes on). */
  remove(): void
}

/** Node's HTTP/1 server methods that end connections (absent on HTTP/2 servers). */
type ClosingServer = Server & Partial<Pick<Server, 'closeIdleConnections' | 'closeAllConnections'>>

/**
 * Keeps the server's requests in flight so that a shutdown can drain its connections:
 * every answer still to be written says `Connection: close`, a kept-alive socket is closed
 * as soon as its answer is sent, and once no complete request is left, the connections
 * that only hold unfinished requests (a slow upload, half-sent headers) are destroyed.
 * Without this, `server.close()` waits for those sockets until they time out.
 */
function connectionDrainer(server: ClosingServer) {
  const inFlight = new Map<ServerResponse, IncomingMessage>()
  let draining = false

  const sayClose = (request: IncomingMessage, response: ServerResponse): void => {
    if (request.httpVersionMajor < 2 && !response.headersSent) {
      response.setHeader('connection', 'close')
    }
  }

  /** Destroys what is left once every complete request has been answered. */
  const settle = (): void => {
    if (!draining) return
    server.closeIdleConnections?.()
    for (const request of inFlight.values()) if (request.complete) return
    server.closeAllConnections?.()
  }

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    inFlight.set(response, request)
    if (draining) sayClose(request, response)
    // A body that arrives in full turns an unfinished request into one worth waiting for.
    request.once('end', () => {
      if (draining) setImmediate(settle)
    })
    response.once('close', () => {
      inFlight.delete(response)
      if (draining) setImmediate(settle)
    })
  }
  server.on('request', onRequest)

  return {
    /** From now on, answers close their connection; returns at once. */
    drain(): void {
      draining = true
      for (const [response, request] of inFlight) sayClose(request, response)
      setImmediate(settle)
    },
    remove(): void {
      server.off('request', onRequest)
    },
  }
}

/**
 * Closes the app on SIGTERM or SIGINT and ends the process: the server stops accepting
 * connections, requests in flight finish and are answered with `Connection: close`,
 * kept-alive sockets are closed as their answers end, connections holding an unfinished
 * request (a slow upload, half-sent headers) are destroyed once nothing complete is left
 * to answer, a new request on an open connection gets 503 (Fastify's return503OnClosing),
 * `onClose` hooks run (each module's before the app's, the last registered first), then
 * the process exits with 0. If that takes longer than `timeout`, or a second signal
 * comes, it exits with 1 at once. An uncaught exception or unhandled rejection is logged
 * and closes the app the same way, with exit code 1.
 * @example
 * await app.listen({ port: 3000 })
 * gracefulShutdown(app, { timeout: 10_000 })
 */
export function gracefulShutdown(
  app: FastifyInstance,
  options: GracefulShutdownOptions = {},
): GracefulShutdown {
  const { signals = ['SIGTERM', 'SIGINT'], timeout = 10_000, errors = true } = options
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const drainer = connectionDrainer(app.server as ClosingServer)
  let closing: Promise<number> | undefined
  let ended = false

  const end = (code: number): number => {
    if (!ended) {
      ended = true
      exit(code)
    }
    return code
  }

  function close(reason = 'close()', failed = false): Promise<number> {
    if (closing !== undefined) return closing
    const started = performance.now()
    app.log.info({ reason, timeout }, 'shutting down: finishing the requests in flight')
    closing = new Promise<number>((resolve) => {
      // Not unref'd on purpose: a hung close hook must not leave the process waiting for ever.
      const timer = setTimeout(() => {
        app.log.error({ reason, timeout }, `shutdown took longer than ${timeout} ms: forced exit`)
        resolve(end(1))
      }, timeout)
      app.close().then(
        () => {
          clearTimeout(timer)
          const ms = Math.round(performance.now() - started)
          app.log.info({ reason, ms }, 'shut down')
          resolve(end(failed ? 1 : 0))
        },
        (error: unknown) => {
          clearTimeout(timer)
          app.log.error({ err: error, reason }, 'shutdown failed')
          resolve(end(1))
        },
      )
      // After app.close() has begun: Fastify now answers new requests 503 and the
      // server stops listening; what remains is the connections already open.
      drainer.drain()
    })
    return closing
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing === undefined) {
      void close(signal)
      return
    }
    app.log.error({ signal }, 'second signal during shutdown: forced exit')
    end(1)
  }
  const onError = (error: unknown, origin: string): void => {
    app.log.fatal({ err: error, origin }, `${origin}: shutting down`)
    if (closing === undefined) void close(origin, true)
    else end(1)
  }
  const onRejection = (reason: unknown): void => onError(reason, 'unhandledRejection')

  for (const signal of signals) process.on(signal, onSignal)
  if (errors) {
    process.on('uncaughtException', onError)
    process.on('unhandledRejection', onRejection)
  }

  return {
    get closing() {
      return closing !== undefined
    },
    close: (reason?: string) => close(reason),
    remove() {
      for (const signal of signals) process.off(signal, onSignal)
      process.off('uncaughtException', onError)
      process.off('unhandledRejection', onRejection)
      if (closing === undefined) drainer.remove()
    },
  }
}
