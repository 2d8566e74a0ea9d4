import { show } from '../show.ts'
import type { Converter } from './converters.ts'
import type { RuleVariable } from './rule.ts'
import type { UrlPattern } from './url.ts'

/** Thrown by a builder to say why a URL cannot be built; urlFor turns it into a BuildError. */
export class BuildRefusal extends Error {}

/** How a rule is built back into a path: literal text and converter slots. */
export interface Builder {
  readonly endpoint: string
  readonly rule: string
  readonly methods: readonly string[]
  /** Names of the values the path uses; any other value goes to the query string. */
  readonly names: ReadonlySet<string>
  /** Builds the path from values; throws a BuildRefusal saying what is wrong. */
  build(values: Readonly<Record<string, unknown>>): string
}

/** A rule's variable with its converter, as the builder needs it. */
export interface BuildSlot {
  readonly variable: RuleVariable
  readonly converter: Converter
}

/** The builder of one rule: its leading text, then (slot, text after it) steps. */
export function makeBuilder(
  endpoint: string,
  pattern: UrlPattern,
  slots: readonly BuildSlot[],
  methods: readonly string[],
): Builder {
  const converters = new Map(slots.map((slot) => [slot.variable.name, slot.converter]))
  // The rule as its leading text, then (slot, text after it) pairs: built without a branch per part.
  const { parts } = pattern.parsed
  let head = ''
  const steps: { name: string; converter: Converter; after: string }[] = []
  for (const part of parts) {
    const last = steps.at(-1)
    if (typeof part !== 'string')
      steps.push({ name: part.name, converter: converters.get(part.name) as Converter, after: '' })
    else if (last === undefined) head += part
    else last.after += part
  }
  const refused = (name: string, value: unknown): BuildRefusal =>
    value === undefined || value === null
      ? new BuildRefusal(`missing a value for '${name}' in rule '${pattern.rule}'`)
      : new BuildRefusal(
          `the value ${show(value)} for '${name}' is refused by its converter in rule '${pattern.rule}'`,
        )
  return {
    endpoint,
    rule: pattern.rule,
    methods,
    names: new Set(converters.keys()),
    build(values) {
      let out = head
      for (const { name, converter, after } of steps) {
        const value = values[name]
        if (value === undefined || value === null) throw refused(name, value)
        try {
          out += converter.toUrl(value) + after
        } catch {
          throw refused(name, value)
        }
      }
      return out
    },
  }
}
