import { InvalidURLRule } from '../errors.ts'
import { parseRule } from './rule.ts'
import { UrlPattern } from './url.ts'

/**
 * Flask's BlueprintSetupState.add_url_rule: the prefix, one '/', then the rule without its
 * leading slashes; a rule written '' is the prefix itself. No prefix leaves the rule as it is.
 * @example joinRule('/foo/', '//bar') // '/foo/bar'
 */
export function joinRule(prefix: string | undefined, rule: string): string {
  if (prefix === undefined) return rule
  if (rule === '') return prefix
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`
}

const NO_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({})

/**
 * A module's pattern as it is mounted: its rule under the module's url prefix and the
 * registration's defaults under its own (Flask's `url_defaults=`). Joined once, at start-up,
 * so a prefixed rule costs a request what any other rule does. A relative rule
 * (`url('edit', view)`) needs a prefix.
 */
export function mountedPattern(
  pattern: UrlPattern,
  prefix: string | undefined,
  defaults: Readonly<Record<string, unknown>> = NO_DEFAULTS,
): UrlPattern {
  const own = pattern.relative ? pattern.rule.slice(1) : pattern.rule
  if (prefix === undefined && pattern.relative) {
    throw new InvalidURLRule(
      own,
      "a rule starts with '/' (written without one, it is relative to its module's url prefix, and the module has none)",
      0,
    )
  }
  const noDefaults = defaults === NO_DEFAULTS || Object.keys(defaults).length === 0
  if (prefix === undefined && noDefaults) return pattern
  const rule = joinRule(prefix, own)
  return new UrlPattern(
    rule === pattern.rule ? pattern.parsed : parseRule(rule),
    pattern.view,
    pattern.name,
    pattern.methods,
    pattern.extras,
    noDefaults ? pattern.defaults : { ...defaults, ...pattern.defaults },
    pattern.strictSlashes,
    pattern.host,
    pattern.subdomain,
  )
}
