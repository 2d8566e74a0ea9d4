import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ConfigUnreadable, ConvertersUnavailable } from '../errors.ts'
import { type AppConfig, CONFIG_FILE, modulesFromEnv, readConfig } from '../modules/config.ts'
import { listModules, modulesPath } from '../modules/discover.ts'
import type { ConverterDefinition } from '../urls/converters.ts'

/** What every command that reads an app accepts: the same overrides everywhere. */
export interface AppOptions {
  readonly root?: string
  readonly modulesDir?: string
  readonly modules?: readonly string[]
  readonly converters?: string
}

/** An app's folders as the command line sees them; nothing is imported yet. */
export interface AppPaths {
  readonly root: string
  /** The config file's path when the app has one. */
  readonly configFile: string | undefined
  readonly config: AppConfig
  /** The modules folder, absolute; it may not exist (new-module creates it). */
  readonly modulesFolder: string
}

/** The enabled list and where it came from, so commands can say why a module is (not) there. */
export interface EnabledModules {
  readonly names: readonly string[]
  readonly source: string
}

/** Environment variable the app reads its enabled list from, by default. */
const MODULES_ENV = 'MODULES'

/**
 * Finds the app from the options and the current folder: root, config file and modules
 * folder, read with the same config reader as the app so the two cannot disagree.
 */
export function appPaths(options: AppOptions): AppPaths {
  const root = resolve(options.root ?? process.cwd())
  const file = join(root, CONFIG_FILE)
  const configFile = existsSync(file) ? file : undefined
  let config: AppConfig
  try {
    config = readConfig(root)
  } catch (cause) {
    throw new ConfigUnreadable(file, cause instanceof Error ? cause.message : String(cause), cause)
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigUnreadable(file, 'it does not hold a JSON object')
  }
  const { modules, modulesDir } = config
  if (modules !== undefined && !(Array.isArray(modules) && modules.every(isString))) {
    throw new ConfigUnreadable(file, `"modules" is ${JSON.stringify(modules)}, not a list of names`)
  }
  if (modulesDir !== undefined && !isString(modulesDir)) {
    throw new ConfigUnreadable(file, `"modulesDir" is ${JSON.stringify(modulesDir)}, not a folder`)
  }
  const modulesFolder = resolve(root, options.modulesDir ?? modulesDir ?? 'modules')
  return { root, configFile, config, modulesFolder }
}

const isString = (value: unknown): value is string => typeof value === 'string'

/**
 * The enabled modules, chosen as the app chooses them (the environment, then the config
 * file, else every module folder), except that `--modules` beats them all. The modules
 * folder must exist.
 */
export function enabledModules(paths: AppPaths, options: AppOptions): EnabledModules {
  const folder = modulesPath(paths.root, paths.modulesFolder)
  if (options.modules !== undefined) return { names: options.modules, source: '--modules' }
  const env = modulesFromEnv(process.env[MODULES_ENV])
  if (env !== undefined) return { names: env, source: `the ${MODULES_ENV} environment variable` }
  if (paths.config.modules !== undefined) {
    return { names: paths.config.modules, source: CONFIG_FILE }
  }
  return { names: listModules(folder), source: `every module folder of ${folder}` }
}

/** The converters the app registers, from the file named by `--converters`, if any. */
export async function loadConverters(
  root: string,
  file: string | undefined,
): Promise<Record<string, ConverterDefinition> | undefined> {
  if (file === undefined) return undefined
  const path = resolve(root, file)
  if (!existsSync(path)) throw new ConvertersUnavailable(path, 'the file does not exist')
  let exports: Record<string, unknown>
  try {
    exports = await import(pathToFileURL(path).href)
  } catch (cause) {
    const problem = `it failed while loading: ${cause instanceof Error ? cause.message : String(cause)}`
    throw new ConvertersUnavailable(path, problem, cause)
  }
  const converters = exports.converters ?? exports.default
  if (typeof converters !== 'object' || converters === null) {
    throw new ConvertersUnavailable(
      path,
      `it exports ${Object.keys(exports).join(', ') || 'nothing'}`,
    )
  }
  return converters as Record<string, ConverterDefinition>
}
