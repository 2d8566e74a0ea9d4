/**
 * A Host header's syntax, as Django checks it before using it (`host_validation_re`): a
 * name of letters, digits, '.' and '-', or a bracketed IPv6 address, then an optional port.
 * `evil.example/phish?`, `a b`, `user@host` and an empty Host are refused.
 */
const HOST = /^(?:[a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]{1,5})?$/i

/** True when `host` is a host name or address, with an optional port. */
export const isHost = (host: string): boolean => host.length <= 255 + 6 && HOST.test(host)

/** The host without its port, lower-cased, without a final dot (`Example.COM.:8080` -> `example.com`). */
export function hostName(host: string): string {
  let name = host
  if (host.startsWith('[')) name = host.slice(0, host.indexOf(']') + 1)
  else {
    const colon = host.lastIndexOf(':')
    if (colon !== -1) name = host.slice(0, colon)
  }
  return name.toLowerCase().replace(/\.$/, '')
}
