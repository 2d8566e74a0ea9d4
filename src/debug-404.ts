import escapeHtml from 'escape-html'
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { HTML } from './respond.ts'
import type { UrlMap } from './urls/url-map.ts'

/** The page: what was asked, and every rule tried in order, as Django's debug 404 shows. */
function page(request: FastifyRequest, path: string, map: UrlMap): string {
  const rows = map.rules.map(({ endpoint, rule }) => {
    const methods = map.get(endpoint)?.methods.join(', ') ?? ''
    const module = endpoint.includes('.') ? endpoint.slice(0, endpoint.indexOf('.')) : ''
    return `<tr><td><code>${escapeHtml(rule)}</code></td><td>${escapeHtml(methods)}</td><td><code>${escapeHtml(endpoint)}</code></td><td>${escapeHtml(module)}</td></tr>`
  })
  const tried =
    rows.length === 0
      ? '<p>No module is registered, so there is no rule to try.</p>'
      : `<p>The app's rules were tried in this order:</p>
<table><thead><tr><th>rule</th><th>methods</th><th>endpoint</th><th>module</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<p>The current path, <code>${escapeHtml(path)}</code>, matched none of these.</p>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found (404)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}h1{color:#b00020}
table{border-collapse:collapse}th,td{text-align:left;padding:.2rem 1rem .2rem 0;border-bottom:1px solid #ddd}</style></head>
<body><h1>Page not found (404)</h1>
<table><tr><th>Request method</th><td>${escapeHtml(request.method)}</td></tr>
<tr><th>Request URL</th><td><code>${escapeHtml(request.url)}</code></td></tr></table>
${tried}
<p>You see this page because the app runs in development (<code>dev: true</code> or
<code>NODE_ENV=development</code>). In production a 404 answers without it, and an app's own
<code>notFound</code> handler always answers instead.</p></body></html>`
}

/**
 * Development's answer for a path nobody serves: a browser (Accept: text/html, GET or
 * HEAD) gets a page listing the rules tried, as Django's debug 404 does; every other
 * request gets `fallback`'s answer.
 */
export function debugNotFound(map: UrlMap, fallback: RouteHandlerMethod): RouteHandlerMethod {
  return function notFound(this: unknown, request: FastifyRequest, reply: FastifyReply) {
    const browser =
      (request.method === 'GET' || request.method === 'HEAD') &&
      request.headers.accept?.includes('text/html') === true
    if (!browser) return fallback.call(this as never, request, reply)
    const q = request.url.indexOf('?')
    const path = q === -1 ? request.url : request.url.slice(0, q)
    return reply
      .code(404)
      .type(HTML)
      .send(page(request, path, map))
  }
}
