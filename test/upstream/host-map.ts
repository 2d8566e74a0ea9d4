// Werkzeug's Map with host or subdomain rules, as its tests bind it to a request's Host: each
// rule a url() of module 'a'; `match` is a request with that Host through app.inject;
// `build` asks a view of module 'b' (a rule of every host) for request.urlFor, so the link is
// built in a real request for that Host.
import type { FastifyRequest } from 'fastify'
import type { MicroServicesInstance, MicroServicesOptions } from '../../src/index.ts'
import { url } from '../../src/index.ts'
import { echo, routingApp } from '../fixtures/routing/app.ts'

/** A Werkzeug Rule with its host part (`host=` or `subdomain=`). */
export interface HostRule {
  readonly rule: string
  readonly endpoint: string
  readonly host?: string
  readonly subdomain?: string
  readonly methods?: readonly string[]
  readonly defaults?: Record<string, unknown>
}

export type HostMatched =
  | readonly [endpoint: string, values: Record<string, unknown>]
  | { readonly RequestRedirect: string }
  | { readonly MethodNotAllowed: readonly string[] }
  | 'NotFound'
  | { readonly status: number }

/** The view of module 'b' that builds `?endpoint=` with the JSON `?values=` in the request. */
const build = (request: FastifyRequest<{ Querystring: { endpoint: string; values?: string } }>) =>
  (request.urlFor as (endpoint: string, values: unknown) => string).call(
    request,
    request.query.endpoint,
    JSON.parse(request.query.values ?? '{}'),
  )

/** One view for every rule: several rules of one endpoint must share their view (Flask's rule). */
const views = new Map<string, typeof echo>()
const viewOf = (endpoint: string): typeof echo => {
  let view = views.get(endpoint)
  if (view === undefined) {
    view = (request, reply) => echo(request, reply)
    views.set(endpoint, view)
  }
  return view
}

export async function hostMap(
  rules: readonly HostRule[],
  options: MicroServicesOptions = {},
): Promise<{
  app: MicroServicesInstance
  match(host: string, path?: string, method?: string): Promise<HostMatched>
  build(host: string, endpoint: string, values?: Record<string, unknown>): Promise<string>
  close(): Promise<void>
}> {
  views.clear()
  const app = await routingApp(
    {
      a: rules.map((r) =>
        url(r.rule, viewOf(r.endpoint), {
          name: r.endpoint,
          methods: r.methods ?? ['GET'],
          defaults: r.defaults,
          host: r.host,
          subdomain: r.subdomain,
        }),
      ),
      b: [url('/_build', build as never, 'build')],
    },
    options,
  )
  return {
    app,
    async match(host, path = '/', method = 'GET') {
      const res = await app.inject({ method: method as 'GET', url: path, headers: { host } })
      if (res.statusCode === 404) return 'NotFound'
      if (res.statusCode === 308) return { RequestRedirect: String(res.headers.location) }
      if (res.statusCode === 405) {
        return { MethodNotAllowed: String(res.headers.allow).split(', ').sort() }
      }
      if (res.statusCode !== 200) return { status: res.statusCode }
      const body = res.json() as { endpoint: string; params: Record<string, unknown> }
      return [body.endpoint.replace(/^a\./, ''), body.params]
    },
    async build(host, endpoint, values = {}) {
      const res = await app.inject({
        url: '/_build',
        query: { endpoint: `a.${endpoint}`, values: JSON.stringify(values) },
        headers: { host },
      })
      if (res.statusCode !== 200)
        throw new Error(`build ${endpoint}: ${res.statusCode} ${res.body}`)
      return res.body
    },
    close: () => app.close(),
  }
}
