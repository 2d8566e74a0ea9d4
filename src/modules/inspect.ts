import { type CompiledRoute, compileRoutes } from '../urls/compile.ts'
import { type ConverterDefinition, converterTable } from '../urls/converters.ts'
import { enabledList, MODULES_ENV, modulesFromEnv, readConfig } from './config.ts'
import { discoverModules, listModules, modulesPath } from './discover.ts'
import { type LoadedModule, loadModules } from './load.ts'
import { mountedRoutes } from './mounted-routes.ts'
import type { ModuleEntry } from './registration.ts'
import { checkRequirements } from './requires.ts'

/** Modules whose rules are known beside the mounted ones: named, or 'all' for every module folder. */
export type KnownModules = readonly string[] | 'all'

/** Where an app's modules are and which are enabled; every field may be left to the app's config. */
export interface InspectOptions {
  readonly root: string
  readonly modulesDir?: string | undefined
  readonly enabled?: readonly ModuleEntry[] | undefined
  /** Environment variable with the enabled list (default 'MODULES'); false to ignore it. */
  readonly modulesEnv?: string | false | undefined
  readonly converters?: Readonly<Record<string, ConverterDefinition>> | undefined
  /** Modules to import and compile beside the enabled ones, without mounting them. */
  readonly known?: KnownModules | undefined
  /** Flask's SERVER_NAME, which subdomain rules are joined to. */
  readonly serverName?: string | undefined
}

/** An app's enabled modules and compiled routes: what start-up would register. */
export interface AppInspection {
  readonly root: string
  /** The modules folder, absolute. */
  readonly folder: string
  /** The enabled modules: the ones to mount, in enabled order. */
  readonly modules: readonly LoadedModule[]
  /** The enabled modules' routes. */
  readonly routes: readonly CompiledRoute[]
  /** The enabled modules, then the other known ones (the enabled ones alone by default). */
  readonly known: readonly LoadedModule[]
  /** The routes of every known module, checked together for conflicts. */
  readonly knownRoutes: readonly CompiledRoute[]
}

/**
 * Finds, imports and checks an app's enabled modules and compiles their routes, without
 * Fastify: start-up and the command line (routes, check) share it, so they cannot disagree.
 */
export async function inspectApp(options: InspectOptions): Promise<AppInspection> {
  const { root, modulesEnv = MODULES_ENV } = options
  const config = readConfig(root)
  const folder = modulesPath(root, options.modulesDir ?? config.modulesDir)
  const { names, entries } = enabledList({
    env:
      modulesEnv === false
        ? undefined
        : { name: modulesEnv, modules: modulesFromEnv(process.env[modulesEnv]) },
    given: options.enabled,
    config: config.modules,
    all: { folder, list: () => listModules(folder) },
  })
  const { known } = options
  const others = (known === 'all' ? listModules(folder) : (known ?? [])).filter(
    (name) => !names.includes(name),
  )
  const enabledModules = await loadModules(discoverModules(folder, entries))
  const all = [
    ...enabledModules,
    ...(await loadModules(discoverModules(folder, others), { loaded: enabledModules })),
  ]
  const mounted = enabledModules
  // A module is required by its folder's name; one mounted twice is there under both.
  checkRequirements(
    mounted.map((m) => m.blueprint),
    [...new Set(mounted.flatMap((m) => [m.name, m.folderName]))],
  )
  const knownRoutes = compileRoutes(
    all.map(mountedRoutes),
    converterTable(options.converters),
    undefined,
    { serverName: options.serverName },
  )
  const modules = mounted
  const enabled = new Set(modules.map((m) => m.name))
  const routes =
    others.length === 0 ? knownRoutes : knownRoutes.filter((r) => enabled.has(r.module))
  return { root, folder, modules, routes, known: all, knownRoutes }
}
