// Instructions a request costs a server, counted by valgrind (callgrind), not timed: on a
// machine whose speed changes from minute to minute, the steady way to see a change of a
// few percent. Each server runs under callgrind with `node --single-threaded --predictable`
// (no background compiler or GC threads); after a warm-up, its counters are zeroed,
// `requests` requests are sent on one keep-alive connection (one at a time, so every run
// does the same work), and the counters are read. Repeat runs mostly agree within about 2 %
// (now and then one is 10 % off: count twice); only user-space instructions are counted,
// the kernel's share of a request is not.
//
//   apt-get install -y valgrind   # when missing
//   npm run build
//   node bench/instructions.ts <requests> <path> <name>=<checkout>:<kind>[:<root>] ...
//
// e.g. node bench/instructions.ts 3000 /page view=.:fastify module=.:module-app
// (<checkout>, <kind> and <root> as in bench/builds.ts). Servers are counted one after another.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AUTOCANNON,
  checkoutServer,
  NODE,
  servedPort,
  start,
  stop,
  waitForLine,
} from './children.ts'

function run(command: string, args: readonly string[]): void {
  const done = spawnSync(command, args, { encoding: 'utf8', timeout: 1_800_000 })
  if (done.error !== undefined || done.status !== 0)
    throw new Error(`${command} ${args.join(' ')}: ${done.error?.message ?? done.stderr}`)
}

/** One request at a time on one connection: the same work on every run. */
const send = (port: number, path: string, requests: number) =>
  run(NODE, [AUTOCANNON, '-c', '1', '-a', String(requests), `http://127.0.0.1:${port}${path}`])

async function count(spec: string, path: string, requests: number): Promise<number> {
  const { dir, args } = checkoutServer(spec)
  const out = mkdtempSync(join(tmpdir(), 'fms-callgrind-'))
  const child = start(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${join(out, 'count.%p')}`,
      NODE,
      '--single-threaded',
      '--predictable',
      ...args,
    ],
    { cwd: dir, env: { ...process.env, NODE_ENV: 'production' } },
  )
  try {
    const port = await waitForLine(child, servedPort, 300_000)
    const pid = String(child.pid)
    // Warm-up until the JIT settles: after 3,000 requests TurboFan was still compiling inside
    // the counted window of a static file's server (8 % more instructions than once settled).
    send(port, path, 15_000)
    run('callgrind_control', ['--zero', pid])
    send(port, path, requests)
    run('callgrind_control', ['--dump', pid])
    // The dump is `count.<pid>.1`, written by the process itself: wait for its totals.
    for (let tries = 0; tries < 100; tries++) {
      const dump = readdirSync(out).find((file) => /\.\d+\.1$/.test(file))
      const text = dump === undefined ? '' : readFileSync(join(out, dump), 'utf8')
      const totals = /^(?:summary|totals): (\d+)/m.exec(text)
      if (totals !== null) return Number(totals[1]) / requests
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`${spec}: callgrind wrote no totals in ${out}`)
  } finally {
    await stop(child)
    rmSync(out, { recursive: true, force: true })
  }
}

const [requests = '3000', path = '/page', ...specs] = process.argv.slice(2)
if (specs.length === 0 || spawnSync('valgrind', ['--version']).status !== 0) {
  console.error(
    'usage: node bench/instructions.ts <requests> <path> <name>=<checkout>:<kind>[:<root>] ...  (needs valgrind: apt-get install -y valgrind)',
  )
  process.exit(2)
}
for (const spec of specs) {
  const perRequest = await count(spec, path, Number(requests))
  console.log(
    `${checkoutServer(spec).name.padEnd(12)} ${Math.round(perRequest).toLocaleString('en')} instructions a request (${path})`,
  )
}
