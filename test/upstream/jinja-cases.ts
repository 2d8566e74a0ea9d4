import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { createNunjucksEngine } from '../../src/templates/nunjucks.ts'

/**
 * Jinja's own template cases (pallets/jinja tests/*.py), as a table: each row renders through
 * the engine reply.render uses (createNunjucksEngine: our Environments, Jinja's additions
 * scoped to them) and asserts what Jinja asserts, or, where nunjucks cannot give Jinja's
 * answer, the documented different answer (listed in docs/jinja.md with its reason).
 */

/** Where nunjucks answers otherwise than Jinja, and what it answers instead. */
export interface Difference {
  /** Why, in one sentence (docs/jinja.md repeats it). */
  readonly reason: string
  /** The nunjucks file:line where the difference lives (node_modules/nunjucks/...). */
  readonly where: string
  /** What our engine renders instead, or the error it throws. */
  readonly renders?: string
  readonly throws?: RegExp
}

export interface JinjaCase {
  /** The origin, `Class::test_name` (with a parametrisation in brackets). */
  readonly origin: string
  /** The template, or several by name (the first is rendered). */
  readonly template: string | Readonly<Record<string, string>>
  readonly context?: Readonly<Record<string, unknown>>
  /** Jinja's Environment(autoescape=True). */
  readonly autoescape?: boolean
  /** What Jinja renders. */
  readonly expected: string
  readonly differs?: Difference
}

/** Case names as the tests name them: `jinja tests/test_filters.py::TestFilter::test_x`. */
export const caseName = (file: string, origin: string): string => `jinja tests/${file}::${origin}`

async function render(row: JinjaCase): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fms-jinja-'))
  try {
    const templates = typeof row.template === 'string' ? { 'case.txt': row.template } : row.template
    for (const [name, source] of Object.entries(templates)) writeFileSync(join(dir, name), source)
    const engine = createNunjucksEngine({ rootDir: dir, autoescape: row.autoescape ?? false })
    const first = Object.keys(templates)[0] as string
    return await engine.render(first, { ...row.context }, { module: null, globals: {} })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** One describe per upstream file: each row a test named after its origin. */
export function jinjaCases(file: string, rows: readonly JinjaCase[]): void {
  describe(`Jinja's tests/${file}`, () => {
    for (const row of rows) {
      it(caseName(file, row.origin), async () => {
        const difference = row.differs
        if (difference === undefined) {
          assert.equal(await render(row), row.expected)
        } else if (difference.throws !== undefined) {
          await assert.rejects(render(row), difference.throws)
        } else {
          const out = await render(row)
          assert.notEqual(out, row.expected, 'now passes as Jinja: drop `differs`')
          assert.equal(out, difference.renders)
        }
      })
    }
  })
}
