// A UrlMap made straight from rules, as Werkzeug's tests make a Map: one builder per rule,
// through the same makeBuilder start-up uses, endpoints named as the upstream test names them.
import assert from 'node:assert/strict'
import { type Builder, makeBuilder } from '../../src/urls/builder.ts'
import { type ConverterDefinition, converterTable, instantiate } from '../../src/urls/converters.ts'
import type { UrlForValues } from '../../src/urls/typed-routes.ts'
import { url } from '../../src/urls/url.ts'
import { type UrlForScope, UrlMap, type UrlMapOptions } from '../../src/urls/url-map.ts'

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

/**
 * A UrlMap whose every urlFor also checks what templates compile `url_for` calls to: where
 * `prepare` gives a builder for the call, it builds the same URL, or fails with the same message.
 */
class PreparedAgrees extends UrlMap {
  #checking = false

  override urlFor(endpoint: string, given?: UrlForValues | null, scope?: UrlForScope): string {
    if (this.#checking || scope !== undefined) return super.urlFor(endpoint, given, scope)
    const values = given ?? {}
    const prepared = this.prepare(endpoint, Object.keys(values))
    const build = () => {
      this.#checking = true
      try {
        return prepared?.(Object.values(values))
      } finally {
        this.#checking = false
      }
    }
    let url: string
    try {
      url = super.urlFor(endpoint, given, scope)
    } catch (error) {
      if (prepared) assert.throws(build, { message: (error as Error).message })
      throw error
    }
    if (prepared) assert.equal(build(), url, `prepare('${endpoint}') builds what urlFor builds`)
    return url
  }
}

/** A map of these rules, added in order (its urlFor also checks `prepare`, see PreparedAgrees). */
export function mapOf(
  rules: readonly TestRule[],
  options: UrlMapOptions = {},
  converters: Record<string, ConverterDefinition> = {},
): UrlMap {
  const map = new PreparedAgrees(options)
  for (const rule of rules) map.add(builderOf(rule, converters))
  return map
}
