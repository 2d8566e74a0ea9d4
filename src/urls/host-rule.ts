import { InvalidURLRule } from '../errors.ts'
import { hostName, isHost } from '../host.ts'
import { BuildRefusal, type HostBuilder } from './builder.ts'
import type { Converter } from './converters.ts'
import { type ParsedRule, parseRule } from './rule.ts'

/**
 * Werkzeug's host part of a rule (`host_matching`, and Flask's `subdomain=` once joined
 * to the server name): a host name whose labels may hold converters, `<tenant>.example.com`.
 * It is matched against the request's Host without its port, lower-cased, as Werkzeug
 * lower-cases it; its values reach the view beside the path's.
 */

/** Parses a host rule when url() or a blueprint gets it, so a wrong one fails where it is written. */
export function parseHostRule(host: unknown): ParsedRule {
  const parsed = parseRule(host, 'host')
  for (const part of parsed.parts) {
    if (typeof part === 'string' && /[/:\s@?#\\]/.test(part)) {
      throw new InvalidURLRule(
        host,
        "a host rule is a host name without scheme, port or path, such as '<tenant>.example.com'",
      )
    }
  }
  return parsed
}

/** A host rule with its converters: what the router, the matcher and urlFor use. */
export interface HostMatch extends HostBuilder {
  /** Its variables, in order (they join the rule's names). */
  readonly names: readonly string[]
  /**
   * For find-my-way's host constraint: the raw Host header, in any case, with an optional
   * final dot and port; `values` decides on the lower-cased name without them.
   */
  readonly router: RegExp
  /** Its converters and arguments as text, as route conflicts compare rules. */
  readonly signature: string
  /** The text after its last variable, lower-cased (the whole host when it has none). */
  readonly tail: string
  /** The converted values of a request's Host, or undefined when the rule does not take it. */
  values(host: string | undefined): Record<string, unknown> | undefined
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** Nothing captured: one object for every static host. */
const NONE: Readonly<Record<string, unknown>> = Object.freeze({})

/**
 * Compiles a parsed host rule. `port` (':3000', or '') is added to built hosts: a
 * subdomain of a `serverName` with a port links to that port, as Flask's url_for.
 */
export function compileHost(
  parsed: ParsedRule,
  converters: ReadonlyMap<string, Converter>,
  signatures: readonly string[],
  port = '',
): HostMatch {
  const names: string[] = []
  let content = ''
  let shape = ''
  let signature = 0
  const pieces: ((values: Readonly<Record<string, unknown>>) => string)[] = []
  let tail = ''
  for (const part of parsed.parts) {
    if (typeof part === 'string') {
      const text = part.toLowerCase()
      content += escapeRegex(text)
      shape += text
      tail += text
      pieces.push(() => text)
      continue
    }
    const converter = converters.get(part.name) as Converter
    if (converter.slashes) {
      throw new InvalidURLRule(
        parsed.rule,
        `the converter of '${part.name}' takes slashes, which a host never holds`,
        part.position,
      )
    }
    content += `(?<v${names.length}>${converter.regex})`
    shape += signatures[signature++]
    tail = ''
    names.push(part.name)
    pieces.push((values) => {
      const value = values[part.name]
      if (value === undefined || value === null) {
        throw new BuildRefusal(`missing a value for '${part.name}' in host '${parsed.rule}'`)
      }
      try {
        return converter.toUrl(value)
      } catch {
        throw new BuildRefusal(
          `the value ${String(value)} for '${part.name}' is refused by its converter in host '${parsed.rule}'`,
        )
      }
    })
  }
  const exact = new RegExp(`^(?:${content})$`, 'is')
  const literal = names.length === 0 ? shape : undefined
  return {
    rule: parsed.rule,
    names,
    router: new RegExp(`^(?:${content})\\.?(?::[0-9]{1,5})?$`, 'i'),
    signature: `host ${shape}`,
    tail,
    values(host) {
      // A malformed Host (`a"b.example.com`, `evil/x`) is no host: its values never reach a view.
      if (host === undefined || !isHost(host)) return undefined
      const name = hostName(host)
      if (literal !== undefined) return name === literal ? NONE : undefined
      const m = exact.exec(name)
      if (m === null) return undefined
      const groups = m.groups as Record<string, string>
      const out: Record<string, unknown> = {}
      for (let i = 0; i < names.length; i++) {
        const key = names[i] as string
        try {
          out[key] = (converters.get(key) as Converter).toValue(groups[`v${i}`] as string)
        } catch {
          return undefined
        }
      }
      return out
    },
    build(values) {
      let out = ''
      for (const piece of pieces) out += piece(values)
      return out.toLowerCase() + port
    },
  }
}

/** A `serverName` as its host name (lower-cased) and its port (':3000', or ''). */
export function splitServerName(serverName: string): { name: string; port: string } {
  const at = serverName.startsWith('[') ? serverName.indexOf(']') + 1 : serverName.lastIndexOf(':')
  return {
    name: hostName(serverName),
    port: at > 0 && serverName[at] === ':' ? serverName.slice(at) : '',
  }
}
