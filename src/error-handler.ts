import { STATUS_CODES } from 'node:http'
import escapeHtml from 'escape-html'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { acceptsHtml, type ErrorPages } from './error-page.ts'
import { HTML } from './respond.ts'

export interface ErrorHandlerOptions {
  /**
   * Send 5xx messages (and the library's own 4xx details) to clients. Default: as
   * `debugPage`, so only development shows them; whatever NODE_ENV says otherwise, an
   * error fails closed, as Flask without debug.
   */
  readonly expose?: boolean | undefined
  /** Answer browsers with a page naming the module, endpoint and file at fault. */
  readonly debugPage: boolean
  /** The index file of a module, for the debug page. */
  readonly moduleFile: (module: string) => string | undefined
  /** The site's error pages, for requests that accept HTML; without them, JSON only. */
  readonly pages?: ErrorPages | undefined
}

function debugPage(
  error: FastifyError,
  status: number,
  where: { module: string | undefined; endpoint: string | undefined; file: string | undefined },
): string {
  const rows = [
    ['module', where.module ?? '(none: a route outside the modules)'],
    ['endpoint', where.endpoint ?? '(none)'],
    ['module file', where.file ?? '(none)'],
    ['error', `${error.name}${error.code ? ` [${error.code}]` : ''}`],
  ]
  const cause = error.cause instanceof Error ? `\n\nCaused by: ${error.cause.stack}` : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${status} ${escapeHtml(error.name)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}h1{color:#b00020}
th{text-align:left;padding-right:1rem}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style></head>
<body><h1>${status}: ${escapeHtml(error.message)}</h1>
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td><code>${escapeHtml(v as string)}</code></td></tr>`).join('')}</table>
<pre>${escapeHtml(`${error.stack ?? ''}${cause}`)}</pre>
<p>This page is shown in development only.</p></body></html>`
}

/** What was thrown, as an error: a view may reject with a string, undefined or null. */
export const asError = (thrown: unknown): FastifyError =>
  thrown instanceof Error
    ? (thrown as FastifyError)
    : (new Error(
        `a view threw ${thrown === undefined ? 'undefined' : (JSON.stringify(thrown) ?? String(thrown))}`,
      ) as FastifyError)

/**
 * The library's own client errors (an unsafe template name) describe the server's
 * folders: with `expose` off, the client gets the status text only.
 */
const isLibraryError = (error: FastifyError): boolean =>
  typeof error.code === 'string' && error.code.startsWith('FMS_ERR_')

/**
 * What a client may read of an error: its message, but with `expose` off a 5xx's (and the
 * library's own 4xx details) is the status text only.
 */
export const publicMessage = (error: FastifyError, status: number, expose: boolean): string =>
  hidden(error, status, expose) ? (STATUS_CODES[status] ?? 'Error') : error.message

const hidden = (error: FastifyError, status: number, expose: boolean): boolean =>
  !expose && (status >= 500 || isLibraryError(error))

/**
 * The app's error handler: logs the failure with the module and endpoint at fault and
 * answers as Fastify does, with four changes. Running out of file descriptors (EMFILE,
 * ENFILE) is a 503 with Retry-After. With `expose` off (anything but development)
 * a 5xx says only "Internal Server Error": no message, stack or path reaches the client. A
 * request that accepts HTML gets the site's error page (`pages`), and with `debugPage` on
 * (development) a 5xx page naming the module, endpoint and file.
 */
export function errorHandler(options: ErrorHandlerOptions) {
  const expose = options.expose ?? options.debugPage
  return function handleError(thrown: unknown, request: FastifyRequest, reply: FastifyReply) {
    const error = asError(thrown)
    const exhausted = error.code === 'EMFILE' || error.code === 'ENFILE'
    const status = exhausted
      ? 503
      : typeof error.statusCode === 'number' && error.statusCode >= 400
        ? error.statusCode
        : 500
    // Out of file descriptors is the server's load, not a fault: the client may try again.
    if (exhausted) reply.header('retry-after', '1')
    const module = request.blueprint
    const where = { module, endpoint: request.routeOptions.config.endpoint }
    if (status >= 500) request.log.error({ err: error, ...where }, 'request failed')
    else request.log.info({ err: error, ...where }, 'request refused')
    reply.code(status)
    const { pages } = options
    const html = pages === undefined ? acceptsHtml(request) : pages.wanted(request, module)
    if (status >= 500 && options.debugPage && html) {
      const file = module === undefined ? undefined : options.moduleFile(module)
      return reply.type(HTML).send(debugPage(error, status, { ...where, file }))
    }
    const message = publicMessage(error, status, expose)
    if (html && pages !== undefined) {
      return pages.send(request, reply, { status, message, module, error })
    }
    if (hidden(error, status, expose)) {
      return reply.send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message })
    }
    return reply.send(error)
  }
}
