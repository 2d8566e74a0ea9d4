import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { get, NODE, startChild } from '../../test/reliability/child.ts'
import { type LoadSettings, ROUTES } from './load.ts'

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url))
const LOAD = fileURLToPath(new URL('./load.ts', import.meta.url))

/** How long and how hard. */
export interface SoakOptions {
  /** Measured load, after the warm-up. */
  readonly seconds: number
  readonly warmupSeconds: number
  readonly connections: number
  /** Memory samples taken during the measured load (each after a full GC). */
  readonly samples: number
}

/** Memory of the server process, in MiB, each taken right after a full GC. */
export interface MemorySample {
  readonly atSecond: number
  readonly rssMb: number
  readonly heapUsedMb: number
  /** Buffers and other memory outside the JS heap. */
  readonly externalMb: number
}

/** What a soak measured. */
export interface SoakReport {
  readonly options: SoakOptions
  readonly routes: readonly string[]
  readonly requests: number
  readonly requestsPerSecond: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number }
  /** After the warm-up, during the measured load, and at its end. */
  readonly memory: readonly MemorySample[]
  readonly rssStartMb: number
  readonly rssEndMb: number
  readonly heapStartMb: number
  readonly heapEndMb: number
  /** From SIGTERM to the process' exit, with the exit code. */
  readonly shutdown: { ms: number; code: number | null }
  readonly node: string
}

interface AutocannonResult {
  requests: { total: number; average: number }
  latency: Record<string, number>
  errors: number
  timeouts: number
  non2xx: number
}

/** Runs the load generator in its own process for `seconds`. */
function load(settings: LoadSettings): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [LOAD, JSON.stringify(settings)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as AutocannonResult)
      } catch (error) {
        reject(error)
      }
    })
  })
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10

async function memory(port: number, atSecond: number): Promise<MemorySample> {
  const res = await get(port, '/__memory')
  const usage = JSON.parse(res.body) as { rss: number; heapUsed: number; external: number }
  return {
    atSecond,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    externalMb: mb(usage.external),
  }
}

/**
 * Starts the app in a child process, warms it up, then loads it from another process with
 * the mixed routes for `seconds`, sampling its memory; then sends SIGTERM and times the exit.
 */
export async function soak(options: SoakOptions): Promise<SoakReport> {
  const server = await startChild(SERVER, {}, ['--expose-gc'])
  try {
    const { port } = server
    const settings = { port, connections: options.connections }
    await load({ ...settings, seconds: options.warmupSeconds })
    const samples: MemorySample[] = [await memory(port, 0)]
    const started = performance.now()
    const measured = load({ ...settings, seconds: options.seconds })
    const every = (options.seconds * 1000) / (options.samples + 1)
    for (let i = 1; i <= options.samples; i++) {
      const wait = started + i * every - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      samples.push(await memory(port, Math.round((performance.now() - started) / 1000)))
    }
    const result = await measured
    samples.push(await memory(port, Math.round((performance.now() - started) / 1000)))

    const signalled = performance.now()
    server.process.kill('SIGTERM')
    const exit = await server.exited()
    const first = samples[0] as MemorySample
    const last = samples.at(-1) as MemorySample
    const round = (n: number | undefined) => Math.round((n ?? 0) * 100) / 100
    return {
      options,
      routes: ROUTES.map((r) => `${r.method} ${r.path}`),
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      latencyMs: {
        p50: round(result.latency.p50),
        p90: round(result.latency.p90),
        p99: round(result.latency.p99),
        p999: round(result.latency.p99_9),
        max: round(result.latency.max),
      },
      memory: samples,
      rssStartMb: first.rssMb,
      rssEndMb: last.rssMb,
      heapStartMb: first.heapUsedMb,
      heapEndMb: last.heapUsedMb,
      shutdown: { ms: Math.round(exit.at - signalled), code: exit.code },
      node: process.version,
    }
  } finally {
    server.kill()
  }
}

/** How much the server's memory may grow from the end of the warm-up to the end of the load. */
export interface MemoryBounds {
  /**
   * MiB the RSS may grow. The RSS settles only after about 20 s of load (V8's young
   * generation, compiled code and the allocator's arenas reach their working size): the
   * full soak warms up that long and allows 24 MiB; a short CI run allows more.
   */
  readonly rssGrowthMb: number
}

