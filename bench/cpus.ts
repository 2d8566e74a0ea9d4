// Where the load generator and the servers run. Left to the scheduler on a 2-core machine,
// autocannon and the server under test keep trading cores with each other and with other
// work, and a row's rounds spread by up to 60%. Pinned (autocannon on CPU 0, every server
// on the others), each side has its own core and the rounds agree within a few percent.
import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

export interface Pinning {
  /** CPU list (taskset's syntax) of the harness process while it loads a server. */
  readonly load: string
  /** CPU list of every server under test. */
  readonly servers: string
}

const hasTaskset = (): boolean =>
  process.platform === 'linux' &&
  spawnSync('taskset', ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0

/**
 * The pinning to use, or why there is none: taskset (util-linux) and 2 CPUs or more are
 * needed. BENCH_PIN=0 turns it off.
 */
export function choosePinning(): Pinning | { none: string } {
  if (process.env.BENCH_PIN === '0') return { none: 'turned off (BENCH_PIN=0)' }
  const count = availableParallelism()
  if (count < 2) return { none: `only ${count} CPU` }
  if (!hasTaskset()) return { none: 'taskset (util-linux) not found' }
  return { load: '0', servers: count === 2 ? '1' : `1-${count - 1}` }
}

/** The command that starts `command args` on the servers' CPUs (the same process: taskset execs it). */
export function onServerCpus(
  pinning: Pinning | undefined,
  command: string,
  args: readonly string[],
): { command: string; args: readonly string[] } {
  return pinning === undefined
    ? { command, args }
    : { command: 'taskset', args: ['--cpu-list', pinning.servers, command, ...args] }
}

/** Moves every thread of this process to `cpus` (taskset's syntax). */
export function pinSelf(cpus: string): void {
  const result = spawnSync(
    'taskset',
    ['--all-tasks', '--pid', '--cpu-list', cpus, String(process.pid)],
    {
      encoding: 'utf8',
    },
  )
  if (result.status !== 0)
    throw new Error(`taskset could not pin the harness to ${cpus}: ${result.stderr}`)
}

/** Every CPU of the machine, to unpin the harness once the load is over. */
export const allCpus = (): string => `0-${availableParallelism() - 1}`
