import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os'

/** What the results were measured on. */
export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memory: string
  readonly node: string
  readonly os: string
  /** 1-minute load average when the run started: above the core count, the machine was busy. */
  readonly load: number
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
    if (line) return line.slice(line.indexOf(':') + 1).trim()
  } catch {}
  return cpus()[0]?.model ?? 'unknown'
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))
    if (pretty?.[1]) return `${pretty[1]}, kernel ${release()}`
  } catch {}
  return `${process.platform} ${release()}`
}

export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: osName(),
    load: loadavg()[0] ?? 0,
  }
}

/** The 1-minute load average now. */
export const currentLoad = (): number => loadavg()[0] ?? 0
