import type { onRequestHookHandler } from 'fastify'
import { InvalidTrustedHosts, UntrustedHost } from './errors.ts'
import { hostName, isHost } from './host.ts'

/** A trustedHosts entry: an exact name, '.example.com' (it and its subdomains) or '*'. */
const PATTERN = /^(?:\*|\.?[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[a-f0-9]*:[a-f0-9.:]+\])$/

/**
 * True when a host name (no port, lower-cased) is one `patterns` allows, as Django's
 * `validate_host`: '*' allows any, '.example.com' allows example.com and its subdomains.
 */
function hostAllowed(name: string, patterns: readonly string[]): boolean {
  for (const pattern of patterns) {
    if (pattern === '*' || pattern === name) return true
    if (pattern.startsWith('.') && (name.endsWith(pattern) || name === pattern.slice(1)))
      return true
  }
  return false
}

/**
 * True when `patterns` allow every host a host rule takes: its own name when it has no
 * variables, else its hosts end with `tail` (the text after its last variable), which a
 * '.domain' entry must cover, or '*'.
 */
export function trustsHostRule(
  patterns: readonly string[],
  rule: { readonly names: readonly string[]; readonly tail: string },
): boolean {
  const allowed = patterns.map((p) => p.toLowerCase().replace(/\.$/, ''))
  if (rule.names.length === 0) return hostAllowed(rule.tail, allowed)
  return allowed.some((p) => p === '*' || (p.startsWith('.') && rule.tail.endsWith(p)))
}

/**
 * The app's `trustedHosts` check (Django's ALLOWED_HOSTS): an onRequest hook answering
 * 400 to a request whose Host is malformed or not listed, before anything reads it.
 * @example app.addHook('onRequest', trustedHosts(['example.com', '.example.com']))
 */
export function trustedHosts(patterns: readonly string[]): onRequestHookHandler {
  if (!Array.isArray(patterns) || patterns.length === 0) {
    throw new InvalidTrustedHosts(patterns, 'give a non-empty list of host names')
  }
  const allowed = patterns.map((pattern: unknown) => {
    const text = typeof pattern === 'string' ? pattern.toLowerCase().replace(/\.$/, '') : ''
    if (!PATTERN.test(text)) {
      throw new InvalidTrustedHosts(
        patterns,
        `${JSON.stringify(pattern)} is not a host name, '.domain' or '*'`,
      )
    }
    return text
  })
  return function checkHost(request, _reply, done) {
    const host = request.host
    if (typeof host === 'string' && isHost(host) && hostAllowed(hostName(host), allowed)) done()
    else done(new UntrustedHost(host))
  }
}
