import type { Converter } from './converters.ts'
import type { HostMatch } from './host-rule.ts'
import type { ParsedRule } from './rule.ts'

/**
 * Werkzeug's matching (`routing/matcher.py`), for the rules the router alone cannot
 * decide: rules become a tree of path parts; at each part the static transition is tried
 * first, then the dynamic ones in weight order, and a converter that refuses a value lets
 * the next transition try. The same tree answers 405 (the union of the methods of every
 * rule matching the path) and 308 (a missing trailing slash).
 */

/** Werkzeug's Weighting, compared as a tuple: fewer static parts… first, see `compareWeights`. */
export interface Weight {
  readonly staticCount: number
  readonly statics: readonly (readonly [number, number])[]
  readonly argCount: number
  readonly args: readonly number[]
}

interface StaticPart {
  readonly kind: 'static'
  readonly text: string
}

interface DynamicPart {
  readonly kind: 'dynamic'
  /**
   * The anchored regex source, with 'F' before it for a final part (the key under which
   * equal parts share a state; the matcher compiles it when it builds its tree).
   */
  readonly source: string
  /** Variables captured by the part, in order (groups `v0`, `v1`, …). */
  readonly names: readonly string[]
  /** Takes the rest of the path (a converter spanning slashes, Werkzeug's part_isolating=False). */
  readonly final: boolean
  /** A final part followed by '/': the slash is optional in the regex, so it can redirect. */
  readonly suffixed: boolean
  readonly weight: Weight
  /** Literal text before the part's first variable, and after its last. */
  readonly lead: string
  readonly tail: string
}

export type RulePart = StaticPart | DynamicPart

/** A rule as the matcher keeps it. */
export interface MatchRule {
  readonly id: number
  readonly rule: string
  readonly parts: readonly RulePart[]
  /** Methods the rule answers (HEAD is implied by GET). */
  readonly methods: ReadonlySet<string>
  readonly strictSlashes: boolean
  readonly converters: ReadonlyMap<string, Converter>
  readonly defaults: Readonly<Record<string, unknown>>
  /** The host it answers only: for other hosts it is not there (no match, no 405, no 308). */
  readonly host?: HostMatch | undefined
}

export type MatchResult =
  | { readonly kind: 'match'; readonly rule: MatchRule; readonly values: Record<string, unknown> }
  /** The path routes with a trailing slash: redirect there. */
  | { readonly kind: 'slash' }
  /** Nothing for this method; `allowed` holds the methods of the rules matching the path. */
  | { readonly kind: 'none'; readonly allowed: ReadonlySet<string> }

/**
 * One RegExp per part source, shared by every matcher: made when a matcher first puts a part
 * of that source in its tree (only rules that could meet another are in a matcher).
 */
