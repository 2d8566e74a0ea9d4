// Static files: our chain vs bare nginx vs @fastify/static, the same file, keep-alive,
// judged by server CPU time per request. Self-contained:
//
//   npm run build && node bench/comparisons/static-nginx.ts [--rounds 5] [--seconds 3]
//
// autocannon runs on CPU 0 and every server on CPU 1 (taskset); nginx with one worker.
// CPU per request is the server's user + system time (/proc/<pid>/stat, every process of
// the server) over a run, divided by the requests answered in it. Rounds are interleaved
// so that drift of a shared machine hits every server alike; medians are reported, and
// each server's ratio to nginx by req/s and by CPU per request ("at equal CPU").
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const FILE = 'bench.css'
const CONTENT = Array.from(
  { length: 80 },
  (_, i) => `.rule-${i} { margin: ${i}px; color: #${(i * 2654435761).toString(16).slice(-6)}; }`,
).join('\n')
const CONNECTIONS = 10
const TICKS = 100 // clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux)

/**
 * chain: MicroServicesApp's static chain; nginx: one worker; fastify-static: @fastify/static;
 * fastify-floor: bare Fastify answering the same bytes and headers from one fixed Buffer,
 * the least any Fastify route can spend (no lookup, no check); node-floor: the same from
 * node:http alone, the least any Node server can spend. "library loaded": the same
 * fastify-floor in a process that imported fastify-microservices (and so what it loads),
 * which costs Node's socket code CPU per request (issue 17, "Loaded code").
 */
type Kind =
  | 'chain'
  | 'fastify-static'
  | 'nginx'
  | 'fastify-floor'
  | 'fastify-floor, library loaded'
  | 'node-floor'

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()))
    })
  })
}

/** user + system ticks of a process and of its children that are alive. */
function cpuTicks(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14 and 15)
  }
  return ticks
}

const childPids = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)

interface Server {
  readonly kind: Kind
  readonly port: number
  /** The processes whose CPU time counts (nginx: master and worker). */
  readonly pids: () => number[]
  readonly stop: () => Promise<void>
}

async function waitFor(port: number, deadline = Date.now() + 20_000): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/static/${FILE}`)
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {}
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error(`nothing answers on port ${port}`)
}

async function start(kind: Kind, root: string): Promise<Server> {
  const port = await freePort()
  let child: ChildProcess
  if (kind === 'nginx') {
    const conf = join(root, `nginx-${port}.conf`)
    writeFileSync(
      conf,
      `daemon off;
