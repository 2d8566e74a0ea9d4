// Type-check cost of typed routes: a generated app of 200 routes (20 modules x 10), every
// view calling urlFor, type-checked with its routes.d.ts (typed) and without (untyped).
// Prints the ratio; run with `node bench/typecheck.ts` (npm run bench runs it too).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { routeTypes } from '../src/urls/routes-file.ts'

const MODULES = 20
const ROUTES = 10
const RUNS = Number(process.env.BENCH_TYPE_RUNS ?? 3)
const here = import.meta.dirname
const tsc = join(here, '..', 'node_modules', '.bin', 'tsc')

/** Writes the app; returns its folder. */
function generate(): string {
  const root = mkdtempSync(join(here, '.typecheck-'))
  const rules: { endpoint: string; rule: string }[] = []
  for (let m = 0; m < MODULES; m++) {
    const name = `m${m}`
    const dir = join(root, 'modules', name)
    mkdirSync(dir, { recursive: true })
    const urls: string[] = []
    const views: string[] = []
    for (let r = 0; r < ROUTES; r++) {
      const rule = `/${name}/r${r}/<int:id>/<slug>`
      rules.push({ endpoint: `${name}.r${r}`, rule })
      urls.push(`  url('${rule}', views.v${r}, 'r${r}'),`)
      const next = `${name}.r${(r + 1) % ROUTES}`
      views.push(
        `export const v${r}: View<'${rule}'> = (request) =>\n  request.urlFor('${next}', { id: request.params.id + 1, slug: request.params.slug })`,
      )
    }
    writeFileSync(
      join(dir, 'urls.ts'),
      `import { url } from 'fastify-microservices'\nimport * as views from './views.ts'\n\nexport const urlpatterns = [\n${urls.join('\n')}\n]\n`,
    )
    writeFileSync(
      join(dir, 'views.ts'),
      `import type { View } from 'fastify-microservices'\n\n${views.join('\n\n')}\n`,
    )
  }
  writeFileSync(join(root, 'routes.d.ts'), routeTypes(rules))
  return root
}

function tsconfig(root: string, typed: boolean): string {
  const file = join(root, `tsconfig.${typed ? 'typed' : 'untyped'}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      extends: '../../tsconfig.json',
      include: ['modules', ...(typed ? ['routes.d.ts'] : [])],
      exclude: [],
    }),
  )
  return file
}

function time(project: string): number {
  const start = process.hrtime.bigint()
  execFileSync(tsc, ['-p', project, '--noEmit'], { stdio: 'inherit' })
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** Runs the measurement; returns the medians in milliseconds. */
export function measureTypecheck(): { typed: number; untyped: number; routes: number } {
  const root = generate()
  try {
    const typed: number[] = []
    const untyped: number[] = []
    for (let i = 0; i < RUNS; i++) {
      untyped.push(time(tsconfig(root, false)))
      typed.push(time(tsconfig(root, true)))
    }
    return { typed: median(typed), untyped: median(untyped), routes: MODULES * ROUTES }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const { typed, untyped, routes } = measureTypecheck()
  console.log(
    `type-check of ${routes} routes: ${typed.toFixed(0)} ms typed, ${untyped.toFixed(0)} ms untyped (ratio ${(typed / untyped).toFixed(2)})`,
  )
}
