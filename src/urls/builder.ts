import { show } from '../show.ts'
import type { Converter } from './converters.ts'
import { quotePath } from './quote.ts'
import type { UrlPattern } from './url.ts'

/** Thrown by a builder to say why a URL cannot be built; urlFor turns it into a BuildError. */
export class BuildRefusal extends Error {}

/** How a rule's host is built (a host or subdomain rule): urlFor links there when it is another host. */
export interface HostBuilder {
  /** The host rule, as written (a subdomain joined to the server name). */
  readonly rule: string
  /** The host (and port, for a subdomain of a server name with one); throws a BuildRefusal. */
  build(values: Readonly<Record<string, unknown>>): string
}

/** How a rule is built back into a path: literal text and converter slots. */
export interface Builder {
  readonly endpoint: string
  readonly rule: string
  readonly methods: readonly string[]
  /**
   * Names of the values the rule takes: its variables and its defaults' keys (Werkzeug's
   * `Rule.arguments`). Any other value goes to the query string.
   */
  readonly names: ReadonlySet<string>
  /** The rule's defaults: a given value must equal them for this rule to be built. */
  readonly defaults?: Readonly<Record<string, unknown>> | undefined
  /** Builds the path from values; throws a BuildRefusal saying what is wrong. */
  build(values: Readonly<Record<string, unknown>>): string
  /**
   * A builder from values given in the order of `names` (exactly the rule's `names`), as
   * `build` but without an object per call: what templates compile their calls to.
   */
  positional?(names: readonly string[]): (values: readonly unknown[]) => string
  /** The rule's host, for a rule matched on its host; its variables are in `names`. */
  readonly host?: HostBuilder | undefined
}

interface Step {
  readonly name: string
  readonly converter: Converter
  /** The literal text after this variable, already percent-encoded. */
  after: string
}

/**
 * The builder of one rule: its leading text, then (slot, text after it) steps, literal text
 * percent-encoded once here (`/войти/` is built `/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/`).
 * A variable with a default (Werkzeug resolves it ahead of time) takes the default when no
 * value is given.
 */
export function makeBuilder(
  endpoint: string,
  pattern: UrlPattern,
  converters: ReadonlyMap<string, Converter>,
  methods: readonly string[],
): Builder {
  const defaults: Readonly<Record<string, unknown>> = pattern.defaults ?? {}
  const hasDefaults = Object.keys(defaults).length > 0
  let head = ''
  const steps: Step[] = []
  for (const part of pattern.parsed.parts) {
    const last = steps.at(-1)
    if (typeof part !== 'string')
      steps.push({ name: part.name, converter: converters.get(part.name) as Converter, after: '' })
    else if (last === undefined) head += quotePath(part)
    else last.after += quotePath(part)
  }
  const refused = (name: string, value: unknown): BuildRefusal =>
    value === undefined || value === null
      ? new BuildRefusal(`missing a value for '${name}' in rule '${pattern.rule}'`)
      : new BuildRefusal(
          `the value ${show(value)} for '${name}' is refused by its converter in rule '${pattern.rule}'`,
        )
  // One variable's text and the text after it; its default (resolved ahead, as Werkzeug) when no value is given.
  const piece = ({ name, converter, after }: Step) => {
    const fallback = defaults[name]
    return (given: unknown): string => {
      const value = given ?? fallback
      if (value === undefined || value === null) throw refused(name, value)
      let text: string
      try {
        text = converter.toUrl(value)
      } catch {
        throw refused(name, value)
      }
      return text + after
    }
  }
  const pieces = steps.map(piece)
  const [first, second] = pieces
  const [firstName = '', secondName = ''] = steps.map((step) => step.name)
  // Rules of one or two variables (most rules) are built without a loop.
  const build =
    first === undefined
      ? () => head
      : second === undefined
        ? (values: Readonly<Record<string, unknown>>) => head + first(values[firstName])
        : pieces.length === 2
          ? (values: Readonly<Record<string, unknown>>) =>
              head + first(values[firstName]) + second(values[secondName])
          : (values: Readonly<Record<string, unknown>>) => {
              let out = head
              for (let i = 0; i < pieces.length; i++)
                out += (pieces[i] as (given: unknown) => string)(values[(steps[i] as Step).name])
              return out
            }
  const positional = (order: readonly string[]) => {
    const at = steps.map((step) => order.indexOf(step.name))
    const [i = 0, j = 0] = at
    if (first === undefined) return () => head
    if (second === undefined) return (values: readonly unknown[]) => head + first(values[i])
    if (pieces.length === 2)
      return (values: readonly unknown[]) => head + first(values[i]) + second(values[j])
    return (values: readonly unknown[]) => {
      let out = head
      for (let k = 0; k < pieces.length; k++)
        out += (pieces[k] as (given: unknown) => string)(values[at[k] as number])
      return out
    }
  }
  const names = new Set([...converters.keys(), ...Object.keys(defaults)])
  return {
    endpoint,
    rule: pattern.rule,
    methods,
    names,
    defaults: hasDefaults ? defaults : undefined,
    build,
    positional,
  }
}
