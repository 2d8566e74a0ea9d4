import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigUnreadable } from '../errors.ts'
import { packageEntryString } from './packages.ts'

/** What `<root>/microservices.json` may say; the app and the command line read it here alone. */
export interface AppConfig {
  readonly modules?: readonly string[]
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
  const { modulesDir } = config as Record<string, unknown>
  const modules = installedEntries((config as Record<string, unknown>).modules)
  if (modules !== undefined && !(Array.isArray(modules) && modules.every(isString))) {
    throw new ConfigUnreadable(file, `"modules" is ${JSON.stringify(modules)}, not a list of names`)
  }
  if (modulesDir !== undefined && !isString(modulesDir)) {
    throw new ConfigUnreadable(file, `"modulesDir" is ${JSON.stringify(modulesDir)}, not a folder`)
  }
  return { ...(config as AppConfig), ...(modules === undefined ? {} : { modules }) }
}

/** `{ "package": "@acme/fms-blog", "name"?: "blog" }` entries as the strings discovery reads. */
function installedEntries(modules: unknown): unknown {
  if (!Array.isArray(modules)) return modules
  return modules.map((entry: unknown) => {
    const { package: pkg, name, ...rest } = (entry ?? {}) as Record<string, unknown>
    const plain = typeof entry === 'object' && Object.keys(rest).length === 0
    if (!plain || !isString(pkg) || !(name === undefined || isString(name))) return entry
    return packageEntryString(pkg, name)
  })
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
  readonly given?: readonly string[] | undefined
  readonly config?: readonly string[] | undefined
  /** Every module folder, and the folder; read only when nothing else says. */
  readonly all: { readonly folder: string; readonly list: () => string[] }
}

/** The enabled list and where it came from, so the command line can say why. */
export interface EnabledList {
  readonly names: readonly string[]
  readonly source: string
}

/**
 * The enabled list, from the first that says one: the command line, the environment (ops
 * can drop a module in or out without a code change), the list given in code, the config
 * file, else every module folder. The one place this order is written.
 */
export function enabledList(sources: EnabledSources): EnabledList {
  if (sources.override !== undefined) return { names: sources.override, source: '--modules' }
  const env = sources.env?.modules
  if (env !== undefined) {
    return { names: env, source: `the ${sources.env?.name} environment variable` }
  }
  if (sources.given !== undefined) return { names: sources.given, source: 'the list given in code' }
  if (sources.config !== undefined) return { names: sources.config, source: CONFIG_FILE }
  return { names: sources.all.list(), source: `every module folder of ${sources.all.folder}` }
}