worker_processes 1;
pid ${root}/nginx-${port}.pid;
error_log ${root}/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${root}/tmp; proxy_temp_path ${root}/tmp; fastcgi_temp_path ${root}/tmp;
  uwsgi_temp_path ${root}/tmp; scgi_temp_path ${root}/tmp;
  server {
    listen 127.0.0.1:${port};
    location /static/ { alias ${root}/static/; }
  }
}
`,
    )
    child = spawn('taskset', ['--cpu-list', '1', 'nginx', '-c', conf, '-p', root], {
      stdio: 'ignore',
    })
  } else {
    child = spawn(
      'taskset',
      ['--cpu-list', '1', process.execPath, fileURLToPath(import.meta.url), 'serve', kind, root],
      {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: { ...process.env, PORT: String(port), NODE_ENV: 'production' },
      },
    )
  }
  await waitFor(port)
  const pid = child.pid as number
  return {
    kind,
    port,
    pids: () => [pid, ...childPids(pid)],
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}

interface Run {
  readonly rps: number
  readonly cpuPerRequest: number // µs
}

async function load(server: Server, seconds: number): Promise<Run> {
  const url = `http://127.0.0.1:${server.port}/static/${FILE}`
  const before = cpuTicks(server.pids())
  const out = execFileSync(
    'taskset',
    [
      '--cpu-list',
      '0',
      process.execPath,
      join(fileURLToPath(new URL('../../node_modules/autocannon/autocannon.js', import.meta.url))),
      '--json',
      '-c',
      String(CONNECTIONS),
      '-d',
      String(seconds),
      url,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 },
  )
  const after = cpuTicks(server.pids())
  const result = JSON.parse(out) as {
    requests: { total: number }
    duration: number
    non2xx: number
    errors: number
  }
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${server.kind}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  const total = result.requests.total
  return {
    rps: total / result.duration,
    cpuPerRequest: (((after - before) / TICKS) * 1e6) / total,
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '3' },
    },
  })
  const rounds = Number(values.rounds)
  const seconds = Number(values.seconds)
  const root = mkdtempSync(join(tmpdir(), 'fms-static-nginx-'))
  chmodSync(root, 0o755) // nginx's worker runs as another user
  mkdirSync(join(root, 'static'))
  mkdirSync(join(root, 'modules'))
  mkdirSync(join(root, 'tmp'))
  writeFileSync(join(root, 'static', FILE), CONTENT)
  const kinds: Kind[] = [
    'chain',
    'fastify-floor, library loaded',
    'fastify-floor',
    'node-floor',
    'nginx',
    'fastify-static',
  ]
  const servers: Server[] = []
  try {
    for (const kind of kinds) servers.push(await start(kind, root))
    // Warm-up: JIT and caches.
    for (const server of servers) await load(server, 2)
    const runs = new Map<Kind, Run[]>(kinds.map((kind) => [kind, []]))
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse()
      for (const server of order) runs.get(server.kind)?.push(await load(server, seconds))
    }
    const nginx = runs.get('nginx') ?? []
    console.log(
      `Static file ${FILE} (${CONTENT.length} B), ${CONNECTIONS} keep-alive connections, ${rounds} rounds of ${seconds} s; autocannon on CPU 0, servers on CPU 1.`,
    )
    console.log('| Server | req/s | CPU µs/req | vs nginx, req/s | vs nginx, at equal CPU |')
    console.log('| --- | ---: | ---: | ---: | ---: |')
    for (const kind of kinds) {
      const mine = runs.get(kind) ?? []
      const rps = median(mine.map((run) => run.rps))
      const cpu = median(mine.map((run) => run.cpuPerRequest))
      // Per-round ratios, so that a slow round slows both sides.
      const byRps = median(mine.map((run, i) => run.rps / (nginx[i]?.rps ?? Number.NaN)))
      const byCpu = median(
        mine.map((run, i) => (nginx[i]?.cpuPerRequest ?? Number.NaN) / run.cpuPerRequest),
      )
      console.log(
        `| ${kind} | ${Math.round(rps).toLocaleString('en')} | ${cpu.toFixed(1)} | ${byRps.toFixed(2)} | ${byCpu.toFixed(2)} |`,
      )
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
    rmSync(root, { recursive: true, force: true })
  }
}

// ---- child mode: `node static-nginx.ts serve <kind> <root>` starts one Node server ----
async function serve(kind: string | undefined, root: string): Promise<void> {
  const app = await (async () => {
    if (kind === 'chain') {
      const { MicroServicesApp } = await import('fastify-microservices')
      const chain = MicroServicesApp({ root, modulesEnv: false, routeTypes: false, logger: false })
      await chain.registerUrls([])
      return chain
    }
    const body = readFileSync(join(root, 'static', FILE))
    const headers = {
      etag: '"d56-19ad4a2b1c0"',
      'last-modified': new Date().toUTCString(),
      'cache-control': 'public, max-age=0',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'content-type': 'text/css; charset=utf-8',
      'content-length': String(body.length),
    }
    if (kind === 'node-floor') {
      const { createServer: createHttpServer } = await import('node:http')
      const server = createHttpServer((_request, response) => {
        response.writeHead(200, headers).end(body)
      })
      return {
        listen: (options: { host: string; port: number }) =>
          new Promise<void>((done) => server.listen(options.port, options.host, done)),
        close: () => new Promise<void>((done) => server.close(() => done())),
      }
    }
    const { default: Fastify } = await import('fastify')
    const plain = Fastify({ logger: false })
    if (kind === 'fastify-floor, library loaded') await import('fastify-microservices')
    if (kind === 'fastify-floor' || kind === 'fastify-floor, library loaded') {
      plain.get('/static/*', (_request, reply) => reply.headers(headers).send(body))
      return plain
    }
    const { default: fastifyStatic } = await import('@fastify/static')
    await plain.register(fastifyStatic, { root: join(root, 'static'), prefix: '/static/' })
    return plain
  })()
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
  process.send?.('ready')
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
}

if (process.argv[2] === 'serve') await serve(process.argv[3], process.argv[4] ?? '')
else await main()
