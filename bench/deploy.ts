// The edge's cost and gain: a static file served by nginx (from `deploy nginx`'s collected
// copy) vs by the app's Node process, and a dynamic route through nginx (to its service)
// vs the service directly. Self-contained: it starts its own processes and nginx, on free
// ports, and stops them whatever happens.
import { type ChildProcess, spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findNginx } from '../scripts/nginx.ts'
import { loadPlan, writeNginx } from '../src/cli/deploy.ts'
import { appPaths, enabledModules } from '../src/cli/locate.ts'
import type { Context } from './comparisons/context.ts'
import type { Check, Section } from './report.ts'

const APP = fileURLToPath(new URL('../test/fixtures/split/', import.meta.url))
const STATIC_PATH = '/static/css/site.css'
const DYNAMIC_PATH = '/forum/thread/7/hello'

interface Result {
  readonly requests: { readonly total: number }
  readonly duration: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly latency: { readonly p50: number; readonly p99: number }
}
// autocannon ships no types; this is the one call made of it.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string
  connections: number
  duration: number
  pipelining: number
}) => Promise<Result>

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

async function answers(url: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms
  for (let i = 0; i < 3000 && Date.now() < until; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${url} did not answer within ${ms} ms`)
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      done()
    })
    child.kill('SIGTERM')
  })
}

/** 9. nginx in front: static files from nginx vs Node, and the proxy's cost on a dynamic route. */
export async function deploy(context: Context): Promise<Section> {
  const { settings, log } = context
  const children: ChildProcess[] = []
  const dir = await mkdtemp(join(tmpdir(), 'fms-bench-edge-'))
  try {
    await chmod(dir, 0o755)
    const nginx = await findNginx()
    const node = (service: string, port: number) => {
      const env = { ...process.env, NODE_ENV: 'production', SERVICE: service, PORT: String(port) }
      const child = spawn(process.execPath, [join(APP, 'server.ts')], {
        cwd: APP,
        env,
        stdio: 'ignore',
      })
      children.push(child)
      return `http://127.0.0.1:${port}`
    }
    const web = node('web', await freePort())
    const whole = node('', await freePort())
    const paths = appPaths({ root: APP })
    const loaded = await loadPlan({
      root: paths.root,
      modulesFolder: paths.modulesFolder,
      enabled: enabledModules(paths, {}).names,
    })
    const edgePort = await freePort()
    await writeNginx(loaded, dir, {
      listen: `127.0.0.1:${edgePort}`,
      upstreams: { web: [web.slice('http://'.length)], admin: ['127.0.0.1:9'] },
      workers: 1,
    })
    children.push(spawn(nginx, ['-p', dir, '-c', 'nginx.conf'], { stdio: 'ignore' }))
    const edge = `http://127.0.0.1:${edgePort}`
    await Promise.all([answers(`${web}${DYNAMIC_PATH}`), answers(`${whole}${STATIC_PATH}`)])
    await answers(`${edge}${DYNAMIC_PATH}`)

    const targets = [
      { label: 'static, nginx', url: `${edge}${STATIC_PATH}` },
      { label: 'static, Node (one process)', url: `${whole}${STATIC_PATH}` },
      { label: 'dynamic, nginx -> service', url: `${edge}${DYNAMIC_PATH}` },
      { label: 'dynamic, service directly', url: `${web}${DYNAMIC_PATH}` },
    ]
    const run = async (url: string, seconds: number) => {
      const result = await autocannon({
        url,
        connections: settings.connections,
        duration: seconds,
        pipelining: settings.pipelining,
      })
      const failed = result.errors + result.timeouts + result.non2xx
      if (failed > 0) {
        const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')
        throw new Error(
          `${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts\n${log.split('\n').slice(-5).join('\n')}`,
        )
      }
      return {
        rps: result.requests.total / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
      }
    }
    if (settings.warmup > 0) for (const t of targets) await run(t.url, settings.warmup)
    const measured = new Map(
      targets.map((t) => [t.label, [] as { rps: number; p50: number; p99: number }[]]),
    )
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse()
      for (const target of order) {
        const m = await run(target.url, settings.duration)
        measured.get(target.label)?.push(m)
        log(`  round ${round + 1}/${settings.rounds} ${target.label}: ${Math.round(m.rps)} req/s`)
      }
    }
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b)
      const mid = sorted.length / 2
      return sorted.length % 2 === 1
        ? (sorted[Math.floor(mid)] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
    }
    const rps = (label: string) => median((measured.get(label) ?? []).map((m) => m.rps))
    const rows = targets.map(({ label }) => {
      const list = measured.get(label) ?? []
      return [
        label,
        Math.round(rps(label)).toLocaleString('en-US'),
        median(list.map((m) => m.p50)).toFixed(1),
        median(list.map((m) => m.p99)).toFixed(1),
      ]
    })
    const ratio = (a: string, b: string): number => rps(a) / rps(b)
    const perRequest = (label: string) => 1e9 / rps(label)
    const checks: Check[] = [
      {
        name: 'static: nginx / Node',
        value: ratio('static, nginx', 'static, Node (one process)'),
        unit: 'x',
      },
      {
        name: 'dynamic: through nginx / direct',
        value: ratio('dynamic, nginx -> service', 'dynamic, service directly'),
        unit: 'x',
      },
      {
        name: 'time per request added by the proxy (at saturation)',
        value: perRequest('dynamic, nginx -> service') - perRequest('dynamic, service directly'),
        unit: 'ns',
      },
    ]
    return {
      id: 9,
      title: 'The edge: static files from nginx vs Node, a dynamic route through nginx vs direct',
      head: ['target', 'req/s (median)', 'p50 ms', 'p99 ms'],
      rows,
      checks,
      notes: [
        `The split fixture (test/fixtures/split): ${STATIC_PATH} (24 bytes, from the root static/), ${DYNAMIC_PATH} (a route with an int converter, JSON).`,
        'nginx with one worker (as one Node process), its config from `deploy nginx`, upstream keepalive; the static file from the collected copy. Nothing pinned: nginx, Node and autocannon share the CPUs.',
      ],
    }
  } finally {
    await Promise.all(children.map(stop))
    await rm(dir, { recursive: true, force: true })
  }
}
