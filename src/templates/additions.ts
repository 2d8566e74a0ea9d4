import type nunjucks from 'nunjucks'

// biome-ignore lint/suspicious/noExplicitAny: nunjucks filters and tests take anything
type TemplateFunction = (...args: any[]) => unknown

/** Filters, globals and tests that a blueprint adds to templates (Flask's template_filter…). */
export interface TemplateAdditions {
  readonly filters: Record<string, TemplateFunction>
  readonly globals: Record<string, unknown>
  readonly tests: Record<string, TemplateFunction>
}

/** A new, empty set of additions. */
export const noAdditions = (): TemplateAdditions => ({ filters: {}, globals: {}, tests: {} })

/** True when the set adds nothing. */
export const isEmpty = (additions: TemplateAdditions | undefined): boolean =>
  additions === undefined ||
  (Object.keys(additions.filters).length === 0 &&
    Object.keys(additions.globals).length === 0 &&
    Object.keys(additions.tests).length === 0)

/** Adds `from` into `into` (later wins, as Flask's last registration does). */
export function mergeAdditions(into: TemplateAdditions, from: TemplateAdditions): void {
  Object.assign(into.filters, from.filters)
  Object.assign(into.globals, from.globals)
  Object.assign(into.tests, from.tests)
}

/** Gives an Environment the additions, through its public addFilter, addGlobal, addTest. */
export function applyAdditions(env: nunjucks.Environment, additions: TemplateAdditions): void {
  for (const [name, filter] of Object.entries(additions.filters)) env.addFilter(name, filter)
  for (const [name, value] of Object.entries(additions.globals)) env.addGlobal(name, value)
  // addTest is nunjucks' public API (its docs' "Custom Tests"); @types/nunjucks lacks it.
  const withTests = env as unknown as { addTest(name: string, test: TemplateFunction): void }
  for (const [name, test] of Object.entries(additions.tests)) withTests.addTest(name, test)
}
