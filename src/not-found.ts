import type { FastifyReply, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify'
import FindMyWay from 'find-my-way'
import { type HTTPException, httpErrors } from './abort.ts'
import type { Matcher } from './urls/matcher.ts'

interface PathEntry {
  readonly methods: Set<string>
  /** A wildcard route (`/static/*`) says a subtree exists, never that a slashed path does. */
  readonly wildcard: boolean
}

/** The Allow header, as Werkzeug writes it: declared methods, then OPTIONS, then HEAD with GET. */
const allowHeader = (methods: ReadonlySet<string>): string => {
  const declared = [...methods].filter((m) => m !== 'HEAD' && m !== 'OPTIONS')
  const extra = methods.has('GET') || methods.has('HEAD') ? ['OPTIONS', 'HEAD'] : ['OPTIONS']
  return [...declared, ...extra].join(', ')
}

/**
 * The app's own routes (outside modules) with the methods they answer, fed by the onRoute
 * hook. A catch-all (`*`, `/*`) and a wildcard answering OPTIONS only (the preflight route
 * @fastify/cors adds) are left out: they say nothing about which paths exist, and would
 * turn every unknown URL into a 405. Its router is built on the first
 * request Fastify finds no route for, so neither start-up nor a matched request pays for it.
 */
export class MethodIndex {
  readonly #paths = new Map<string, PathEntry>()
  readonly #maxParamLength: number
  #router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined

  constructor(options: { maxParamLength?: number } = {}) {
    this.#maxParamLength = options.maxParamLength ?? 100
  }

  add(path: string, method: RouteOptions['method']): void {
    const methods = (Array.isArray(method) ? method : [method]).map((m) => m.toUpperCase())
    const wildcard = path.includes('*')
    if (wildcard && (path === '*' || path === '/*' || methods.every((m) => m === 'OPTIONS'))) {
      return
    }
    let entry = this.#paths.get(path)
    if (entry === undefined) {
      entry = { methods: new Set(), wildcard }
      this.#paths.set(path, entry)
      this.#router = undefined
    }
    for (const m of methods) entry.methods.add(m)
  }

  find(path: string): PathEntry | undefined {
    this.#router ??= this.#build()
    return (this.#router.find('GET', path)?.store as PathEntry | null) ?? undefined
  }

  #build(): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
    const router = FindMyWay<FindMyWay.HTTPVersion.V1>({ maxParamLength: this.#maxParamLength })
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

/**
 * A path that is safe to send back in a Location: one leading '/', no backslash, nothing a
 * browser would read as another host (`//evil.example`, `/\evil.example`). An
 * absolute-form request target (`http://host/path`) is never one.
 */
export const isSamePath = (path: string): boolean =>
  path.charCodeAt(0) === 47 /* '/' */ &&
  path.charCodeAt(1) !== 47 &&
  !path.includes('\\') &&
  !/%5c/i.test(path) &&
  !/\s/.test(path)

/** Where the module rules are: set once the modules are registered. */
export interface MatcherHolder {
  matcher: Matcher | undefined
}

/**
 * The app's not-found handler, doing what Werkzeug's router does before giving up, from
 * the same ordered matcher that dispatches the modules' rules (converters included), and
 * the app's own routes: OPTIONS answers with Allow (the methods of every rule matching the
 * path); another method of a known path is a 405 with Allow; a path missing only its
 * trailing slash is a 308 to the slashed path, query kept, when that path really routes.
 * `refuse` may answer a 405 instead of the JSON (an error page, the app's handler for 405):
 * it returns undefined when it does not.
 */
export function methodAwareNotFound(
  index: MethodIndex,
  holder: MatcherHolder,
  fallback: RouteHandlerMethod,
  refuse?: (error: HTTPException, request: FastifyRequest, reply: FastifyReply) => unknown,
): RouteHandlerMethod {
  return function notFound(this: unknown, request: FastifyRequest, reply: FastifyReply) {
    const url = request.url
    const q = url.indexOf('?')
    const path = q === -1 ? url : url.slice(0, q)
    const method = request.method
    const same = isSamePath(path)
    const allowed = new Set<string>()
    // Only the rules of the request's host count (a host rule of another host is not there).
    const result = same ? holder.matcher?.match(method, path, request.raw.headers.host) : undefined
    if (result?.kind === 'slash') {
      return reply.redirect(`${path}/${q === -1 ? '' : url.slice(q)}`, 308)
    }
    if (result?.kind === 'none') for (const m of result.allowed) allowed.add(m)
    const entry = same ? index.find(path) : undefined
    if (entry !== undefined) for (const m of entry.methods) allowed.add(m)
    if (allowed.size > 0) {
      const allow = allowHeader(allowed)
      if (method === 'OPTIONS') return reply.code(200).header('allow', allow).send()
      if (!allowed.has(method)) {
        const message = `Method ${method} is not allowed for ${path}; it answers ${allow}`
        reply.header('allow', allow)
        const answer = refuse?.(new httpErrors.MethodNotAllowed(message), request, reply)
        if (answer !== undefined) return answer
        return reply.code(405).send({ message, error: 'Method Not Allowed', statusCode: 405 })
      }
    } else if (same && !path.endsWith('/') && index.find(`${path}/`)?.wildcard === false) {
      return reply.redirect(`${path}/${q === -1 ? '' : url.slice(q)}`, 308)
    }
    return fallback.call(this as never, request, reply)
  }
}
