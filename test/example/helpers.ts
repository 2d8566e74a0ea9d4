// Shared by the example site's tests: a fresh data folder per test, the site built on it,
// and a visitor that keeps its cookies and sends forms as a browser does (CSRF token included).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
 * The example site over the database in `dataDir`, ready for inject(): every module (unless
 * `options.modules` says otherwise), a known admin password, and rate limits too high to
 * trip by accident (the tests of the limits set their own).
 */
export async function siteOn(dataDir: string, options: SiteOptions = {}): Promise<Site> {
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
