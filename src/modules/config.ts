import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigUnreadable } from '../errors.ts'
import {
  type ModuleEntry,
  type ModuleRegistration,
  mountedName,
  registrationOf,
} from './registration.ts'

/** What `<root>/microservices.json` may say; the app and the command line read it here alone. */
export interface AppConfig {
  /** Names, or registrations: `[ "home", { "name": "forum", "prefix": "/community" } ]`. */
  readonly modules?: readonly ModuleEntry[]
  readonly modulesDir?: string
  /** Overrides of each module's settings: `{ "blog": { "perPage": 20 } }`. */
  readonly settings?: Readonly<Record<string, unknown>>
}

export const CONFIG_FILE = 'microservices.json'

/** Environment variable the enabled list is read from, unless the app names another. */
export const MODULES_ENV = 'MODULES'

/** The modules folder, from the root, when neither the app nor its config names one. */
export const DEFAULT_MODULES_DIR = 'modules'

const isString = (value: unknown): value is string => typeof value === 'string'

/**
 * Reads and checks the app's configuration file; no file is an empty configuration.
 * Anything else than `{ "modules"?: string[], "modulesDir"?: string }` is refused with
 * `ConfigUnreadable`, naming the file and the problem.
 */
export function readConfig(root: string): AppConfig {
  const file = join(root, CONFIG_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigUnreadable(file, (cause as Error).message, cause)
  }
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch (cause) {
    throw new ConfigUnreadable(file, (cause as Error).message, cause)
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigUnreadable(file, 'it does not hold a JSON object')
  }
  const { modules, modulesDir } = config as Record<string, unknown>
  if (modules !== undefined && !Array.isArray(modules)) {
    throw new ConfigUnreadable(file, `"modules" is ${JSON.stringify(modules)}, not a list of names`)
  }
  for (const entry of modules ?? []) {
    try {
      registrationOf(entry)
    } catch (cause) {
      throw new ConfigUnreadable(file, (cause as Error).message, cause)
    }
  }
  if (modulesDir !== undefined && !isString(modulesDir)) {
    throw new ConfigUnreadable(file, `"modulesDir" is ${JSON.stringify(modulesDir)}, not a folder`)
  }
  return { ...(config as AppConfig), ...(modules === undefined ? {} : { modules }) }
}

/** `MODULES=home,forum` -> ['home', 'forum']; unset or blank -> undefined. */
export function modulesFromEnv(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}

/** Where an enabled list may come from, strongest first. */
export interface EnabledSources {
  /** The command line's `--modules`. */
  readonly override?: readonly string[] | undefined
  /** The environment variable's list, and the variable's name. */
  readonly env?: { readonly name: string; readonly modules: readonly string[] | undefined }
  /** The list given in code (`registerUrls([...])`, the plugin's `modules`). */
  readonly given?: readonly ModuleEntry[] | undefined
  readonly config?: readonly ModuleEntry[] | undefined
  /** Every module folder, and the folder; read only when nothing else says. */
  readonly all: { readonly folder: string; readonly list: () => string[] }
}

/** The enabled list and where it came from, so the command line can say why. */
export interface EnabledList {
  /** The names the modules are mounted under ('help' for `{ "name": "forum", "as": "help" }`). */
  readonly names: readonly string[]
  /** How each is registered, in the same order. */
  readonly entries: readonly ModuleRegistration[]
  readonly source: string
}

function listOf(
  entries: readonly ModuleEntry[],
  source: string,
  known: readonly ModuleEntry[] = [],
): EnabledList {
  // A bare name keeps the registration the code or the config file gives it (its prefix…).
  const registered = new Map(known.map(registrationOf).map((r) => [mountedName(r), r]))
  const registrations = entries.map(
    (entry) =>
      (typeof entry === 'string' ? registered.get(entry) : undefined) ?? registrationOf(entry),
  )
  return { names: registrations.map(mountedName), entries: registrations, source }
}

/**
 * The enabled list, from the first that says one: the command line, the environment (ops
 * can drop a module in or out without a code change), the list given in code, the config
 * file, else every module folder. The one place this order is written. A name of the first
 * two lists is registered as the code or the config file registers it.
 */
export function enabledList(sources: EnabledSources): EnabledList {
  // The command line and the environment choose modules by name; how each is registered
  // is still the code's or the config file's.
  const known = [...(sources.config ?? []), ...(sources.given ?? [])]
  if (sources.override !== undefined) return listOf(sources.override, '--modules', known)
  const env = sources.env?.modules
  if (env !== undefined) {
    return listOf(env, `the ${sources.env?.name} environment variable`, known)
  }
  if (sources.given !== undefined) return listOf(sources.given, 'the list given in code')
  if (sources.config !== undefined) return listOf(sources.config, CONFIG_FILE)
  return listOf(sources.all.list(), `every module folder of ${sources.all.folder}`)
}
