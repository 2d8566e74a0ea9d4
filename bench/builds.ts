// Did a change make a page cheaper? The same server kind from several checkouts of the
// library, side by side, measured as the bench measures: server CPU time per request
// (/proc, the server pinned to CPU 1, autocannon in its own process on CPU 0), the same
// number of keep-alive requests per server and round, the order reversed every round. Each
// server's ratio is to the first one, paired round by round, so drift between rounds cancels.
//
//   npm run build   # in every checkout named: its server imports its own dist/
//   node bench/builds.ts <rounds> <requests> <path> <name>=<checkout>:<kind>[:<root>] ...
//
// <kind> is a server of bench/serve.ts (module-app, fastify, ...); <root> defaults to the
// checkout's bench/fixtures/site/. A second checkout is a `git worktree add` away, e.g.
//   git worktree add ../before HEAD~3 && (cd ../before && npm ci && npm run build)
//   node bench/builds.ts 13 20000 /page view=.:fastify before=../before:module-app after=.:module-app
// prints, per server: median CPU µs a request [quartiles], and the paired ratio to the first
// (first / this: above 1, this one is cheaper). Linux only (taskset, /proc).
import { spawnSync } from 'node:child_process'
import {
  AUTOCANNON,
  checkoutServer,
  NODE,
  servedPort,
  start,
  stop,
  waitForLine,
} from './children.ts'
import { cpuSeconds } from './load.ts'
import { median, pairedRatios, quartiles } from './stats.ts'

interface Server {
  readonly name: string
  readonly pid: number
  readonly port: number
  readonly cpuUs: number[]
}

/** `name=checkout:kind[:root]`, started alone in its process on CPU 1. */
async function startServer(spec: string): Promise<Server & { stop: () => Promise<void> }> {
  const { name, dir, args } = checkoutServer(spec)
  const child = start('taskset', ['-c', '1', NODE, ...args], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const port = await waitForLine(child, servedPort)
  if (child.pid === undefined) throw new Error(`${spec}: no process`)
  return { name, pid: child.pid, port, cpuUs: [], stop: () => stop(child) }
}

/** `requests` keep-alive requests from 10 connections, autocannon on CPU 0. */
function load(port: number, path: string, requests: number): void {
  const run = spawnSync(
    'taskset',
    [
      '-c',
      '0',
      NODE,
      AUTOCANNON,
      '-c',
      '10',
      '-a',
      String(requests),
      `http://127.0.0.1:${port}${path}`,
    ],
    { encoding: 'utf8', timeout: 600_000 },
  )
  if (run.status !== 0) throw new Error(`autocannon failed: ${run.stderr}`)
}

const [rounds = '13', requests = '20000', path = '/page', ...specs] = process.argv.slice(2)
if (specs.length === 0) {
  console.error(
    'usage: node bench/builds.ts <rounds> <requests> <path> <name>=<checkout>:<kind>[:<root>] ...',
  )
  process.exit(2)
}
const servers = []
try {
  for (const spec of specs) servers.push(await startServer(spec))
  for (const server of servers) load(server.port, path, Math.max(2000, Number(requests))) // warm-up
  for (let round = 0; round < Number(rounds); round++) {
    for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
      const before = cpuSeconds(server.pid)
      load(server.port, path, Number(requests))
      server.cpuUs.push(((cpuSeconds(server.pid) - before) / Number(requests)) * 1e6)
    }
    process.stderr.write(
      `round ${round + 1}: ${servers.map((s) => `${s.name} ${s.cpuUs.at(-1)?.toFixed(1)}`).join('  ')}\n`,
    )
  }
  const first = servers[0] as Server
  console.log(`CPU µs a request, ${rounds} rounds x ${requests} requests of ${path}`)
  for (const server of servers) {
    const [q1, q3] = quartiles(server.cpuUs)
    const ratios = pairedRatios(first.cpuUs, server.cpuUs)
    const [r1, r3] = quartiles(ratios)
    console.log(
      `${server.name.padEnd(12)} ${median(server.cpuUs).toFixed(1)} [${q1.toFixed(1)}, ${q3.toFixed(1)}]   ${first.name} / this: ${median(ratios).toFixed(3)} [${r1.toFixed(3)}, ${r3.toFixed(3)}]`,
    )
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()))
}