/** The heap in use after a full GC may grow by at most 25 % + 4 MiB: more is a leak. */
function memoryProblems(report: SoakReport, bounds: MemoryBounds): string[] {
  const problems: string[] = []
  const heapBound = Math.round((report.heapStartMb * 1.25 + 4) * 10) / 10
  if (report.heapEndMb > heapBound) {
    problems.push(`heap grew ${report.heapStartMb} -> ${report.heapEndMb} MiB (bound ${heapBound})`)
  }
  const rssBound = Math.round((report.rssStartMb + bounds.rssGrowthMb) * 10) / 10
  if (report.rssEndMb > rssBound) {
    problems.push(`RSS grew ${report.rssStartMb} -> ${report.rssEndMb} MiB (bound ${rssBound})`)
  }
  return problems
}

/** Everything a soak must show: no failed request, steady memory, a clean and quick exit. */
export function soakProblems(
  report: SoakReport,
  bounds: MemoryBounds,
  shutdownBoundMs = 3000,
): string[] {
  const problems = memoryProblems(report, bounds)
  if (report.errors > 0) problems.push(`${report.errors} errors`)
  if (report.timeouts > 0) problems.push(`${report.timeouts} timeouts`)
  if (report.non2xx > 0) problems.push(`${report.non2xx} answers other than 2xx`)
  if (report.requests === 0) problems.push('no request was made')
  if (report.shutdown.code !== 0) problems.push(`exit code ${report.shutdown.code}`)
  if (report.shutdown.ms > shutdownBoundMs) problems.push(`exit took ${report.shutdown.ms} ms`)
  return problems
}

/** The report as the lines printed by `npm run test:stress`. */
export function formatReport(report: SoakReport): string {
  const { options: o, latencyMs: l } = report
  return [
    `soak: ${o.seconds} s after a ${o.warmupSeconds} s warm-up, ${o.connections} connections, ${report.routes.length} routes, node ${report.node}`,
    `  requests   ${report.requests} (${report.requestsPerSecond}/s), errors ${report.errors}, timeouts ${report.timeouts}, non-2xx ${report.non2xx}`,
    `  latency    p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, p99.9 ${l.p999} ms, max ${l.max} ms`,
    `  RSS        ${report.rssStartMb} MiB after warm-up -> ${report.rssEndMb} MiB at the end (after GC)`,
    `  heap used  ${report.heapStartMb} MiB -> ${report.heapEndMb} MiB (after GC)`,
    `  samples    ${report.memory.map((s) => `${s.atSecond}s:${s.rssMb}/${s.heapUsedMb}`).join('  ')}  (s: RSS/heap MiB)`,
    `  external   ${report.memory.map((s) => s.externalMb).join(' ')} MiB`,
    `  shutdown   SIGTERM -> exit ${report.shutdown.code} in ${report.shutdown.ms} ms`,
  ].join('\n')
}

/** What a SIGTERM in the middle of a load did. */
export interface ShutdownUnderLoadReport {
  readonly connections: number
  readonly signalAfterSeconds: number
  /** From SIGTERM to the process' exit, with the exit code. */
  readonly shutdown: { ms: number; code: number | null }
  /** Answered before the server stopped (2xx), and refused while it closed (503). */
  readonly ok: number
  readonly non2xx: number
  /** Connections refused or reset once the server was gone (expected after the exit). */
  readonly errors: number
}

/**
 * Loads the app from another process and sends SIGTERM in the middle of it: the
 * process must exit with 0, quickly, whatever the load.
 */
export async function shutdownUnderLoad(options: {
  seconds: number
  signalAfterSeconds: number
  connections: number
}): Promise<ShutdownUnderLoadReport> {
  const server = await startChild(SERVER)
  try {
    const measured = load({
      port: server.port,
      seconds: options.seconds,
      connections: options.connections,
    })
    await new Promise((resolve) => setTimeout(resolve, options.signalAfterSeconds * 1000))
    const signalled = performance.now()
    server.process.kill('SIGTERM')
    const exit = await server.exited()
    const result = (await measured) as AutocannonResult & { '2xx': number }
    return {
      connections: options.connections,
      signalAfterSeconds: options.signalAfterSeconds,
      shutdown: { ms: Math.round(exit.at - signalled), code: exit.code },
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
    }
  } finally {
    server.kill()
  }
}

/** The report as printed by `npm run test:stress`. */
export function formatShutdownReport(report: ShutdownUnderLoadReport): string {
  return [
    `shutdown under load: SIGTERM after ${report.signalAfterSeconds} s of ${report.connections} connections`,
    `  exit ${report.shutdown.code} in ${report.shutdown.ms} ms; ${report.ok} answered 2xx before, ${report.non2xx} refused (503) while closing, ${report.errors} connection errors after`,
  ].join('\n')
}
