// `npm run bench`: every comparison of the issue in one run, printed and written to
// bench/RESULTS.md. Servers run in child processes; see comparisons/ for each one.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Context } from './comparisons/context.ts'
import { converters } from './comparisons/converters.ts'
import { fallThrough } from './comparisons/fall-through.ts'
import { flask } from './comparisons/flask.ts'
import { hello } from './comparisons/hello.ts'
import { startup } from './comparisons/startup.ts'
import { statics } from './comparisons/static.ts'
import { templates } from './comparisons/templates.ts'
import { typecheck } from './comparisons/typecheck.ts'
import { urlFor } from './comparisons/url-for.ts'
import { choosePinning } from './cpus.ts'
import { deploy } from './deploy.ts'
import { cleanTmp } from './generate.ts'
import { currentLoad, describeMachine } from './machine.ts'
import { markdown, type Section, sectionText, summaryText } from './report.ts'

const number = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw} is not a number`)
  return value
}

const settings = {
  duration: number('BENCH_DURATION', 1),
  warmup: number('BENCH_WARMUP', 2),
  rounds: number('BENCH_ROUNDS', 15),
  connections: number('BENCH_CONNECTIONS', 10),
  pipelining: number('BENCH_PIPELINING', 1),
  startupRuns: number('BENCH_STARTUP_RUNS', 5),
  modules: number('BENCH_MODULES', 500),
  urlForCalls: number('BENCH_URLFOR_CALLS', 2e6),
  pinning: choosePinning(),
}

const COMPARISONS: readonly ((context: Context) => Promise<Section>)[] = [
  hello,
  converters,
  templates,
  statics,
  urlFor,
  startup,
  flask,
  typecheck,
  deploy,
  fallThrough,
]

const only = process.env.BENCH_ONLY?.trim() || undefined
const chosen = only
  ? new Set(only.split(',').map((id) => Number(id.trim())))
  : new Set(COMPARISONS.map((_, i) => i + 1))
const out = process.env.BENCH_OUT || fileURLToPath(new URL('./RESULTS.md', import.meta.url))

const machine = describeMachine()
const date = new Date()
console.log(
  `${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}, load ${machine.load.toFixed(2)}`,
)
console.log(
  `${settings.duration} s x ${settings.rounds} rounds (+${settings.warmup} s warm-up), ${settings.connections} connections, pipelining ${settings.pipelining}\n`,
)
const context: Context = { settings, log: (line) => console.log(line) }
// The generated trees go with the run, however it ends (children.ts ends the servers).
process.once('exit', cleanTmp)
const sections: Section[] = []
for (const [i, comparison] of COMPARISONS.entries()) {
  if (!chosen.has(i + 1)) continue
  // One comparison failing (a server that does not start…) must not lose the others.
  const section = await comparison(context).catch(
    (error: unknown): Section => ({
      id: i + 1,
      title: comparison.name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  )
  sections.push(section)
  console.log(`\n${sectionText(section)}\n`)
}
console.log(summaryText(sections))
writeFileSync(
  out,
  markdown({
    date,
    seconds: (Date.now() - date.getTime()) / 1000,
    machine,
    loadAtEnd: currentLoad(),
    settings,
    sections,
    ...(only ? { only } : {}),
  }),
)
console.log(`\nwritten to ${out}`)