const regexes = new Map<string, RegExp>()
const compiled = (part: DynamicPart): RegExp => {
  let regex = regexes.get(part.source)
  if (regex === undefined) {
    regex = new RegExp(part.final ? part.source.slice(1) : part.source, 's')
    regexes.set(part.source, regex)
  }
  return regex
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** Werkzeug's converter weights: numbers before strings before paths. */
export const converterWeight = (converter: Converter): number =>
  converter.weight ?? (converter.slashes ? 200 : 100)

/**
 * Equal parts of different rules, made once: an app's rules repeat the same few
 * (`<int:id>`, each static segment), and parts are never changed once made.
 */
export type PartTable = Map<string, RulePart>

/**
 * Splits a parsed rule into Werkzeug's parts: one per path segment, except that a
 * converter taking slashes makes the rest of the rule one final part. With a table,
 * a part equal to one already in it is that one.
 */
export function ruleParts(
  parsed: ParsedRule,
  converters: ReadonlyMap<string, Converter>,
  table: PartTable = new Map(),
): RulePart[] {
  const out: RulePart[] = []
  let content = ''
  let literal = ''
  let isStatic = true
  let final = false
  /** Lengths of the part's static texts, in order (Werkzeug's static weights). */
  let statics: number[] = []
  let args: number[] = []
  let names: string[] = []
  let lead = ''
  let tail = ''
  const flush = (suffixed: boolean): void => {
    const source = `${final ? 'F' : ''}^${content}$`
    // Everything a part holds is in its key: neither its names nor its weight (a
    // converter's weight is its own) are in its source.
    const key = isStatic
      ? `s${literal}`
      : `d${source}\0${names.join(',')}\0${args.join(',')}\0${statics.join(',')}\0${lead}\0${tail}\0${suffixed}`
    let part = table.get(key)
    if (part === undefined) {
      part = isStatic
        ? { kind: 'static', text: literal }
        : {
            kind: 'dynamic',
            source,
            names,
            final,
            suffixed,
            weight: {
              staticCount: -statics.length,
              statics: statics.map((length, index) => [index, -length] as const),
              argCount: -args.length,
              args,
            },
            lead,
            tail,
          }
      table.set(key, part)
    }
    out.push(part)
    content = ''
    literal = ''
    isStatic = true
    final = false
    statics = []
    args = []
    names = []
    lead = ''
    tail = ''
  }
  const addStatic = (text: string): void => {
    if (text === '') return
    statics.push(text.length)
    literal += text
    content += escapeRegex(text)
    if (isStatic) lead += text
    else tail += text
  }
  for (const part of parsed.parts) {
    if (typeof part === 'string') {
      const chunks = part.split('/')
      chunks.forEach((chunk, index) => {
        if (index > 0) {
          if (final) {
            // Inside a final part a slash is text of its regex, not a static weight (Werkzeug).
            literal += '/'
            content += '\\/'
            tail += '/'
            addStatic(chunk)
            return
          }
          flush(false)
        }
        addStatic(chunk)
      })
      continue
    }
    const converter = converters.get(part.name) as Converter
    isStatic = false
    tail = ''
    if (converter.slashes) final = true
    content += `(?<v${names.length}>${converter.regex})`
    names.push(part.name)
    args.push(converterWeight(converter))
  }
  if (final && content.endsWith('\\/')) {
    // '/<path:p>/': the slash is optional to the regex, so a missing one can redirect.
    content = `${content.slice(0, -2)}(?<!/)(?<suffix>/?)`
    literal = literal.slice(0, -1)
    flush(true)
    out.push({ kind: 'static', text: '' })
  } else flush(false)
  // The first part is the empty text before the rule's leading '/'.
  return out.slice(1)
}

const compareLists = <T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmp(a[i] as T, b[i] as T)
    if (c !== 0) return c
  }
  return a.length - b.length
}

/** Python's tuple order over Werkzeug's Weighting: the smaller is tried first. */
export function compareWeights(a: Weight, b: Weight): number {
  return (
    a.staticCount - b.staticCount ||
    compareLists(a.statics, b.statics, (x, y) => x[0] - y[0] || x[1] - y[1]) ||
    a.argCount - b.argCount ||
    compareLists(a.args, b.args, (x, y) => x - y)
  )
}

interface State {
  readonly static: Map<string, State>
  readonly dynamic: { part: DynamicPart; regex: RegExp; state: State }[]
  readonly rules: MatchRule[]
}

const newState = (): State => ({ static: new Map(), dynamic: [], rules: [] })

/** Methods a request's method may be answered by: HEAD by a GET rule. */
const answers = (rule: MatchRule, method: string): boolean =>
  rule.methods.has(method) || (method === 'HEAD' && rule.methods.has('GET'))

class SlashRequired {}
const SLASH = new SlashRequired()

