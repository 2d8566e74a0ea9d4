import { createRequire } from 'node:module'
import type nunjucks from 'nunjucks'

let runtime: typeof nunjucks.runtime | undefined

/**
 * Marks trusted HTML so that autoescaping leaves it as it is (nunjucks' SafeString, Jinja's
 * `Markup`); nunjucks is loaded on the first call, the instance the engine renders with.
 * @example app.addContextProcessor(() => ({ banner: markSafe('<b>Welcome</b>') }))
 */
export function markSafe(html: string): unknown {
  runtime ??= (createRequire(import.meta.url)('nunjucks') as typeof nunjucks).runtime
  return new runtime.SafeString(html)
}
