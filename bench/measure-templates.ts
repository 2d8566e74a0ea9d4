// The bench page (extends + include + 14 url_for) rendered in-process, without HTTP:
// `node bench/measure-templates.ts <renders> <rounds>`; prints
// {"module": [us...], "view": [us...]}, CPU microseconds per render, one figure per round,
// their medians and the median of the per-round ratios view / module.
import { fileURLToPath } from 'node:url'
import type {} from '@fastify/view'
import type { FastifyInstance } from 'fastify'
import { MicroServicesApp } from 'fastify-microservices'
import { createNunjucksEngine } from '../src/templates/nunjucks.ts'
import bareFastify from './servers/fastify.ts'
import { HAND_URLS, PAGE_CONTEXT } from './shapes.ts'

const renders = Number(process.argv[2] ?? 20_000)
const rounds = Number(process.argv[3] ?? 5)
const root = fileURLToPath(new URL('./fixtures/site/', import.meta.url))

// The module app as bench/servers/module-app.ts builds it.
const app = MicroServicesApp({ root, modulesEnv: false, routeTypes: false, logger: false })
await app.registerUrls()
await app.ready()
// bench/servers/fastify.ts builds a Fastify instance with @fastify/view registered.
const view = (await bareFastify({ root })) as FastifyInstance
await view.ready()

const renderModule = () => app.render('page.html', PAGE_CONTEXT, { module: 'm' })
const renderView = () => view.view('page.html', PAGE_CONTEXT)

// The engine alone, with @fastify/view's hand-written url_for: what urlFor costs is the difference.
const engine = createNunjucksEngine({
  rootDir: `${root}templates`,
  modules: [{ module: 'm', dir: `${root}modules/m/templates` }],
})
const handUrlFor = (endpoint: string, values: Record<string, unknown> = {}) =>
  (HAND_URLS[endpoint] as (values: Record<string, unknown>) => string)(values)
const renderEngine = () =>
  engine.render('page.html', { ...PAGE_CONTEXT }, { module: 'm', globals: { url_for: handUrlFor } })

const same = (html: string) => html.replace(/\s+/g, ' ')
if (same(await renderModule()) !== same(await renderView()))
  throw new Error(`the pages differ:\n${await renderModule()}\n---\n${await renderView()}`)

/** CPU time (user + system) per render, in microseconds: wall time would count the other processes of a loaded machine. */
async function time(render: () => string | Promise<string>, n: number): Promise<number> {
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) await render()
  const { user, system } = process.cpuUsage(start)
  return (user + system) / n
}

await time(renderModule, renders / 4)
await time(renderView, renders / 4)
await time(renderEngine, renders / 4)
const result: { module: number[]; view: number[]; engineHandUrls: number[] } = {
  module: [],
  view: [],
  engineHandUrls: [],
}
for (let round = 0; round < rounds; round++) {
  result.module.push(await time(renderModule, renders))
  result.view.push(await time(renderView, renders))
  result.engineHandUrls.push(await time(renderEngine, renders))
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN
const ratios = result.module.map((m, i) => (result.view[i] ?? Number.NaN) / m)
console.log(
  JSON.stringify({
    ...result,
    medianUs: {
      module: median(result.module),
      view: median(result.view),
      engineHandUrls: median(result.engineHandUrls),
    },
    // Above 1: the module app renders faster than @fastify/view.
    medianRatio: median(ratios),
  }),
)
await app.close()
await view.close()
