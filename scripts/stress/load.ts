// The load generator, in a process of its own so it never shares a CPU budget or an
// event loop with the server it measures. Reads its settings from argv[2] (JSON),
// writes autocannon's result as one JSON line on stdout.
import { createRequire } from 'node:module'

export interface LoadSettings {
  readonly port: number
  readonly seconds: number
  readonly connections: number
}

/** The routes the soak mixes, each answered 200: templates, static files, params, a body. */
export const ROUTES = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/page?name=page.html' },
  { method: 'GET', path: '/item/42/hello-world' },
  { method: 'GET', path: '/static/a.txt' },
  { method: 'GET', path: '/static/css/site.css' },
  { method: 'GET', path: '/static_home/b.txt' },
  { method: 'GET', path: '/static/b.txt' },
  {
    method: 'POST',
    path: '/echo',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hello: 'world', list: [1, 2, 3] }),
  },
] as const

type Autocannon = (options: Record<string, unknown>) => Promise<Record<string, unknown>>
// autocannon ships no types; this is the one call made of it.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

if (import.meta.main) {
  const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings
  const result = await autocannon({
    url: `http://127.0.0.1:${settings.port}`,
    connections: settings.connections,
    duration: settings.seconds,
    requests: ROUTES,
    timeout: 10,
  })
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
