// Load from the harness process against servers in their own processes, interleaved.
import { type ChildProcess, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { NODE, start, stop, waitForLine, waitForPort } from './children.ts'
import { allCpus, onServerCpus, type Pinning, pinSelf } from './cpus.ts'
import type { ServerOptions } from './servers/types.ts'

/** The part of autocannon's result this harness reads. */
interface AutocannonResult {
  readonly duration: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly requests: { readonly total: number }
  readonly latency: { readonly p50: number; readonly p99: number }
}
type Autocannon = (options: {
  url: string
  connections: number
  duration: number
  pipelining: number
}) => Promise<AutocannonResult>

// autocannon ships no types; this is the one call made of it.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url))

export interface LoadSettings {
  /** Seconds of each measurement. */
  readonly duration: number
  /** Seconds of warm-up of each server before the first round. */
  readonly warmup: number
  /** Measurements of each target, interleaved. */
  readonly rounds: number
  readonly connections: number
  readonly pipelining: number
  /** autocannon on some CPUs, the servers on the others (bench/cpus.ts). */
  readonly pinning: Pinning | { readonly none: string }
}

/** How to start a server: a kind of bench/servers/, or any command that says its port. */
export type ServerSpec =
  | { readonly kind: string; readonly options?: ServerOptions }
  | {
      readonly command: string
      readonly args: readonly string[]
      readonly cwd?: string
      /** Extra environment of the command. */
      readonly env?: Readonly<Record<string, string>>
      /**
       * Finds the port in a line the command prints (stdout or stderr), or the port the
       * command was told to listen on (then the harness waits until it accepts connections).
       */
      readonly port: ((line: string) => number | undefined) | number
    }

/** One row of a comparison: a server and the path loaded on it. */
export interface Target {
  readonly label: string
  readonly server: ServerSpec
  readonly path: string
}

export interface Measurement {
  readonly rps: number
  /** CPU time the server process spent per request, in microseconds (NaN where unknown). */
  readonly cpuUs: number
  readonly p50: number
  readonly p99: number
}

/** Each target's measurements, in round order. */
export type GroupResult = Map<string, Measurement[]>

interface Running {
  readonly target: Target
  readonly child: ChildProcess
  readonly url: string
}

const jsonPort = (line: string): number | undefined => {
  if (!line.startsWith('{')) return undefined
  const port = (JSON.parse(line) as { port?: unknown }).port
  return typeof port === 'number' ? port : undefined
}

async function launch(target: Target, pinning: Pinning | undefined): Promise<Running> {
  const { server } = target
  const env = { ...process.env, NODE_ENV: 'production', ...('env' in server ? server.env : {}) }
  const { command, args } =
    'kind' in server
      ? onServerCpus(pinning, NODE, [SERVE, server.kind, JSON.stringify(server.options ?? {})])
      : onServerCpus(pinning, server.command, server.args)
  const child = start(command, args, { env, ...('cwd' in server ? { cwd: server.cwd } : {}) })
  let port: number
  try {
    port =
      'kind' in server
        ? await waitForLine(child, jsonPort)
        : typeof server.port === 'number'
          ? await waitForPort(child, server.port)
          : await waitForLine(child, server.port)
  } catch (error) {
    await stop(child)
    throw error
  }
  return { target, child, url: `http://127.0.0.1:${port}${target.path}` }
}

/** One GET, to check what a target answers before loading it. */
export async function probe(url: string) {
  const response = await fetch(url)
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  }
}

const TICKS_PER_SECOND =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

const ownCpu = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/** The process and its descendants (gunicorn's and nginx's workers), from /proc. */
function processTree(pid: number): number[] {
  const out = [pid]
  for (let i = 0; i < out.length; i++) {
    const current = out[i] as number
    let tasks: string[] = []
    try {
      tasks = readdirSync(`/proc/${current}/task`)
    } catch {
      continue
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim()
        if (children !== '') out.push(...children.split(' ').map(Number))
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return out
}

/**
 * CPU time (user + system) of a server so far, its worker processes included, in
 * seconds, from /proc: far less disturbed by other work on the machine than req/s, which
 * is why it is the primary figure.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    let total = 0
    for (const each of processTree(pid)) {
      try {
        total += ownCpu(each)
      } catch {
        // A worker that ended between the listing and the read.
      }
    }
    return total
  } catch {
    return Number.NaN
  }
}

async function load(
  url: string,
  seconds: number,
  settings: LoadSettings,
  pid?: number,
): Promise<Measurement> {
  const cpuBefore = cpuSeconds(pid)
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: seconds,
    pipelining: settings.pipelining,
  })
  const cpu = cpuSeconds(pid) - cpuBefore
  const failed = result.errors + result.timeouts + result.non2xx
  if (failed > 0)
    throw new Error(
      `${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    )
  return {
    rps: result.requests.total / result.duration,
    cpuUs: (cpu / result.requests.total) * 1e6,
    p50: result.latency.p50,
    p99: result.latency.p99,
  }
}

/** Why a group cannot be measured (a target that does not answer as its peers), or undefined. */
export type Refusal = (
  answers: Map<string, Awaited<ReturnType<typeof probe>>>,
) => string | undefined

/**
 * Starts every target's server, checks the answers, warms each up, then measures the
 * targets in turn, round after round, reversing the order each round so that no
 * target always runs first or last. Every server is stopped at the end, whatever happens.
 */
export async function runGroup(
  targets: readonly Target[],
  settings: LoadSettings,
  refuse: Refusal,
  log: (line: string) => void,
): Promise<GroupResult | { skipped: string }> {
  const running: Running[] = []
  const pinning = 'none' in settings.pinning ? undefined : settings.pinning
  if (pinning) pinSelf(pinning.load)
  try {
    for (const target of targets) running.push(await launch(target, pinning))
    const answers = new Map<string, Awaited<ReturnType<typeof probe>>>()
    for (const { target, url } of running) answers.set(target.label, await probe(url))
    const refusal = refuse(answers)
    if (refusal !== undefined) return { skipped: refusal }
    if (settings.warmup > 0)
      for (const { url } of running) await load(url, settings.warmup, settings)
    const results: GroupResult = new Map(targets.map((t) => [t.label, []]))
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? running : [...running].reverse()
      for (const { target, url, child } of order) {
        const measurement = await load(url, settings.duration, settings, child.pid)
        results.get(target.label)?.push(measurement)
        log(
          `  round ${round + 1}/${settings.rounds} ${target.label}: ${Math.round(measurement.rps)} req/s`,
        )
      }
    }
    return results
  } finally {
    await Promise.all(running.map(({ child }) => stop(child)))
    if (pinning) pinSelf(allCpus())
  }
}
