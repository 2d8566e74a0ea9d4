import { MicroServicesApp, type MicroServicesInstance, type MicroServicesOptions } from './app.ts'
import { readConfig } from './modules/config.ts'
import { discoverModules, modulesPath } from './modules/discover.ts'
import { loadModules } from './modules/load.ts'

/** What testModule boots: the app's options, its modules folder, and what the app adds first. */
export interface ModuleTestOptions extends MicroServicesOptions {
  /** The modules folder, from the root (default: microservices.json's, else 'modules'). */
  readonly modulesDir?: string
  /** Runs before the modules are mounted: the decorations and plugins the app gives its modules. */
  readonly prepare?: (app: MicroServicesInstance) => void | Promise<void>
}

/**
 * The module `name` and the modules it requires, transitively: exactly what it needs.
 */
async function requiredClosure(folder: string, name: string): Promise<string[]> {
  const found: string[] = []
  const queue = [name]
  while (queue.length > 0) {
    const next = queue.shift() as string
    if (found.includes(next)) continue
    found.push(next)
    const [module] = await loadModules(discoverModules(folder, [next]))
    queue.push(...(module?.blueprint.requires ?? []))
  }
  return found
}

/**
 * Boots one module with exactly the modules it requires (Spring Modulith's
 * `@ApplicationModuleTest`): a real app, not listening, that `inject()` asks.
 * @example const app = await testModule('blog', { root: join(import.meta.dirname, '../..') })
 */
export async function testModule(
  name: string,
  options: ModuleTestOptions = {},
): Promise<MicroServicesInstance> {
  const { modulesDir, prepare, ...appOptions } = options
  const root = options.root ?? process.cwd()
  const folder = modulesPath(root, modulesDir ?? readConfig(root).modulesDir)
  const enabled = await requiredClosure(folder, name)
  const app = MicroServicesApp({ modulesEnv: false, routeTypes: false, ...appOptions, root })
  try {
    await prepare?.(app)
    await app.registerUrls(enabled, folder)
  } catch (error) {
    await app.close()
    throw error
  }
  return app
}
