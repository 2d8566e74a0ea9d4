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
  /** Ends the process with a code (default `process.exit`); tests pass their own. */
  readonly exit?: (code: number) => void
}

/** What gracefulShutdown returns: the state, a way to shut down without a signal, and to stop listening. */
export interface GracefulShutdown {
  /** True once the shutdown has started. */
  readonly closing: boolean
  /** Starts the shutdown as a signal would; resolves with the exit code given to `exit`. */
  close(reason?: string): Promise<number>
  /** Stops listening for the signals (the shutdown, if started, goes on). */
  remove(): void
}

/**
 * Closes the app on SIGTERM or SIGINT and ends the process: the server stops accepting
 * connections, requests in flight finish, a new request on a kept-alive connection is
 * answered 503 with `Connection: close` (Fastify's return503OnClosing), `onClose` hooks
 * run (each module's before the app's, the last registered first), then the process
 * exits with 0. If that takes longer than `timeout`, or a second signal comes, it
 * exits with 1 at once.
 * @example
 * await app.listen({ port: 3000 })
 * gracefulShutdown(app, { timeout: 10_000 })
 */
export function gracefulShutdown(
  app: FastifyInstance,
  options: GracefulShutdownOptions = {},
): GracefulShutdown {
  const { signals = ['SIGTERM', 'SIGINT'], timeout = 10_000 } = options
  const exit = options.exit ?? ((code: number) => process.exit(code))
  let closing: Promise<number> | undefined
  let ended = false

  const end = (code: number): number => {
    if (!ended) {
      ended = true
      exit(code)
    }
    return code
  }

  function close(reason = 'close()'): Promise<number> {
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
          resolve(end(0))
        },
        (error: unknown) => {
          clearTimeout(timer)
          app.log.error({ err: error, reason }, 'shutdown failed')
          resolve(end(1))
        },
      )
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
  for (const signal of signals) process.on(signal, onSignal)

  return {
    get closing() {
      return closing !== undefined
    },
    close,
    remove() {
      for (const signal of signals) process.off(signal, onSignal)
    },
  }
}
