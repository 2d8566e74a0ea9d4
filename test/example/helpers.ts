// Shared by the example site's tests: a fresh data folder per test, the site built on it,
// `npm start`'s server as a child process, and a visitor that keeps its cookies and sends
// forms as a browser does (CSRF token included).
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildSite, type SiteOptions } from '../../examples/site/app.ts'

export type Site = Awaited<ReturnType<typeof buildSite>>

/** The admin password the tests give the site. */
export const ADMIN_PASSWORD = 'correct horse battery staple'

/** A new empty folder under the system's temp dir; `remove` deletes it. */
export async function tempDataDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'fastify-microservices-site-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

/**
 * `npm start`'s very file (`examples/site/server.ts`) as a child process on 127.0.0.1, a
 * port of its choosing and the data folder `dataDir`; `env` is added to (or, with
 * undefined, removed from) this process's environment. process.execPath is Node 24 when
 * the tests run under it (node_modules/.bin/node).
 * @example const child = startServer(data.path, { NODE_ENV: 'production' })
 */
export function startServer(
  dataDir: string,
  env: Record<string, string | undefined> = {},
): ChildProcess {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name]
    else merged[name] = value
  }
  return spawn(process.execPath, ['examples/site/server.ts'], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Waits for `child` to exit: its exit code and all it printed (stdout and stderr). */
export async function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; output: string }> {
  let output = ''
  const collect = (chunk: unknown) => {
    output += String(chunk)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}

/**
 * The example site over the database in `dataDir`, ready for inject(): every module (unless
 * `options.modules` says otherwise), a known admin password, and rate limits too high to
 * trip by accident (the tests of the limits set their own); `prepare` may add routes before it is ready.
 */
export async function siteOn(
  dataDir: string,
  options: SiteOptions = {},
  prepare?: (app: Site) => void,
): Promise<Site> {
  const app = await buildSite({
    dataDir,
    modules: ['home', 'forum', 'admin', 'api'],
    ...options,
    settings: {
      adminPassword: ADMIN_PASSWORD,
      loginsPerMinute: 1000,
      postsPerMinute: 1000,
      ...options.settings,
    },
  })
  prepare?.(app) // before ready: routes of a test's own
  await app.ready()
  return app
}

/** The hidden `_csrf` fields of a page. */
export const csrfTokens = (html: string): string[] =>
  [...html.matchAll(/<input type="hidden" name="_csrf" value="([^"]+)">/g)].map((m) => m[1] ?? '')

/** A browser: keeps the cookies it is given and sends them back. */
export class Visitor {
  cookies: Record<string, string> = {}
  readonly app: Site
  constructor(app: Site) {
    this.app = app
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ ...options, cookies: { ...this.cookies } })
    const now = Date.now()
    for (const cookie of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() <= now))
        delete this.cookies[cookie.name]
      else this.cookies[cookie.name] = cookie.value
    }
    return res
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ url })
  }

  /**
   * Submits a form as a browser: opens `from` (default: `url`), takes its CSRF token, and
   * posts `fields` with it, urlencoded.
   */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    from = url,
  ): Promise<LightMyRequestResponse> {
    const [token] = csrfTokens((await this.get(from)).body)
    if (token === undefined) throw new Error(`no CSRF token on ${from}`)
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one)
    }
    body.append('_csrf', token)
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  /** Logs in as admin; fails the test if it does not work. */
  async logIn(password = ADMIN_PASSWORD): Promise<void> {
    const res = await this.post('/admin/login/', { password })
    if (res.statusCode !== 303) throw new Error(`login answered ${res.statusCode}: ${res.body}`)
  }
}
