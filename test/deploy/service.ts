// One process of a split app for the deploy tests: APP_ROOT, SERVICE (empty: every module),
// PORT. Every answer says which service gave it (x-service).
import { MicroServicesApp } from '../../src/app.ts'
import { gracefulShutdown } from '../../src/shutdown.ts'

const app = MicroServicesApp({
  root: process.env.APP_ROOT,
  service: process.env.SERVICE || false,
  serviceHeader: 'x-service',
  modulesEnv: false,
  routeTypes: false,
})
await app.registerUrls()
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
gracefulShutdown(app)
