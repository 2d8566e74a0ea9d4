// Loaded code: does importing a big module (and never calling it) make a bare server slower?
//
// Measures server CPU time per request (utime + stime from /proc/<pid>/stat, over a fixed
// number of keep-alive requests from autocannon in another process), the server pinned to
// CPU 1 and autocannon to CPU 0, with the variants interleaved round by round so the
// machine's noise falls on all of them alike. Prints median and quartiles per variant.
//
//   npm run build   # the `library` variants import dist/
//   PATH=$PWD/node_modules/.bin:$PATH node bench/loaded-code.ts [rounds] [requests] [variant...]
//
// e.g. `node bench/loaded-code.ts 9 40000 http http+express http+library`
// Variants: <server>[+<import>...] where server is `http` (node:http answering "hello")
// or `fastify` (a bare Fastify route), and each import is one of the IMPORTS below.
// Linux only (reads /proc, uses taskset). Prints each variant's median and quartiles, and
// its ratio to the first variant in the same round (paired: drift between rounds cancels).
//
// What it found: the slowdown was process.nextTick falling off V8's fast path after a major
// GC (src/next-tick.ts; plain-Node reproduction in bench/next-tick-gc.ts). A bigger heap
// brings the first major GC into the measured window, so whatever was imported seemed to cost.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** What a variant may import before it serves (imported only, never called). */
const IMPORTS: Record<string, string[]> = {
  express: ['express'],
  library: ['fastify-microservices'],
  chokidar: ['chokidar'],
  mime: ['mime'],
  nunjucks: ['nunjucks'],
  yaml: ['yaml'],
  kubernetes: ['kubernetes-models'],
  ajv: ['ajv'],
  async_hooks: ['node:async_hooks'],
  // bisecting the library: the third-party and built-in modules its import loads, then
  // its own error classes (dist/ must be built)
  'library-deps': [
    '@fastify/error',
    'fastify-plugin',
    'escape-html',
    'lru-cache',
    'fastest-levenshtein',
    'node:crypto',
    'node:fs/promises',
    'node:async_hooks',
  ],
  'library-errors': [new URL('../dist/errors.js', import.meta.url).href],
  // its own URL code: about a dozen ESM files, no third-party module
  'library-urls': ['../dist/urls/url-map.js', '../dist/urls/compile.js'].map(
    (path) => new URL(path, import.meta.url).href,
  ),
}

const self = fileURLToPath(import.meta.url)
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** The child: import what the variant says, then serve on 127.0.0.1, print the port. */
async function serve(variant: string): Promise<void> {
  const [server, ...imports] = variant.split('+')
  for (const name of imports) {
    const specifiers = IMPORTS[name]
    if (specifiers === undefined) throw new Error(`unknown import ${name}`)
    for (const specifier of specifiers) await import(specifier)
  }
  if (server === 'http') {
    const { createServer } = await import('node:http')
    const s = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' })
      response.end('hello')
    })
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      if (address !== null && typeof address === 'object') console.log(address.port)
    })
  } else if (server === 'fastify') {
    const { default: Fastify } = await import('fastify')
    const app = Fastify()
    app.get('/', async () => 'hello')
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    if (address !== null && typeof address === 'object') console.log(address.port)
  } else {
    throw new Error(`unknown server ${server}`)
  }
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICK
}

function autocannon(port: number, amount: number): void {
  const bin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url))
  const run = spawnSync(
    'taskset',
    [
      '-c',
      '0',
      process.execPath,
      bin,
      '-c',
      '10',
      '-a',
      String(amount),
      `http://127.0.0.1:${port}/`,
    ],
    { encoding: 'utf8', timeout: 300_000 },
  )
  if (run.status !== 0) throw new Error(`autocannon failed: ${run.stderr}`)
}

/** One round of one variant: start, warm up, measure, stop. Microseconds of CPU per request. */
async function round(variant: string, requests: number): Promise<number> {
  const child = spawn('taskset', ['-c', '1', process.execPath, self, '--serve', variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const lines = createInterface({ input: child.stdout })
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${variant}: no port in 30 s`)), 30_000)
      lines.once('line', (line) => {
        clearTimeout(timer)
        resolve(Number(line))
      })
      child.once('exit', (code) => reject(new Error(`${variant} exited ${code}`)))
    })
    if (child.pid === undefined) throw new Error('no pid')
    autocannon(port, Math.max(2000, Math.floor(requests / 5))) // warm-up: JIT, sockets
    const before = cpuSeconds(child.pid)
    autocannon(port, requests)
    const after = cpuSeconds(child.pid)
    return ((after - before) / requests) * 1e6
  } finally {
    child.kill()
  }
}

function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (at - low)
}

async function main(): Promise<void> {
  const [rounds = '7', requests = '40000', ...asked] = process.argv.slice(2)
  const variants = asked.length > 0 ? asked : ['http', 'http+express', 'fastify', 'fastify+library']
  const results = new Map<string, number[]>(variants.map((v) => [v, []]))
  for (let r = 0; r < Number(rounds); r++) {
    // rotate the order each round, so no variant always runs first after a pause
    const order = variants.map((_, i) => variants[(i + r) % variants.length] as string)
    for (const variant of order) {
      const us = await round(variant, Number(requests))
      results.get(variant)?.push(us)
      process.stderr.write(`round ${r + 1} ${variant}: ${us.toFixed(2)} us/req\n`)
    }
  }
  const first = results.get(variants[0] as string) ?? []
  console.log(`CPU per request (us), ${rounds} rounds x ${requests} requests, server on CPU 1`)
  console.log('ratio: to the first variant in the same round (paired), median [q1, q3]')
  console.log('variant                         q1      median  q3      ratio')
  for (const [variant, values] of results) {
    const sorted = [...values].sort((a, b) => a - b)
    const ratios = values.map((value, i) => value / (first[i] ?? Number.NaN)).sort((a, b) => a - b)
    const cells = [0.25, 0.5, 0.75].map((q) => quantile(sorted, q).toFixed(2).padEnd(6))
    const ratio = `${quantile(ratios, 0.5).toFixed(3)} [${quantile(ratios, 0.25).toFixed(3)}, ${quantile(ratios, 0.75).toFixed(3)}]`
    console.log(`${variant.padEnd(30)}  ${cells.join('  ')}  ${ratio}`)
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as string)
else await main()
