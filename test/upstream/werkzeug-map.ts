import type { MicroServicesInstance, MicroServicesOptions } from '../../src/index.ts'
import { url } from '../../src/index.ts'
import { echo, routingApp } from '../fixtures/routing/app.ts'

/** A Werkzeug Rule as its tests write it. Without methods, GET (Werkzeug: any method). */
export interface WerkzeugRule {
  readonly rule: string
  readonly endpoint: string
  readonly methods?: readonly string[]
  readonly defaults?: Record<string, unknown>
  readonly strictSlashes?: boolean
}

/** What Werkzeug's `adapter.match` gives or raises, read from the real app's answer. */
export type Matched =
  | readonly [endpoint: string, values: Record<string, unknown>]
  | { readonly RequestRedirect: string }
  | { readonly MethodNotAllowed: readonly string[] }
  | 'NotFound'

/**
 * Werkzeug's `Map(rules).bind(...)` as an app: each rule a url() of module 'a' (endpoint
 * 'a.<endpoint>'), `match` a request through app.inject.
 */
export async function werkzeugMap(
  rules: readonly WerkzeugRule[],
  options: MicroServicesOptions = {},
): Promise<{
  app: MicroServicesInstance
  match(path: string, method?: string, query?: string): Promise<Matched>
  close(): Promise<void>
}> {
  const app = await routingApp(
    {
      a: rules.map((r) =>
        url(r.rule, echo, {
          name: r.endpoint,
          methods: r.methods ?? ['GET'],
          defaults: r.defaults,
          strictSlashes: r.strictSlashes,
        }),
      ),
    },
    options,
  )
  return {
    app,
    async match(path, method = 'GET', query) {
      const res = await app.inject({
        method: method as 'GET',
        url: query === undefined ? path : `${path}?${query}`,
      })
      if (res.statusCode === 404) return 'NotFound'
      if (res.statusCode === 308) return { RequestRedirect: String(res.headers.location) }
      if (res.statusCode === 405) {
        return { MethodNotAllowed: String(res.headers.allow).split(', ').sort() }
      }
      if (res.statusCode !== 200)
        throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`)
      if (method === 'HEAD') return [String(res.headers['x-endpoint']).replace(/^a\./, ''), {}]
      const body = res.json() as { endpoint: string; params: Record<string, unknown> }
      return [body.endpoint.replace(/^a\./, ''), body.params]
    },
    close: () => app.close(),
  }
}
