// Shared by the example site's tests: a fresh data folder per test, the site built on it,
// and form posts as a browser sends them.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSite } from '../../examples/site/app.ts'

export type Site = Awaited<ReturnType<typeof buildSite>>

/** The example's admin password, as the site reads it. */
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'admin'

/** A new empty folder under the system's temp dir; `remove` deletes it. */
export async function tempDataDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'fastify-microservices-site-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

/** The example site over the database in `dataDir`, ready for inject(). */
export async function siteOn(dataDir: string): Promise<Site> {
  const app = await buildSite({ dataDir })
  await app.ready()
  return app
}

/** inject() options for an HTML form post (application/x-www-form-urlencoded). */
export function formPost(url: string, fields: Record<string, string>, cookies = {}) {
  return {
    method: 'POST' as const,
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies,
  }
}
