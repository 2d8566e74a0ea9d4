import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { checkEnvironment, compiledSource } from '../../src/templates/loader.ts'
import { createNunjucksEngine } from '../../src/templates/nunjucks.ts'

/**
 * Jinja's own template cases (pallets/jinja tests/*.py), as a table: each row is compiled
 * as `check` compiles it, then rendered through the engine reply.render uses
 * (createNunjucksEngine: our Environments, Jinja's additions scoped to them), and asserts
 * what Jinja asserts, or, where nunjucks cannot give Jinja's answer, the documented
 * different answer (listed in docs/jinja.md with its reason).
 */

/** Where nunjucks answers otherwise than Jinja, and what it answers instead. */
export interface Difference {
  /** Why, in one sentence (docs/jinja.md repeats it). */
  readonly reason: string
  /** The nunjucks file:line where the difference lives (node_modules/nunjucks/...). */
  readonly where: string
  /** What our engine renders instead, or the error it throws (at compile time or rendering). */
  readonly renders?: string
  readonly throws?: RegExp
}

export interface JinjaCase {
  /** The origin, `Class::test_name` (with a parametrisation or a part in brackets). */
  readonly origin: string
  /** The template, or several by name (the first is rendered). */
  readonly template: string | Readonly<Record<string, string>>
  readonly context?: Readonly<Record<string, unknown>>
  /** Rendered once with each (one compilation): the outputs joined by `|`. */
  readonly contexts?: readonly Readonly<Record<string, unknown>>[]
  /** Jinja's Environment(autoescape=True). */
  readonly autoescape?: boolean
  /** Jinja's trim_blocks and lstrip_blocks (the engine's trimBlocks, lstripBlocks). */
  readonly trimBlocks?: boolean
  readonly lstripBlocks?: boolean
  /** Jinja's env.globals and env.filters (the engine's globals and filters). */
  readonly globals?: Readonly<Record<string, unknown>>
  // biome-ignore lint/suspicious/noExplicitAny: filters take anything
  readonly filters?: Readonly<Record<string, (...args: any[]) => any>>
  /** What Jinja renders. */
  readonly expected?: string
  /** Jinja raises (TemplateSyntaxError at compile time, or an error rendering): ours must too, matching. */
  readonly raises?: RegExp
  /** Jinja only compiles the template (`env.from_string(…)`): ours must compile it too. */
  readonly compiles?: true
  /** How Jinja compares the output: `.split()` (words) or `.strip()`. */
  readonly compare?: 'words' | 'strip'
  readonly differs?: Difference
}

/** Case names as the tests name them: `jinja tests/test_filters.py::TestFilter::test_x`. */
export const caseName = (file: string, origin: string): string => `jinja tests/${file}::${origin}`

/** What a row gives: its output, or the error of its compilation (as `check` compiles) or render. */
type Outcome = { readonly out: string } | { readonly error: Error }

async function outcome(row: JinjaCase): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'fms-jinja-'))
  try {
    const templates = typeof row.template === 'string' ? { 'case.txt': row.template } : row.template
    const env = checkEnvironment()
    for (const [name, source] of Object.entries(templates)) {
      writeFileSync(join(dir, name), source)
      const compiled = compiledSource(source, env, name, join(dir, name), null)
      if (compiled instanceof Error) return { error: compiled }
    }
    if (row.compiles) return { out: '' }
    const engine = createNunjucksEngine({
      rootDir: dir,
      autoescape: row.autoescape ?? false,
      trimBlocks: row.trimBlocks ?? false,
      lstripBlocks: row.lstripBlocks ?? false,
      globals: row.globals ?? {},
      filters: row.filters ?? {},
    })
    const first = Object.keys(templates)[0] as string
    const outs: string[] = []
    for (const context of row.contexts ?? [row.context]) {
      const out = await engine.render(first, { ...context }, { module: null, globals: {} })
      outs.push(
        row.compare === 'words'
          ? out.split(/\s+/).filter(Boolean).join(' ')
          : row.compare === 'strip'
            ? out.trim()
            : out,
      )
    }
    return { out: outs.join('|') }
  } catch (error) {
    return { error: error as Error }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const describeOutcome = (got: Outcome): string =>
  'out' in got ? `renders ${JSON.stringify(got.out)}` : `throws ${got.error.message}`

/** Whether `got` is what Jinja gives for `row`. */
function asJinja(row: JinjaCase, got: Outcome): boolean {
  if (row.raises !== undefined) return 'error' in got && row.raises.test(got.error.message)
  if (row.compiles) return 'out' in got
  return 'out' in got && got.out === row.expected
}

/** One describe per upstream file: each row a test named after its origin. */
export function jinjaCases(file: string, rows: readonly JinjaCase[]): void {
  describe(`Jinja's tests/${file}`, () => {
    for (const row of rows) {
      it(caseName(file, row.origin), async () => {
        const kinds = [row.expected !== undefined, row.raises !== undefined, row.compiles === true]
        assert.equal(kinds.filter(Boolean).length, 1, 'one of expected, raises, compiles')
        const got = await outcome(row)
        const difference = row.differs
        if (difference === undefined) {
          assert.ok(
            asJinja(row, got),
            `${describeOutcome(got)}, Jinja: ${row.expected ?? row.raises}`,
          )
          return
        }
        assert.ok(!asJinja(row, got), 'now passes as Jinja: drop `differs`')
        if (difference.throws !== undefined) {
          assert.ok('error' in got, describeOutcome(got))
          assert.match(got.error.message, difference.throws)
        } else {
          assert.ok('out' in got, describeOutcome(got))
          assert.equal(got.out, difference.renders)
        }
      })
    }
  })
}
