import { type CompiledRoute, compileRoutes } from '../urls/compile.ts'
import { type ConverterDefinition, converterTable } from '../urls/converters.ts'
import { enabledList, modulesFromEnv, readConfig } from './config.ts'
import { discoverModules, listModules, modulesPath } from './discover.ts'
import { type LoadedModule, loadModules } from './load.ts'
import { checkRequirements } from './requires.ts'

/** Where an app's modules are and which are enabled; every field may be left to the app's config. */
export interface InspectOptions {
  readonly root: string
  readonly modulesDir?: string
  readonly enabled?: readonly string[]
  /** Environment variable with the enabled list (default 'MODULES'); false to ignore it. */
  readonly modulesEnv?: string | false
  readonly converters?: Readonly<Record<string, ConverterDefinition>>
}

/** An app's enabled modules and compiled routes: what start-up would register. */
export interface AppInspection {
  readonly root: string
  /** The modules folder, absolute. */
  readonly folder: string
  readonly modules: readonly LoadedModule[]
  readonly routes: readonly CompiledRoute[]
}

/**
 * Finds, imports and checks an app's enabled modules and compiles their routes, without
 * Fastify: start-up and the command line (routes, check) share it, so they cannot disagree.
 */
export async function inspectApp(options: InspectOptions): Promise<AppInspection> {
  const { root, modulesEnv = 'MODULES' } = options
  const config = readConfig(root)
  const folder = modulesPath(root, options.modulesDir ?? config.modulesDir)
  const names = enabledList({
    env: modulesEnv === false ? undefined : modulesFromEnv(process.env[modulesEnv]),
    given: options.enabled,
    config: config.modules,
    all: () => listModules(folder),
  })
  const modules = await loadModules(discoverModules(folder, names))
  checkRequirements(
    modules.map((m) => m.blueprint),
    modules.map((m) => m.blueprint.name),
  )
  const routes = compileRoutes(
    modules.map((m) => ({
      module: m.blueprint.name,
      file: m.entry,
      patterns: m.blueprint.urlpatterns,
    })),
    converterTable(options.converters),
  )
  return { root, folder, modules, routes }
}
