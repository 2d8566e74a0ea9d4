import { InvalidURLRule } from '../errors.ts'
import type { ConverterArg, ConverterArgs } from './converters.ts'

/** One `<converter(args):name>` of a rule. */
export interface RuleVariable {
  readonly name: string
  readonly converter: string
  readonly args: ConverterArgs
  /** Where the variable starts in the rule, for messages. */
  readonly position: number
}

/** A rule split into literal text and variables, in order. */
export interface ParsedRule {
  readonly rule: string
  readonly parts: readonly (string | RuleVariable)[]
  readonly variables: readonly RuleVariable[]
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const NO_ARGS: ConverterArgs = Object.freeze({ positional: [], named: {} })

/**
 * Parses a Werkzeug-style rule: `/board/<int:id>/<slug>`, `<path:p>`, `<any(a, b):kind>`.
 * Throws InvalidURLRule with the position of the problem.
 */
export function parseRule(rule: unknown, kind: 'path' | 'host' = 'path'): ParsedRule {
  if (typeof rule !== 'string' || rule === '') {
    throw new InvalidURLRule(rule, 'a rule must be a non-empty string')
  }
  // A host rule (`<tenant>.example.com`) is written without the path's leading '/'.
  if (kind === 'path' && !rule.startsWith('/'))
    throw new InvalidURLRule(rule, "a rule starts with '/'", 0)
  const parts: (string | RuleVariable)[] = []
  const variables: RuleVariable[] = []
  // Where the literal text being read starts: it is cut out of the rule in one piece (a
  // string grown a character at a time is a chain of pieces the rule keeps alive).
  let literal = 0
  let i = 0
  while (i < rule.length) {
    const char = rule[i] as string
    if (char === '>') throw new InvalidURLRule(rule, "'>' without a matching '<'", i)
    if (char === '?' || char === '#') {
      throw new InvalidURLRule(rule, 'a rule holds no query string or fragment', i)
    }
    if (char === '*') {
      throw new InvalidURLRule(
        rule,
        "'*' is not allowed (the router reads it as a wildcard): use <path:name>",
        i,
      )
    }
    if (char !== '<') {
      i++
      continue
    }
    const end = rule.indexOf('>', i)
    if (end === -1) throw new InvalidURLRule(rule, "'<' is never closed by '>'", i)
    const variable = parseVariable(rule, rule.slice(i + 1, end), i)
    if (variables.some((seen) => seen.name === variable.name)) {
      throw new InvalidURLRule(rule, `the variable '${variable.name}' appears twice`, i)
    }
    if (literal < i) parts.push(rule.slice(literal, i))
    parts.push(variable)
    variables.push(variable)
    i = end + 1
    literal = i
  }
  if (literal < rule.length) parts.push(rule.slice(literal))
  return { rule, parts, variables }
}

function parseVariable(rule: string, body: string, position: number): RuleVariable {
  const colon = body.lastIndexOf(':')
  const name = (colon === -1 ? body : body.slice(colon + 1)).trim()
  if (!IDENTIFIER.test(name)) {
    throw new InvalidURLRule(
      rule,
      `'${name}' is not a variable name (letters, digits and '_', not starting with a digit)`,
      position,
    )
  }
  if (colon === -1) return { name, converter: 'default', args: NO_ARGS, position }
  const spec = body.slice(0, colon).trim()
  const open = spec.indexOf('(')
  const converter = (open === -1 ? spec : spec.slice(0, open)).trim()
  if (!IDENTIFIER.test(converter)) {
    throw new InvalidURLRule(rule, `'${converter}' is not a converter name`, position + 1)
  }
  if (open === -1) return { name, converter, args: NO_ARGS, position }
  if (!spec.endsWith(')')) {
    throw new InvalidURLRule(
      rule,
      `the arguments of '${converter}' are not closed by ')'`,
      position,
    )
  }
  const args = parseArgs(rule, spec.slice(open + 1, -1), position + 1 + open)
  return { name, converter, args, position }
}

const ARG = /^\s*(?:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)?("[^"]*"|'[^']*'|[^,'"=]+?)\s*(?:,|$)/

function parseArgs(rule: string, text: string, position: number): ConverterArgs {
  const positional: ConverterArg[] = []
  const named: Record<string, ConverterArg> = {}
  let rest = text
  while (rest.trim() !== '') {
    const match = ARG.exec(rest)
    if (match === null) {
      throw new InvalidURLRule(
        rule,
        `cannot read the converter arguments '${text}'`,
        position + text.length - rest.length,
      )
    }
    const value = argValue(match[2] as string)
    if (match[1] !== undefined) named[match[1]] = value
    else positional.push(value)
    rest = rest.slice(match[0].length)
  }
  return { positional, named }
}

function argValue(text: string): ConverterArg {
  if (/^(["']).*\1$/.test(text)) return text.slice(1, -1)
  if (text === 'True' || text === 'true') return true
  if (text === 'False' || text === 'false') return false
  if (text === 'None' || text === 'null') return null
  const n = Number(text)
  return Number.isNaN(n) ? text : n
}
