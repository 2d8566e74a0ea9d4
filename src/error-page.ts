import { STATUS_CODES } from 'node:http'
import escapeHtml from 'escape-html'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Negotiator from 'negotiator'
import { httpErrors } from './abort.ts'
import { TemplateNotFound } from './errors.ts'
import type { ErrorFormat } from './modules/blueprint.ts'
import type { LoadedModule } from './modules/load.ts'
import { HTML } from './respond.ts'

/** A mounted module's error format: its blueprint's `errors`, else its parent's; the root's is 'html'. */
export function errorFormat(
  loaded: readonly LoadedModule[],
  module: string | undefined,
): ErrorFormat {
  for (let name = module; name !== undefined; ) {
    const found = loaded.find((m) => m.name === name)
    if (found?.blueprint.errors !== undefined) return found.blueprint.errors
    name = found?.parent
  }
  return 'html'
}

/** The 404 of a URL no route serves, with Werkzeug's description. */
export const unmatched = (): InstanceType<typeof httpErrors.NotFound> =>
  new httpErrors.NotFound(
    'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  )

const OFFERED = ['text/html', 'application/xhtml+xml', 'application/json']

/**
 * Werkzeug's `accept_mimetypes.accept_html`: the Accept header takes HTML (a browser's,
 * curl's `*\/*`), unless it prefers JSON (`application/json`; axios' `application/json,
 * text/plain, *\/*`). Without an Accept header a request is a program's: JSON.
 */
export function acceptsHtml(request: FastifyRequest): boolean {
  const { accept } = request.headers
  if (accept === undefined || accept.trim() === '') return false
  const best = new Negotiator({ headers: { accept } }).mediaType(OFFERED)
  return best === 'text/html' || best === 'application/xhtml+xml'
}

/** The page when the app has no template for the status (Werkzeug's default error body). */
export function builtInPage(status: number, message: string): string {
  const title = `${status} ${escapeHtml(STATUS_CODES[status] ?? 'Error')}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
<p>${escapeHtml(message)}</p></body></html>
`
}

/** What an error page shows: never more than a client may see. */
export interface ErrorPage {
  readonly status: number
  /** The error's public message (a 5xx's is its status text outside development). */
  readonly message: string
  /** The module whose templates come first (the request's), undefined for the root's. */
  readonly module: string | undefined
  /** What was thrown, logged beside a failure of the error template. */
  readonly error: Error
}

export interface ErrorPagesOptions {
  /** Renders a template as reply.render would (context processors, url_for, the module's chain). */
  render(
    name: string,
    context: Record<string, unknown>,
    module: string | null,
    request: FastifyRequest,
  ): Promise<string>
  /** How a mounted module answers errors (undefined: the root, outside any module). */
  format(module: string | undefined): ErrorFormat
}

const missing = (error: unknown, name: string): boolean =>
  error instanceof TemplateNotFound && error.message.startsWith(`Template '${name}' was not found`)

/**
 * The site's error pages, as Django's `404.html` and Flask's `errorhandler` pages: the
 * template `<status>.html` of the module's chain (the module's, then the root's), else a
 * built-in page. A failing error template never hides the error it was rendering: both
 * are logged and the built-in page answers.
 */
export class ErrorPages {
  readonly #options: ErrorPagesOptions

  constructor(options: ErrorPagesOptions) {
    this.#options = options
  }

  /** Whether this request gets a page: it accepts HTML and its module answers in pages. */
  wanted(request: FastifyRequest, module: string | undefined): boolean {
    return this.#options.format(module) === 'html' && acceptsHtml(request)
  }

  /** Sends the page of `page.status` (the reply's status and headers are the caller's). */
  async send(request: FastifyRequest, reply: FastifyReply, page: ErrorPage): Promise<FastifyReply> {
    const { status, message, module, error } = page
    const name = `${status}.html`
    let html: string
    try {
      html = await this.#options.render(name, { status, message }, module ?? null, request)
    } catch (failure) {
      if (!missing(failure, name)) {
        const original = { name: error.name, message: error.message, stack: error.stack }
        request.log.error({ err: failure, original }, `error page ${name} failed`)
      }
      html = builtInPage(status, message)
    }
    return reply.code(status).type(HTML).send(html)
  }
}