/** Decodes one raw path segment; undefined when it is not valid percent-encoding. */
const decode = (raw: string): string | undefined => {
  if (!raw.includes('%')) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/**
 * The rules of an app in Werkzeug's state machine. `match` takes a raw (percent-encoded)
 * path, without query string.
 */
export class Matcher {
  readonly #root = newState()
  readonly #maxParamLength: number
  #sorted = true

  constructor(options: { maxParamLength?: number } = {}) {
    this.#maxParamLength = options.maxParamLength ?? 100
  }

  readonly #pending: MatchRule[] = []

  /** Queues a rule: the tree is built on the first match, so start-up pays nothing for it. */
  add(rule: MatchRule): void {
    this.#pending.push(rule)
  }

  #insert(rule: MatchRule): void {
    let state = this.#root
    for (const part of rule.parts) {
      if (part.kind === 'static') {
        let next = state.static.get(part.text)
        if (next === undefined) {
          next = newState()
          state.static.set(part.text, next)
        }
        state = next
        continue
      }
      const found = state.dynamic.find((d) => d.part.source === part.source)
      if (found !== undefined) state = found.state
      else {
        const next = newState()
        state.dynamic.push({ part, regex: compiled(part), state: next })
        state = next
      }
    }
    state.rules.push(rule)
    this.#sorted = false
  }

  #sort(state: State): void {
    // Stable: parts of equal weight keep the order their rules were added in.
    state.dynamic.sort((a, b) => compareWeights(a.part.weight, b.part.weight))
    // A rule of a host is tried before one of every host, as find-my-way prefers a constrained route.
    state.rules.sort((a, b) => Number(b.host !== undefined) - Number(a.host !== undefined))
    for (const next of state.static.values()) this.#sort(next)
    for (const { state: next } of state.dynamic) this.#sort(next)
  }

  /**
   * Finds the rule for `method` and `path`, as Werkzeug's StateMachineMatcher.match; `host`
   * (the request's Host header) is read by host rules only.
   */
  match(method: string, path: string, host?: string): MatchResult {
    if (this.#pending.length > 0) {
      for (const rule of this.#pending) this.#insert(rule)
      this.#pending.length = 0
    }
    if (!this.#sorted) {
      this.#sort(this.#root)
      this.#sorted = true
    }
    const allowed = new Set<string>()
    if (path.charCodeAt(0) !== 47 /* '/' */) return { kind: 'none', allowed }
    const raw = path.split('/').slice(1)
    const parts: string[] = []
    for (const segment of raw) {
      const decoded = decode(segment)
      if (decoded === undefined) return { kind: 'none', allowed }
      parts.push(decoded)
    }
    const max = this.#maxParamLength
    const collect = (rule: MatchRule): void => {
      for (const m of rule.methods) allowed.add(m)
      if (rule.methods.has('GET')) allowed.add('HEAD')
    }
    const accept = (
      rule: MatchRule,
      captured: readonly [string, string][],
    ): Record<string, unknown> | undefined => {
      let values: Record<string, unknown> = {}
      if (rule.host !== undefined) {
        const own = rule.host.values(host)
        if (own === undefined) return undefined
        values = { ...own }
      }
      for (const [name, text] of captured) {
        try {
          values[name] = (rule.converters.get(name) as Converter).toValue(text)
        } catch {
          return undefined
        }
      }
      for (const key in rule.defaults) values[key] = rule.defaults[key]
      return values
    }
    type Found = { rule: MatchRule; values: Record<string, unknown> }
    const endRules = (
      rules: readonly MatchRule[],
      captured: readonly [string, string][],
      strictOnly: boolean,
    ): Found | undefined => {
      for (const rule of rules) {
        if (strictOnly && rule.strictSlashes) continue
        if (!answers(rule, method)) {
          // Werkzeug counts a rule for 405 once its parts match; its converters must accept too.
          if (accept(rule, captured) !== undefined) collect(rule)
          continue
        }
        const values = accept(rule, captured)
        if (values !== undefined) return { rule, values }
      }
      return undefined
    }
    const walk = (
      state: State,
      index: number,
      captured: readonly [string, string][],
    ): Found | undefined => {
      if (index === parts.length) {
        const found = endRules(state.rules, captured, false)
        if (found !== undefined) return found
        const slashed = state.static.get('')
        if (slashed !== undefined) {
          for (const rule of slashed.rules) {
            if (!answers(rule, method) || accept(rule, captured) === undefined) continue
            if (rule.strictSlashes) throw SLASH
            return { rule, values: accept(rule, captured) as Record<string, unknown> }
          }
        }
        return undefined
      }
      const part = parts[index] as string
      const next = state.static.get(part)
      if (next !== undefined) {
        const found = walk(next, index + 1, captured)
        if (found !== undefined) return found
      }
      for (const { part: test, regex, state: target } of state.dynamic) {
        let text = part
        if (test.final) text = parts.slice(index).join('/')
        else if ((raw[index] as string).length > max) continue
        const m = regex.exec(text)
        if (m === null) continue
        const groups = m.groups as Record<string, string>
        const more: [string, string][] = [...captured]
        test.names.forEach((name, i) => {
          more.push([name, groups[`v${i}`] as string])
        })
        let found: Found | undefined
        if (test.suffixed && groups.suffix === '/') {
          // The slash the final part took belongs to the static '' part after it.
          const after = target.static.get('')
          found = after === undefined ? undefined : endRules(after.rules, more, false)
        } else found = walk(target, test.final ? parts.length : index + 1, more)
        if (found !== undefined) return found
      }
      if (index === parts.length - 1 && part === '') {
        // A trailing slash the rule does not want, and it does not insist (strictSlashes: false).
        const found = endRules(state.rules, captured, true)
        if (found !== undefined) return found
      }
      return undefined
    }
    try {
      const found = walk(this.#root, 0, [])
      if (found !== undefined) return { kind: 'match', rule: found.rule, values: found.values }
    } catch (error) {
      if (error === SLASH) return { kind: 'slash' }
      throw error
    }
    return { kind: 'none', allowed }
  }
}
