// One process of a split app for the deploy tests: APP_ROOT, SERVICE (empty: every module),
// PORT. Every answer says which service (x-service) and process (x-port) gave it.
import { MicroServicesApp } from '../../src/app.ts'
import { gracefulShutdown } from '../../src/shutdown.ts'

const app = MicroServicesApp({
  root: process.env.APP_ROOT,
  service: process.env.SERVICE || false,
  serviceHeader: 'x-service',
  modulesEnv: false,
  routeTypes: false,
})
// Which process answered, for the rolling restart test.
app.addHook('onSend', async (_request, reply) => {
  reply.header('x-port', process.env.PORT)
})
await app.registerUrls()
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
gracefulShutdown(app)
