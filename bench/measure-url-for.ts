// urlFor against the same string built by hand, in a process of its own, for two shapes:
// 'm.thread' with an int and a slug, 'm.item' with an int and one query value.
// Timed in CPU time of the process (user + system, GC included), not wall time, so a
// loaded machine does not count the time others hold the CPU.
// `node bench/measure-url-for.ts <calls> <rounds>`; prints
// {"urlFor": [ns...], "hand": [ns...], "urlForQuery": [ns...], "handQuery": [ns...]}.
import { fileURLToPath } from 'node:url'
import { MicroServicesApp } from 'fastify-microservices'

const calls = Number(process.argv[2] ?? 2e6)
const rounds = Number(process.argv[3] ?? 5)

const app = MicroServicesApp({
  root: fileURLToPath(new URL('./fixtures/site/', import.meta.url)),
  modulesEnv: false,
  routeTypes: false,
  logger: false,
})
await app.registerUrls()
await app.ready()

/** CPU time of the process so far, in nanoseconds (microsecond resolution). */
const cpuNs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) * 1000
}

// Every result feeds this sum, printed at the end, so no loop can be optimised away.
let sink = 0

function timeUrlFor(n: number): number {
  const start = cpuNs()
  for (let i = 0; i < n; i++) sink += app.urlFor('m.thread', { id: i & 1023, slug: 'hello' }).length
  return (cpuNs() - start) / n
}

function timeHand(n: number): number {
  const start = cpuNs()
  for (let i = 0; i < n; i++) {
    const values = { id: i & 1023, slug: 'hello' }
    sink += `/board/${values.id}/${encodeURIComponent(values.slug)}`.length
  }
  return (cpuNs() - start) / n
}

function timeUrlForQuery(n: number): number {
  const start = cpuNs()
  for (let i = 0; i < n; i++) sink += app.urlFor('m.item', { id: i & 1023, page: 2 }).length
  return (cpuNs() - start) / n
}

function timeHandQuery(n: number): number {
  const start = cpuNs()
  for (let i = 0; i < n; i++) {
    const values = { id: i & 1023, page: 2 }
    sink += `/item/${values.id}?page=${encodeURIComponent(values.page)}`.length
  }
  return (cpuNs() - start) / n
}

const checks: [string, string][] = [
  [app.urlFor('m.thread', { id: 7, slug: 'hello' }), '/board/7/hello'],
  [app.urlFor('m.item', { id: 7, page: 2 }), '/item/7?page=2'],
]
for (const [built, expected] of checks) {
  if (built !== expected) throw new Error(`urlFor built ${built}, not ${expected}`)
}

const pairs: [(n: number) => number, (n: number) => number, number[], number[]][] = [
  [timeUrlFor, timeHand, [], []],
  [timeUrlForQuery, timeHandQuery, [], []],
]
for (const [built, hand] of pairs) {
  built(calls / 4)
  hand(calls / 4)
}
for (let round = 0; round < rounds; round++) {
  for (const [built, hand, builtTimes, handTimes] of pairs) {
    if (round % 2 === 0) {
      builtTimes.push(built(calls))
      handTimes.push(hand(calls))
    } else {
      handTimes.push(hand(calls))
      builtTimes.push(built(calls))
    }
  }
}
await app.close()
const [[, , urlFor, hand], [, , urlForQuery, handQuery]] = pairs as [
  (typeof pairs)[0],
  (typeof pairs)[0],
]
process.stdout.write(`${JSON.stringify({ urlFor, hand, urlForQuery, handQuery, sink })}\n`)
