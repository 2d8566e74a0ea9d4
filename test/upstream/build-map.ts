// A UrlMap made straight from rules, as Werkzeug's tests make a Map: one builder per rule,
// through the same makeBuilder start-up uses, endpoints named as the upstream test names them.
import { type Builder, makeBuilder } from '../../src/urls/builder.ts'
import { type ConverterDefinition, converterTable, instantiate } from '../../src/urls/converters.ts'
import { url } from '../../src/urls/url.ts'
import { UrlMap, type UrlMapOptions } from '../../src/urls/url-map.ts'

export interface TestRule {
  readonly rule: string
  readonly endpoint: string
  readonly methods?: readonly string[]
  readonly defaults?: Record<string, unknown>
}

const view = () => ''

/** The builder of one rule, converters resolved from the default table and `converters`. */
export function builderOf(
  { rule, endpoint, methods = ['GET'], defaults }: TestRule,
  converters: Record<string, ConverterDefinition> = {},
): Builder {
  const table = converterTable(converters)
  const pattern = url(rule, view, { name: 'x', methods, defaults })
  const byName = new Map(
    pattern.parsed.variables.map((variable) => [
      variable.name,
      instantiate(table[variable.converter] as ConverterDefinition, variable.args),
    ]),
  )
  return makeBuilder(endpoint, pattern, byName, pattern.methods)
}

/** A map of these rules, added in order. */
export function mapOf(
  rules: readonly TestRule[],
  options: UrlMapOptions = {},
  converters: Record<string, ConverterDefinition> = {},
): UrlMap {
  const map = new UrlMap(options)
  for (const rule of rules) map.add(builderOf(rule, converters))
  return map
}
