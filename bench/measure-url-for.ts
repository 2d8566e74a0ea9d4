// urlFor against the same string built by hand, in a process of its own:
// `node bench/measure-url-for.ts <calls> <rounds>`; prints {"urlFor": [ns...], "hand": [ns...]}.
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

// Every result feeds this sum, printed at the end, so no loop can be optimised away.
let sink = 0

function timeUrlFor(n: number): number {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) sink += app.urlFor('m.thread', { id: i & 1023, slug: 'hello' }).length
  return Number(process.hrtime.bigint() - start) / n
}

function timeHand(n: number): number {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const values = { id: i & 1023, slug: 'hello' }
    sink += `/board/${values.id}/${encodeURIComponent(values.slug)}`.length
  }
  return Number(process.hrtime.bigint() - start) / n
}

if (app.urlFor('m.thread', { id: 7, slug: 'hello' }) !== '/board/7/hello')
  throw new Error(`urlFor built ${app.urlFor('m.thread', { id: 7, slug: 'hello' })}`)

timeUrlFor(calls / 4)
timeHand(calls / 4)
const urlFor: number[] = []
const hand: number[] = []
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 0) {
    urlFor.push(timeUrlFor(calls))
    hand.push(timeHand(calls))
  } else {
    hand.push(timeHand(calls))
    urlFor.push(timeUrlFor(calls))
  }
}
await app.close()
process.stdout.write(`${JSON.stringify({ urlFor, hand, sink })}\n`)
