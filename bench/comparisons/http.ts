// What comparisons 1-4 and 7 share: targets loaded in turn, a table, ratios to targets.
import { type Refusal, runGroup, type Target } from '../load.ts'
import { type Check, integer, type Section } from '../report.ts'
import { median, pairedRatio, pairedRatios, quartiles, spread } from '../stats.ts'
import type { Context } from './context.ts'

export interface HttpComparison {
  readonly id: number
  readonly title: string
  readonly targets: readonly Target[]
  /** The label every row's ratio is taken against. */
  readonly base: string
  /** Ratios `a / b` by server CPU per request (req/s beside), against targets or for information. */
  readonly ratios: readonly {
    readonly name: string
    readonly a: string
    readonly b: string
    readonly target?: Check['target']
  }[]
  /** Refuses to measure when the targets do not answer alike; default: all 200, same body. */
  readonly refuse?: Refusal
  readonly notes?: readonly string[]
}

type Answers = Parameters<Refusal>[0]

/** Every target answers 200 with the same body (what a fair comparison needs). */
export const sameAnswers: Refusal = (answers: Answers) => {
  let first: { label: string; body: string } | undefined
  for (const [label, { status, body }] of answers) {
    if (status !== 200) return `${label} answered ${status}`
    first ??= { label, body }
    if (body !== first.body)
      return `${label} answered another body than ${first.label}: ${JSON.stringify(body.slice(0, 80))}`
  }
  return undefined
}

function typesNote(answers: Answers): string | undefined {
  const types = new Map<string, string[]>()
  for (const [label, { type }] of answers) types.set(type, [...(types.get(type) ?? []), label])
  if (types.size < 2) return undefined
  return `content types differ: ${[...types].map(([type, labels]) => `${labels.join(', ')}: ${type}`).join('; ')}`
}

export async function runHttpComparison(spec: HttpComparison, context: Context): Promise<Section> {
  const { settings, log } = context
  const notes = [...(spec.notes ?? [])]
  const refuse: Refusal = (answers) => {
    const note = typesNote(answers)
    if (note !== undefined) notes.push(note)
    return (spec.refuse ?? sameAnswers)(answers)
  }
  log(`running ${spec.id}: ${spec.title}`)
  const result = await runGroup(spec.targets, settings, refuse, log)
  if ('skipped' in result) return { id: spec.id, title: spec.title, skipped: result.skipped }
  const rps = (label: string) => (result.get(label) ?? []).map((m) => m.rps)
  const cpu = (label: string) => (result.get(label) ?? []).map((m) => m.cpuUs)
  const cpuKnown = (label: string) => cpu(label).every(Number.isFinite)
  const baseCpu = cpu(spec.base)
  const fixed = (value: number, digits: number) =>
    Number.isFinite(value) ? value.toFixed(digits) : '-'
  const rows = spec.targets.map(({ label, path }) => {
    const measured = result.get(label) ?? []
    const [low, high] = quartiles(cpu(label))
    return [
      label,
      path,
      fixed(median(cpu(label)), 1),
      cpuKnown(label) ? `${low.toFixed(1)} to ${high.toFixed(1)}` : '-',
      integer(median(rps(label))),
      spread(rps(label)),
      median(measured.map((m) => m.p50)).toFixed(1),
      median(measured.map((m) => m.p99)).toFixed(1),
      cpuKnown(label) && cpuKnown(spec.base)
        ? pairedRatio(baseCpu, cpu(label)).toFixed(2)
        : `${pairedRatio(rps(label), rps(spec.base)).toFixed(2)} (req/s)`,
    ]
  })
  const ratioCheck = (name: string, ratios: number[], target?: Check['target']): Check => ({
    name,
    value: median(ratios),
    unit: 'x',
    range: quartiles(ratios),
    ...(target ? { target } : {}),
  })
  // The primary figure is server CPU per request (base CPU / this CPU, read like a req/s
  // ratio); req/s is beside it. Where a server's CPU is unknown, req/s carries the target.
  const checks: Check[] = spec.ratios.flatMap(({ name, a, b, target }) => {
    const byRps = pairedRatios(rps(a), rps(b))
    if (!cpuKnown(a) || !cpuKnown(b)) return [ratioCheck(`${name}, by req/s`, byRps, target)]
    return [
      ratioCheck(name, pairedRatios(cpu(b), cpu(a)), target),
      ratioCheck(`${name}, by req/s`, byRps),
    ]
  })
  return {
    id: spec.id,
    title: spec.title,
    head: [
      'Server',
      'Path',
      'CPU µs/req',
      'middle half',
      'req/s',
      'spread',
      'p50 ms',
      'p99 ms',
      `vs ${spec.base}`,
    ],
    rows,
    checks,
    notes,
  }
}

/** The servers of the site fixture, shared by comparisons 1-3. */
export const SITE = new URL('../fixtures/site/', import.meta.url).pathname
export const moduleApp = { kind: 'module-app', options: { root: SITE } } as const
export const bareFastify = { kind: 'fastify', options: { root: SITE } } as const
/** Bare Fastify in a process that has also imported fastify-microservices, unused. */
export const bareFastifyLibraryLoaded = {
  kind: 'fastify',
  options: { root: SITE, preload: ['fastify-microservices'] },
} as const
