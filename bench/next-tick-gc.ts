// The smallest reproduction, in plain Node, of why a server got slower by merely importing more
// code: after some major GCs with no tick queued, process.nextTick costs several times more, for
// the rest of the process. Keeping one tick object alive (what src/next-tick.ts does) prevents it.
//
//   node bench/next-tick-gc.ts
//
// Prints CPU time per process.nextTick (on the bench's server CPUs, as bench/cpus.ts pins) in fresh processes:
// with no major GC, after 12 (each while no tick is queued, as in an idle server), and after 12
// with a tick object kept. On this machine (Node 24.21): about 55, 350 and 55 ns.
import { executionAsyncResource } from 'node:async_hooks'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { choosePinning, onServerCpus } from './cpus.ts'

async function child(gcs: number, keep: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run with --expose-gc')
  let kept: object | undefined
  if (keep)
    await new Promise<void>((resolve) =>
      process.nextTick(() => {
        kept = executionAsyncResource()
        resolve()
      }),
    )
  for (let i = 0; i < gcs; i++) {
    await new Promise((resolve) => process.nextTick(resolve))
    gc() // the tick has run: none is queued
  }
  const noop = (): void => {}
  const burst = (count: number): Promise<number> =>
    new Promise((resolve) => {
      const start = process.cpuUsage()
      let done = 0
      const step = (): void => {
        for (let i = 0; i < 1000; i++) process.nextTick(noop)
        done += 1000
        if (done < count) setImmediate(step)
        else {
          const used = process.cpuUsage(start)
          resolve(((used.user + used.system) / count) * 1000)
        }
      }
      step()
    })
  await burst(1e6) // warm-up
  const runs: number[] = []
  for (let i = 0; i < 5; i++) runs.push(await burst(1e6))
  runs.sort((a, b) => a - b)
  const what = `${gcs} major GCs${keep ? ', one tick object kept' : ''}`
  console.log(`${what.padEnd(36)} ${(runs[2] ?? 0).toFixed(0)} ns per process.nextTick`)
  void kept
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]), process.argv[4] === 'keep')
else {
  const self = fileURLToPath(import.meta.url)
  const pinning = choosePinning()
  for (const [gcs, keep] of [
    [0, false],
    [12, false],
    [12, true],
  ] as const) {
    const { command, args } = onServerCpus(
      'none' in pinning ? undefined : pinning,
      process.execPath,
      ['--expose-gc', self, '--child', String(gcs), keep ? 'keep' : ''],
    )
    spawnSync(command, args, { stdio: 'inherit' })
  }
}
