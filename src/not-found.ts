import type { FastifyReply, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify'
import FindMyWay from 'find-my-way'

interface PathEntry {
  readonly methods: Set<string>
  /** The Allow header, as Werkzeug writes it: declared methods, then OPTIONS, then HEAD with GET. */
  allow: string
}

const allowHeader = (methods: ReadonlySet<string>): string => {
  const declared = [...methods].filter((m) => m !== 'HEAD' && m !== 'OPTIONS')
  const extra = methods.has('GET') || methods.has('HEAD') ? ['OPTIONS', 'HEAD'] : ['OPTIONS']
  return [...declared, ...extra].join(', ')
}

/**
 * Every registered path with the methods it answers, kept beside Fastify's router (fed by
 * the onRoute hook, so plugins' routes count too). Its own router is built on the first
 * request Fastify finds no route for, so neither start-up nor a matched request pays for it.
 */
export class MethodIndex {
  readonly #paths = new Map<string, PathEntry>()
  #router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined

  add(path: string, method: RouteOptions['method']): void {
    let entry = this.#paths.get(path)
    if (entry === undefined) {
      entry = { methods: new Set(), allow: '' }
      this.#paths.set(path, entry)
      this.#router = undefined
    }
    for (const m of Array.isArray(method) ? method : [method]) entry.methods.add(m.toUpperCase())
    entry.allow = allowHeader(entry.methods)
  }

  find(path: string): PathEntry | undefined {
    this.#router ??= this.#build()
    return (this.#router.find('GET', path)?.store as PathEntry | null) ?? undefined
  }

  #build(): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
    const router = FindMyWay<FindMyWay.HTTPVersion.V1>()
    for (const [path, entry] of this.#paths) {
      try {
        router.on('GET', path, () => {}, entry)
      } catch {
        // find-my-way refused a shape Fastify accepted through its own options: skip it.
      }
    }
    return router
  }
}

/** Fastify's own answer for a path nobody serves. */
export const defaultNotFound: RouteHandlerMethod = (request, reply) => {
  reply.code(404).send({
    message: `Route ${request.method}:${request.url} not found`,
    error: 'Not Found',
    statusCode: 404,
  })
}

/**
 * The app's not-found handler, doing what Werkzeug's router does before giving up:
 * OPTIONS answers with Allow; another method of a known path is a 405 with Allow; a
 * path missing only its trailing slash is a 308 to the slashed URL, query kept.
 */
export function methodAwareNotFound(
  index: MethodIndex,
  fallback: RouteHandlerMethod,
): RouteHandlerMethod {
  return function notFound(this: unknown, request: FastifyRequest, reply: FastifyReply) {
    const url = request.url
    const q = url.indexOf('?')
    const path = q === -1 ? url : url.slice(0, q)
    const entry = index.find(path)
    if (entry !== undefined) {
      if (request.method === 'OPTIONS') return reply.code(200).header('allow', entry.allow).send()
      if (!entry.methods.has(request.method)) {
        return reply
          .code(405)
          .header('allow', entry.allow)
          .send({
            message: `Method ${request.method} is not allowed for ${path}; it answers ${entry.allow}`,
            error: 'Method Not Allowed',
            statusCode: 405,
          })
      }
    } else if (!path.endsWith('/') && index.find(`${path}/`) !== undefined) {
      return reply.redirect(`${path}/${q === -1 ? '' : url.slice(q)}`, 308)
    }
    return fallback.call(this as never, request, reply)
  }
}
