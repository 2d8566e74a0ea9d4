import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ConvertersUnavailable } from '../errors.ts'
import {
  type AppConfig,
  CONFIG_FILE,
  DEFAULT_MODULES_DIR,
  type EnabledList,
  enabledList,
  MODULES_ENV,
  modulesFromEnv,
  readConfig,
} from '../modules/config.ts'
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
export type EnabledModules = EnabledList

/**
 * Finds the app from the options and the current folder: root, config file and modules
 * folder, read with the same config reader as the app so the two cannot disagree.
 */
export function appPaths(options: AppOptions): AppPaths {
  const root = resolve(options.root ?? process.cwd())
  const file = join(root, CONFIG_FILE)
  const configFile = existsSync(file) ? file : undefined
  const config = readConfig(root)
  const modulesFolder = resolve(
    root,
    options.modulesDir ?? config.modulesDir ?? DEFAULT_MODULES_DIR,
  )
  return { root, configFile, config, modulesFolder }
}

/**
 * The enabled modules, chosen as the app chooses them (the environment, then the config
 * file, else every module folder), except that `--modules` beats them all. The modules
 * folder must exist.
 */
export function enabledModules(paths: AppPaths, options: AppOptions): EnabledModules {
  const folder = modulesPath(paths.root, paths.modulesFolder)
  return enabledList({
    override: options.modules,
    env: { name: MODULES_ENV, modules: modulesFromEnv(process.env[MODULES_ENV]) },
    config: paths.config.modules,
    all: { folder, list: () => listModules(folder) },
  })
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
