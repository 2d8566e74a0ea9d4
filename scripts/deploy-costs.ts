// `npm run costs:deploy`: what the split costs, measured on this machine (the figures of
// docs/deploy.md's "Measured costs"). The example site (NODE_ENV=production, SQLite in a
// temp folder), its processes pinned to the servers' CPUs, autocannon in a process of its
// own on another CPU (bench/cpus.ts):
//
// - start time: spawn to the first 200 of /_health, for the one process (every module) and
//   for each service alone (SERVICE=<name>), on a migrated database; the median of ROUNDS;
// - request overhead: the same paths through the edge (nginx, `npm run start:split`'s) and
//   straight to a service process: requests per second, latency (p50, p99), and the CPU
//   time per request of the service processes and of nginx (utime + stime of /proc/<pid>/stat);
// - memory: the RSS of each process of the split (VmRSS), after start and after the load.
//
// COSTS_SECONDS (default 8) is the length of each load; COSTS_CONNECTIONS (default 8).
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { choosePinning, type Pinning, pinSelf } from '../bench/cpus.ts'
import { freePort } from '../test/deploy/edge.ts'
import { SITE, startSplitSite } from './split.ts'

const run = promisify(execFile)
const ROUNDS = 5
const SECONDS = Number(process.env.COSTS_SECONDS ?? 8)
const CONNECTIONS = Number(process.env.COSTS_CONNECTIONS ?? 8)
const AUTOCANNON = new URL('../node_modules/autocannon/autocannon.js', import.meta.url).pathname
/** The paths loaded: a page of web (a template), a JSON answer of api (a database read). */
const PATHS = [
  { path: '/', service: 'web' },
  { path: '/api/boards/', service: 'api' },
] as const

const pinning = choosePinning()
const pinned: Pinning | undefined = 'none' in pinning ? undefined : pinning
// The harness and every process it starts (services, nginx) on the servers' CPUs.
if (pinned !== undefined) pinSelf(pinned.servers)

const ENV = {
  ...process.env,
  NODE_ENV: 'production',
  ADMIN_PASSWORD: 'costs password',
  LOG_LEVEL: 'warn',
}

/** utime + stime of a process, in milliseconds (clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** VmRSS of a process, in MiB. */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return Math.round((kb / 1024) * 10) / 10
}

/** The PIDs whose parent is `ppid` (nginx's workers). */
async function childrenOf(ppid: number): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(fields[1]) === ppid) pids.push(Number(entry))
  }
  return pids
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

async function healthy(port: number, child: ChildProcess, ms = 60_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the site exited (${child.exitCode})`)
    const ok = await fetch(`http://127.0.0.1:${port}/_health`).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`nothing answered on ${port} within ${ms} ms`)
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await exited
}

/** Milliseconds from spawn to /_health answering 200, `service` alone or every module. */
async function startMs(dataDir: string, service?: string): Promise<number> {
  const port = await freePort()
  const env = { ...ENV, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }
  if (service !== undefined) Object.assign(env, { SERVICE: service })
  const started = performance.now()
  const child = spawn(process.execPath, [join(SITE, 'server.ts')], {
    cwd: SITE,
    env,
    stdio: 'ignore',
  })
  try {
    await healthy(port, child)
    return Math.round(performance.now() - started)
  } finally {
    await stop(child)
  }
}

interface Load {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly requests: number
  readonly failed: number
}

/** autocannon as its own process, on the load CPU: its JSON summary. */
async function load(url: string): Promise<Load> {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(SECONDS), url]
  const command = pinned === undefined ? process.execPath : 'taskset'
  const full = pinned === undefined ? args : ['--cpu-list', pinned.load, process.execPath, ...args]
  const { stdout } = await run(command, full, { maxBuffer: 16 * 1024 * 1024 })
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number }
    latency: { p50: number; p99: number }
    errors: number
    timeouts: number
    non2xx: number
  }
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failed: result.errors + result.timeouts + result.non2xx,
  }
}

/** A load of `url`, with the CPU time per request (µs) of each group of PIDs. */
async function measured(url: string, groups: Record<string, number[]>) {
  const cpu = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(groups).map(async ([name, pids]) => [
          name,
          (await Promise.all(pids.map(cpuMs))).reduce((a, b) => a + b, 0),
        ]),
      ),
    ) as Record<string, number>
  const before = await cpu()
  const result = await load(url)
  const after = await cpu()
  const perRequest = Object.fromEntries(
    Object.keys(groups).map((name) => [
      name,
      Math.round((((after[name] as number) - (before[name] as number)) * 1000) / result.requests),
    ]),
  )
  return { ...result, cpuUsPerRequest: perRequest }
}

const dir = await mkdtemp(join(tmpdir(), 'fms-costs-'))
try {
  console.log(
    `# ${new Date().toISOString()}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}; pinning: ${pinned === undefined ? (pinning as { none: string }).none : `servers on CPU ${pinned.servers}, autocannon on CPU ${pinned.load}`}`,
  )
  // Start time, on a database the first start migrated.
  const startData = join(dir, 'start')
  await startMs(startData)
  const starts: Record<string, number> = {}
  for (const service of [undefined, 'web', 'admin', 'api']) {
    const rounds = []
    for (let i = 0; i < ROUNDS; i++) rounds.push(await startMs(startData, service))
    starts[service ?? 'one process'] = median(rounds)
  }
  console.log('start (spawn to /_health 200, median of 5, ms):', JSON.stringify(starts))

  const site = await startSplitSite({
    edge: `127.0.0.1:${await freePort()}`,
    upstreams: {
      web: [`127.0.0.1:${await freePort()}`],
      admin: [`127.0.0.1:${await freePort()}`],
      api: [`127.0.0.1:${await freePort()}`, `127.0.0.1:${await freePort()}`],
    },
    dataDir: join(dir, 'split'),
    env: ENV,
    stdio: 'ignore',
  })
  try {
    const [master] = await childrenOf(process.pid).then(async (pids) => {
      const services = new Set(site.processes.map((p) => p.child.pid))
      return pids.filter((pid) => !services.has(pid))
    })
    const nginx = master === undefined ? [] : [master, ...(await childrenOf(master))]
    const rss = async () =>
      Object.fromEntries(
        await Promise.all([
          ...site.processes.map(
            async (p) =>
              [`${p.service} ${p.address}`, await rssMiB(p.child.pid as number)] as const,
          ),
          ...nginx.map(
            async (pid, i) =>
              [i === 0 ? 'nginx master' : `nginx worker ${i}`, await rssMiB(pid)] as const,
          ),
        ]),
      )
    console.log('RSS after start (MiB):', JSON.stringify(await rss()))
    for (const { path, service } of PATHS) {
      const replicas = site.processes.filter((p) => p.service === service)
      const all = replicas.map((p) => p.child.pid as number)
      const first = replicas[0] as (typeof replicas)[number]
      await load(`${site.url}${path}`) // warm up both ways
      await load(`http://${first.address}${path}`)
      const direct = await measured(`http://${first.address}${path}`, {
        service: [first.child.pid as number],
      })
      const edge = await measured(`${site.url}${path}`, { service: all, nginx })
      console.log(`${path} direct to one ${service} process:`, JSON.stringify(direct))
      console.log(
        `${path} through the edge (${replicas.length} ${service} process(es)):`,
        JSON.stringify(edge),
      )
    }
    console.log('RSS after the load (MiB):', JSON.stringify(await rss()))
  } finally {
    await site.stop()
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
