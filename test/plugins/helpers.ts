import Fastify, { type FastifyInstance } from 'fastify'
import { type MicroServicesPluginOptions, microservices } from '../../src/index.ts'
import { fixture } from '../helpers.ts'

/**
 * A plain Fastify app as an ecosystem user builds one: `before` registers the app-level
 * plugins, then the modules of test/fixtures/plugins are mounted.
 */
export async function pluginsApp(
  modules: readonly string[],
  before: (app: FastifyInstance) => Promise<void> = async () => {},
  options: MicroServicesPluginOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify()
  await before(app)
  await app.register(microservices, {
    root: fixture('plugins'),
    modules,
    modulesEnv: false,
    routeTypes: false,
    ...options,
  })
  await app.ready()
  return app
}
