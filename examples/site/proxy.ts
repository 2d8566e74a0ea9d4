import type { MicroServicesOptions } from 'fastify-microservices'

/** Trust the `hops` proxies nearest the app, as Fastify's numeric trustProxy (its types lack it). */
const nearest =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops

/**
 * Fastify's `trustProxy` from TRUST_PROXY. `true` means the one proxy in front (one hop),
 * not Fastify's "trust every hop": with that, the client's own `X-Forwarded-For: <anything>`
 * becomes `request.ip`, and a per-client rate limit (the login's) is a new bucket per
 * request. A number is that many proxies; anything else is the proxies' addresses or
 * subnets, comma-separated. Unset or empty: no proxy.
 * @example trustProxyFrom('true') // trusts the nearest hop only
 */
export function trustProxyFrom(value: string | undefined): MicroServicesOptions['trustProxy'] {
  if (value === undefined || value.trim() === '') return false
  const text = value.trim()
  if (text === 'true') return nearest(1)
  if (/^[0-9]{1,3}$/.test(text)) return nearest(Number(text))
  return text
}
