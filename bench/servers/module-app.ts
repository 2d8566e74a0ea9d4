import { MicroServicesApp } from 'fastify-microservices'
import type { ServerFactory } from './types.ts'

/** The app of a fixture folder, every module of its modules/ enabled. */
const create: ServerFactory = async ({ root }) => {
  const app = MicroServicesApp({ root, modulesEnv: false, routeTypes: false, logger: false })
  await app.registerUrls()
  return app
}
export default create
