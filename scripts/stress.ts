// `npm run test:stress`: the full-length reliability runs that `npm test` only samples.
//   1. a soak: mixed routes (templates, static files, params, JSON bodies) from a separate
//      autocannon process on 127.0.0.1 against the app in its own process, 60 s after a
//      20 s warm-up, with memory sampled after full GCs, then SIGTERM and the exit timed;
//   2. SIGTERM in the middle of a load: exit 0, quickly;
//   3. the reliability tests with STRESS=1 (20 times the property runs).
// Settings: SOAK_SECONDS (60), WARMUP_SECONDS (20), CONNECTIONS (10); `--json <file>`
// also writes the figures as JSON. Exits 1 if anything is out of bounds.
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  formatReport,
  formatShutdownReport,
  shutdownUnderLoad,
  soak,
  soakProblems,
} from './stress/soak.ts'

const number = (name: string, fallback: number): number => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const seconds = number('SOAK_SECONDS', 60)
const warmupSeconds = number('WARMUP_SECONDS', 20)
const connections = number('CONNECTIONS', 10)
const jsonAt = process.argv.indexOf('--json')
const jsonFile = jsonAt === -1 ? undefined : process.argv[jsonAt + 1]

const problems: string[] = []

const report = await soak({
  seconds,
  warmupSeconds,
  connections,
  samples: Math.max(1, Math.round(seconds / 5) - 1),
})
console.log(formatReport(report))
for (const problem of soakProblems(report, { rssGrowthMb: 24 })) problems.push(`soak: ${problem}`)

const underLoad = await shutdownUnderLoad({ seconds: 6, signalAfterSeconds: 3, connections })
console.log(formatShutdownReport(underLoad))
if (underLoad.shutdown.code !== 0)
  problems.push(`shutdown under load: exit ${underLoad.shutdown.code}`)
if (underLoad.shutdown.ms > 3000) problems.push(`shutdown under load: ${underLoad.shutdown.ms} ms`)

if (jsonFile !== undefined) {
  writeFileSync(
    jsonFile,
    `${JSON.stringify({ soak: report, shutdownUnderLoad: underLoad }, null, 2)}\n`,
  )
}

const testDir = fileURLToPath(new URL('../test/reliability/', import.meta.url))
const tests = readdirSync(testDir)
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `${testDir}${file}`)
console.log(`\nreliability tests with STRESS=1: ${tests.length} files`)
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...tests], {
  stdio: 'inherit',
  env: { ...process.env, STRESS: '1' },
})
if (run.status !== 0) problems.push(`reliability tests (STRESS=1) exited with ${run.status}`)

if (problems.length > 0) {
  console.error(`\nstress: FAILED\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('\nstress: all within bounds')
