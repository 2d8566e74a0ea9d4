// In-process CPU per request of module routes (app.inject, no sockets), for a loaded
// machine where the socket comparisons are too noisy: the site's unambiguous route
// against bare Fastify's, and the rules of the fall-through fixture (comparison 9).
// node bench/measure-matching.ts [requests per round, default 20000] [rounds, default 5]
import type { FastifyInstance } from 'fastify'
import { MicroServicesApp } from 'fastify-microservices'
import bare from './servers/fastify.ts'

const perRound = Number(process.argv[2] ?? 20_000)
const rounds = Number(process.argv[3] ?? 5)
const root = (name: string) => new URL(`./fixtures/${name}/`, import.meta.url).pathname

async function moduleApp(name: string) {
  const app = MicroServicesApp({
    root: root(name),
    modulesEnv: false,
    routeTypes: false,
    logger: false,
  })
  await app.registerUrls()
  await app.ready()
  return app
}

const site = await moduleApp('site')
const fall = await moduleApp('fall-through')
const plain = (await bare({ root: root('site') })) as unknown as FastifyInstance
await plain.ready()

const targets = [
  { label: 'bare Fastify /board/7/hello', app: plain, url: '/board/7/hello' },
  { label: 'module /board/7/hello (site)', app: site, url: '/board/7/hello' },
  { label: 'module /board/7/hello (app with fall-through)', app: fall, url: '/board/7/hello' },
  { label: 'fall-through: first rule /2024', app: fall, url: '/2024' },
  { label: 'fall-through: to path /Some/Page', app: fall, url: '/Some/Page' },
  { label: 'fall-through: float after int /n/1.5', app: fall, url: '/n/1.5' },
]
const samples = new Map<string, number[]>(targets.map((t) => [t.label, []]))
for (let round = 0; round < rounds; round++) {
  for (const { label, app, url } of round % 2 === 0 ? targets : [...targets].reverse()) {
    const first = await app.inject(url)
    if (first.statusCode !== 200) throw new Error(`${label}: ${first.statusCode} ${first.body}`)
    const start = process.cpuUsage()
    for (let i = 0; i < perRound; i++) await app.inject(url)
    const used = process.cpuUsage(start)
    samples.get(label)?.push((used.user + used.system) / perRound)
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const base = median(samples.get(targets[0]?.label as string) ?? [])
for (const { label } of targets) {
  const m = median(samples.get(label) ?? [])
  console.log(`${label.padEnd(48)} ${m.toFixed(1).padStart(7)} µs/req  x${(m / base).toFixed(3)}`)
}
await Promise.all([site.close(), fall.close(), plain.close()])
