import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import type { StaticFolder } from './entry.ts'
import { FileCache, type FileCacheOptions } from './file-cache.ts'
import {
  buildStaticIndex,
  type StaticIndex,
  type StaticIndexOptions,
  type StaticView,
} from './file-index.ts'
import { safePath } from './safe-path.ts'
import { sendFile } from './send-file.ts'
import { watchStaticIndex } from './watch.ts'

/** `Cache-Control` of files asked by their plain name: cacheable, but revalidated each time. */
export const DEFAULT_CACHE_CONTROL = 'public, max-age=0'
/** `Cache-Control` of files asked by their hashed name: their content can never change. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable'

export interface StaticChainOptions extends StaticIndexOptions, FileCacheOptions {
  /** The folders, first wins: modules in enabled order, then the root `static/`. */
  readonly folders: readonly StaticFolder[]
  /** URL prefix of the whole chain. Default '/static'. */
  readonly prefix?: string
  /** URL prefix of one module's folder alone. Default `/static_<owner>`. */
  readonly modulePrefix?: (owner: string) => string
  /** `Cache-Control` of plain names, or false for none. Default 'public, max-age=0'. */
  readonly cacheControl?: string | false
  /** `Cache-Control` of hashed names. Default 'public, max-age=31536000, immutable'. */
  readonly immutableCacheControl?: string
  /** Follow changes on disk (development). Default false: files are assumed immutable. */
  readonly watch?: boolean
  /** An index already built (by a CLI, or shared); folders and index options are then ignored. */
  readonly index?: StaticIndex
}

/** What the app gets back: the index, a URL builder, and a way to stop watching. */
export interface StaticChain {
  readonly index: StaticIndex
  /** The chain's URL prefix, as registered. */
  readonly prefix: string
  /**
   * The URL of a static file: its hashed name when there is one, else its plain name
   * (whether or not the file exists, like Flask's url_for('static')). With `owner`, the
   * URL of that module's folder alone.
   * @example chain.urlPath('css/site.css') // '/static/css/site.3f2a9c1b7d4e.css'
   */
  urlPath(filename: string, owner?: string): string
  close(): Promise<void>
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

const trimSlashes = (prefix: string): string => prefix.replace(/\/+$/, '')

/**
 * Serves the static chain on `fastify` (in its own context, so the caller's hooks and
 * 404 handler apply): GET and HEAD `<prefix>/*` from the first folder that holds the
 * file, and `/static_<owner>/*` from each module's folder alone. Walks the folders once,
 * here; a request is one Map lookup. Unknown files go to the app's 404 handler.
 * @example const chain = await staticChain(app, { folders: [{ owner: 'home', dir: 'modules/home/static' }, { owner: null, dir: 'static' }] })
 */
export async function staticChain(
  fastify: FastifyInstance,
  options: StaticChainOptions,
): Promise<StaticChain> {
  const index = options.index ?? (await buildStaticIndex(options.folders, options))
  if (options.watch === true)
    await watchStaticIndex(index, (err) => fastify.log.warn({ err }, 'static watcher'))
  const cache = new FileCache(options)
  const unsubscribe = index.onChange((old) => {
    cache.delete(old)
    cache.delete(old.br)
    cache.delete(old.gzip)
  })

  const prefix = trimSlashes(options.prefix ?? '/static')
  const modulePrefix = options.modulePrefix ?? ((owner: string) => `/static_${owner}`)
  const plain = options.cacheControl ?? DEFAULT_CACHE_CONTROL
  const immutable = options.immutableCacheControl ?? IMMUTABLE_CACHE_CONTROL
  const allowDotfiles = options.allowDotfiles === true
  const plainOptions = { cacheControl: plain, cache }
  const immutableOptions = { cacheControl: immutable, cache }

  const serve = (routePrefix: string, view: StaticView) => {
    // The raw path up to the tail, as the client must have sent it to reach this route.
    const head = `${trimSlashes(fastify.prefix)}${routePrefix}/`
    const lowerHead = head.toLowerCase()
    fastify.route({
      method: ['GET', 'HEAD'],
      url: `${routePrefix}/*`,
      // Files, not an API: @fastify/swagger leaves routes with `schema.hide` out of its documents.
      schema: { hide: true } as FastifySchema,
      handler(request: FastifyRequest, reply: FastifyReply) {
        const url = request.url
        // Fastify's decoded params cannot tell '%2F' from '/': read the raw tail.
        let tail: string
        if (url.startsWith(head)) tail = url.slice(head.length)
        else if (url.slice(0, head.length).toLowerCase() === lowerHead)
          tail = url.slice(head.length)
        else return reply.callNotFound() // the prefix itself was encoded or doubled: not ours to guess
        const safe = safePath(tail, { allowDotfiles })
        if (!safe.ok) {
          if (safe.status === 404) return reply.callNotFound()
          return reply.code(safe.status).send({
            statusCode: safe.status,
            error: safe.status === 403 ? 'Forbidden' : 'Bad Request',
            message: `Refused static path: ${safe.reason}`,
          })
        }
        const hashed = view.hashed.get(safe.path)
        if (hashed !== undefined) return sendFile(request, reply, hashed, immutableOptions)
        const entry = view.files.get(safe.path)
        if (entry === undefined) return reply.callNotFound()
        return sendFile(request, reply, entry, plainOptions)
      },
    })
  }

  serve(prefix, index.view() as StaticView)
  const modulePrefixes = new Map<string, string>()
  for (const owner of index.owners()) {
    if (owner === null) continue
    const routePrefix = trimSlashes(modulePrefix(owner))
    modulePrefixes.set(owner, routePrefix)
    serve(routePrefix, index.view(owner) as StaticView)
  }

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
    prefix,
    urlPath(filename: string, owner?: string): string {
      const path = filename.replace(/^\/+/, '')
      const base =
        owner === undefined
          ? prefix
          : (modulePrefixes.get(owner) ?? trimSlashes(modulePrefix(owner)))
      return `${base}/${encodePath(index.hashedPath(path, owner) ?? path)}`
    },
    close,
  }
}
