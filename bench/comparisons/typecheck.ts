import type { Section } from '../report.ts'
import { measureTypecheck } from '../typecheck.ts'
import type { Context } from './context.ts'

/** 8. bench/typecheck.ts: what typed routes cost the compiler (information, no target). */
export async function typecheck(context: Context): Promise<Section> {
  context.log('running 8: type-check cost of typed routes (tsc)')
  const { typed, untyped, routes } = measureTypecheck()
  return {
    id: 8,
    title: `Type-check of ${routes} typed routes: with routes.d.ts vs without (bench/typecheck.ts)`,
    head: ['Side', 'tsc --noEmit ms (median)'],
    rows: [
      ['typed (routes.d.ts included)', typed.toFixed(0)],
      ['untyped', untyped.toFixed(0)],
    ],
    checks: [{ name: 'typed / untyped, time to type-check', value: typed / untyped, unit: 'x' }],
    notes: [
      `${process.env.BENCH_TYPE_RUNS ?? 3} runs a side (BENCH_TYPE_RUNS), each view calling urlFor; not one of the issue's comparisons, so no target.`,
    ],
  }
}
