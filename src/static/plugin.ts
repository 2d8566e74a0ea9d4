import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RouteHandlerMethod,
} from 'fastify'
import type { StaticFolder } from './entry.ts'
import { FileCache } from './file-cache.ts'
import { buildStaticIndex, type StaticIndex, type StaticIndexOptions } from './file-index.ts'
import { safePath } from './safe-path.ts'
import { sendFile } from './send-file.ts'
import { watchStaticIndex } from './watch.ts'

/** `hide` is @fastify/swagger's own key, not in Fastify's schema type. */
const HIDDEN = { hide: true } as FastifySchema

/** `Cache-Control` of files asked by their plain name: cacheable, but revalidated each time. */
export const DEFAULT_CACHE_CONTROL = 'public, max-age=0'
/** `Cache-Control` of files asked by their hashed name: their content can never change. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable'

export interface StaticChainOptions extends StaticIndexOptions {
  /** The folders, first wins: modules in enabled order, then the root `static/`. */
  readonly folders: readonly StaticFolder[]
  /** `Cache-Control` of plain names, or false for none. Default 'public, max-age=0'. */
  readonly cacheControl?: string | false
  /** Follow changes on disk (development). Default false: files are assumed immutable. */
  readonly watch?: boolean
}

/** What the app gets back: the index, a URL builder, and a way to stop watching. */
export interface StaticChain {
  readonly index: StaticIndex
  /**
   * The URL of a static file: its hashed name when there is one, else its plain name
   * (whether or not the file exists, like Flask's url_for('static')). With `owner`, the
   * URL of that module's folder alone.
   * @example chain.urlPath('css/site.css') // '/static/css/site.3f2a9c1b7d4e.css'
   */
  urlPath(filename: string, owner?: string): string
  close(): Promise<void>
  /** The handler of one view (the chain's, or one owner's folder) under `head`, its raw prefix. */
  readonly handler: (head: string, owner: string | undefined) => RouteHandlerMethod
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

const trimSlashes = (prefix: string): string => prefix.replace(/\/+$/, '')

/** The URL prefix of the shared chain. */
const PREFIX = '/static'

/** The URL prefix of one module's folder alone. */
const modulePrefix = (owner: string): string => `/static_${owner}`

/**
 * Serves the shared static chain on `fastify` (in its own context, so the caller's hooks
 * and 404 handler apply): GET and HEAD `<prefix>/*` from the first folder that holds the
 * file. Walks the folders once, here; a request is one Map lookup. Unknown files go to
 * the app's 404 handler. Each module's own `/static_<module>/*` is registered apart, in
 * the module's context, by serveModuleStatic.
 * @example const chain = await staticChain(app, { folders: [{ owner: 'home', dir: 'modules/home/static' }, { owner: null, dir: 'static' }] })
 */
export async function staticChain(
  fastify: FastifyInstance,
  options: StaticChainOptions,
): Promise<StaticChain> {
  const index = await buildStaticIndex(options.folders, options)
  if (options.watch === true)
    await watchStaticIndex(index, (err) => fastify.log.warn({ err }, 'static watcher'))
  const cache = new FileCache()
  const unsubscribe = index.onChange((_path, old) => {
    if (old === undefined) return
    cache.delete(old)
    cache.delete(old.br)
    cache.delete(old.gzip)
  })

  const plain = options.cacheControl ?? DEFAULT_CACHE_CONTROL
  const safeOptions = { allowDotfiles: options.allowDotfiles === true }
  const plainOptions = { cacheControl: plain, cache }
  const immutableOptions = { cacheControl: IMMUTABLE_CACHE_CONTROL, cache }

  const handler = (head: string, owner: string | undefined): RouteHandlerMethod => {
    const lowerHead = head.toLowerCase()
    return function serveStatic(request: FastifyRequest, reply: FastifyReply) {
      const url = request.url
      // Fastify's decoded params cannot tell '%2F' from '/': read the raw tail.
      let tail: string
      if (url.startsWith(head)) tail = url.slice(head.length)
      else if (url.slice(0, head.length).toLowerCase() === lowerHead) tail = url.slice(head.length)
      else return reply.callNotFound() // the prefix itself was encoded or doubled: not ours to guess
      const safe = safePath(tail, safeOptions)
      if (!safe.ok) {
        if (safe.status === 404) return reply.callNotFound()
        return reply.code(safe.status).send({
          statusCode: safe.status,
          error: safe.status === 403 ? 'Forbidden' : 'Bad Request',
          message: `Refused static path: ${safe.reason}`,
        })
      }
      const match = index.lookup(safe.path, owner)
      if (match === undefined) return reply.callNotFound()
      return sendFile(
        request,
        reply,
        match.entry,
        match.immutable ? immutableOptions : plainOptions,
      )
    }
  }

  fastify.route({
    method: ['GET', 'HEAD'],
    url: `${PREFIX}/*`,
    // Files, not an API: @fastify/swagger leaves routes with `schema.hide` out of its documents.
    schema: HIDDEN,
    // The raw path up to the tail, as the client must have sent it to reach this route.
    handler: handler(`${trimSlashes(fastify.prefix)}${PREFIX}/`, undefined),
  })

  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    unsubscribe()
    await index.close()
  }
  fastify.addHook('onClose', async () => close())

  return {
    index,
    urlPath(filename: string, owner?: string): string {
      const path = filename.replace(/^\/+/, '')
      const base = owner === undefined ? PREFIX : modulePrefix(owner)
      return `${base}/${encodePath(index.hashedPath(path, owner) ?? path)}`
    },
    close,
    handler,
  }
}

/**
 * Serves one module's folder alone, `/static_<module>/*`, on `fastify`: the module's own
 * encapsulated context, so its hooks (a guard in beforeRequest), plugins and error
 * handler apply to its files as to its views, as Flask's before_request covers
 * `admin.static`. Nothing is registered for a module without a static folder.
 * @example serveModuleStatic(moduleContext, chain, 'admin')
 */
export function serveModuleStatic(
  fastify: FastifyInstance,
  chain: StaticChain,
  owner: string,
): void {
  if (!chain.index.owners().includes(owner)) return
  const routePrefix = modulePrefix(owner)
  fastify.route({
    method: ['GET', 'HEAD'],
    url: `${routePrefix}/*`,
    schema: HIDDEN,
    config: { endpoint: `${owner}.static`, module: owner },
    handler: chain.handler(`${trimSlashes(fastify.prefix)}${routePrefix}/`, owner),
  })
}
