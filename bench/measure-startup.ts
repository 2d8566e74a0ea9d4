// One start-up, alone in its process: `node --expose-gc bench/measure-startup.ts <kind> <root> <count>`.
// Prints {"buildMs", "processMs", "rss", "heapUsed", "routes"} as one JSON line.
//   modules       MicroServicesApp enabling the count modules of <root>/modules
//   bare-plugins  bare Fastify registering <root>/plugins/*.js, one encapsulated plugin each
//   bare-constrained  the same from <root>/constrained/*.js (paths with the converters' regexes)
//   bare-routes   bare Fastify registering the same paths from one loop, no files
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
// Both libraries load before the clock starts, whichever side runs: only the build is timed.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { MicroServicesApp } from 'fastify-microservices'
import { moduleName, startupRules } from './generate.ts'

const [kind = '', root = '', count = '0'] = process.argv.slice(2)
let routes = 0
const countRoutes = (app: FastifyInstance) =>
  app.addHook('onRoute', () => {
    routes++
  })
const view = (request: { params: unknown }) => `${JSON.stringify(request.params)}`

const started = performance.now()
let app: FastifyInstance
if (kind === 'modules') {
  const modular = MicroServicesApp({ root, modulesEnv: false, routeTypes: false, logger: false })
  countRoutes(modular)
  await modular.registerUrls()
  app = modular
} else if (kind === 'bare-plugins' || kind === 'bare-constrained') {
  app = Fastify({ logger: false })
  countRoutes(app)
  const folder = join(root, kind === 'bare-plugins' ? 'plugins' : 'constrained')
  for (const file of readdirSync(folder).sort()) {
    const plugin = (await import(pathToFileURL(join(folder, file)).href)) as {
      default: FastifyPluginAsync
    }
    app.register(plugin.default)
  }
} else if (kind === 'bare-routes') {
  app = Fastify({ logger: false })
  countRoutes(app)
  for (let i = 0; i < Number(count); i++) {
    for (const { path, methods } of startupRules(moduleName(i)))
      app.route({ method: methods ?? 'GET', url: path, handler: view })
  }
} else {
  throw new Error(`unknown start-up kind '${kind}'`)
}
await app.ready()
const ready = performance.now()

const gc = (globalThis as { gc?: () => void }).gc
gc?.()
gc?.()
const { rss, heapUsed } = process.memoryUsage()
process.stdout.write(
  `${JSON.stringify({ buildMs: ready - started, processMs: ready, rss, heapUsed, routes })}\n`,
)
process.exit(0)
