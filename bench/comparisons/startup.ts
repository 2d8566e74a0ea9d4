import { fileURLToPath } from 'node:url'
import { NODE, runForJson } from '../children.ts'
import { startupApp } from '../generate.ts'
import type { Section } from '../report.ts'
import { median, pairedRatio, spread } from '../stats.ts'
import type { Context } from './context.ts'

const SCRIPT = fileURLToPath(new URL('../measure-startup.ts', import.meta.url))

interface Startup {
  readonly buildMs: number
  readonly processMs: number
  readonly rss: number
  readonly heapUsed: number
  readonly routes: number
}

const SIDES = [
  { kind: 'modules', label: 'modules (MicroServicesApp)' },
  { kind: 'bare-plugins', label: 'bare Fastify, one plugin file per module' },
  { kind: 'bare-constrained', label: 'bare Fastify, plugin files, converter regexes' },
  { kind: 'bare-routes', label: 'bare Fastify, one loop, no files' },
] as const

const MB = 2 ** 20

/** 6. Time to ready and memory of N modules x 10 routes against bare Fastify. */
export async function startup(context: Context): Promise<Section> {
  const { settings, log } = context
  const count = settings.modules
  log(`running 6: start-up, ${count} modules x 10 routes`)
  const root = startupApp(count)
  const runs = new Map<string, Startup[]>(SIDES.map(({ kind }) => [kind, []]))
  for (let run = 0; run < settings.startupRuns; run++) {
    const order = run % 2 === 0 ? SIDES : [...SIDES].reverse()
    for (const { kind } of order) {
      const result = await runForJson<Startup>(
        NODE,
        ['--expose-gc', SCRIPT, kind, root, String(count)],
        { env: { ...process.env, NODE_ENV: 'production' } },
      )
      runs.get(kind)?.push(result)
      log(`  run ${run + 1}/${settings.startupRuns} ${kind}: ${result.buildMs.toFixed(0)} ms`)
    }
  }
  const of = (kind: string, field: keyof Startup) => (runs.get(kind) ?? []).map((r) => r[field])
  const perModule = (field: 'rss' | 'heapUsed', base: string) =>
    ((median(of('modules', field)) - median(of(base, field))) / count / 1024).toFixed(0)
  return {
    id: 6,
    title: `Start-up: ${count} modules x 10 routes vs bare Fastify with the same ${count * 10} routes`,
    head: [
      'Side',
      'build to ready ms',
      'spread',
      'process start to ready ms',
      'RSS MB',
      'heap MB',
      'routes',
    ],
    rows: SIDES.map(({ kind, label }) => [
      label,
      median(of(kind, 'buildMs')).toFixed(0),
      spread(of(kind, 'buildMs')),
      median(of(kind, 'processMs')).toFixed(0),
      (median(of(kind, 'rss')) / MB).toFixed(0),
      (median(of(kind, 'heapUsed')) / MB).toFixed(0),
      String(median(of(kind, 'routes'))),
    ]),
    checks: [
      {
        name: 'modules / bare Fastify plugins, time to ready',
        value: pairedRatio(of('modules', 'buildMs'), of('bare-plugins', 'buildMs')),
        unit: 'x',
        target: { op: '<=', value: 1.5 },
      },
      {
        name: 'modules / bare Fastify plugins with the regexes, time to ready',
        value: pairedRatio(of('modules', 'buildMs'), of('bare-constrained', 'buildMs')),
        unit: 'x',
      },
      {
        name: 'modules / bare Fastify one loop, time to ready',
        value: pairedRatio(of('modules', 'buildMs'), of('bare-routes', 'buildMs')),
        unit: 'x',
      },
    ],
    notes: [
      `Memory per module over bare Fastify with the same plugin files: ${perModule('rss', 'bare-plugins')} kB RSS, ${perModule('heapUsed', 'bare-plugins')} kB heap (after two full GCs; over the one-loop side: ${perModule('rss', 'bare-routes')} kB RSS, ${perModule('heapUsed', 'bare-routes')} kB heap).`,
      "Timed from just before the app is built (Fastify and fastify-microservices already imported, on every side) to `await app.ready()`, each run a fresh process; the module side imports each module's index.js, the plugin side each plugin file (the same count of files, plain .js). The target applies to the plugin side: same files, so the ratio is the cost of the module layer; the side with the converters' regexes in its paths (what the module layer hands find-my-way) shows how much of that is the router's.",
      "Rules per module: /, /about, <int:id>, <int:id>/edit (GET, POST), <slug>, <uuid:uid>, <path:rest>, <float:x>, <any(new, top):order>, <int:id>/<slug>; bare Fastify gets the same paths with plain :params and *. Route counts include the HEAD routes Fastify adds and, for modules, the static chain's routes (/static/* and /static_<module>/* for each module).",
    ],
  }
}
