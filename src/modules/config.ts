import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What `<root>/microservices.json` may say; the CLI reads the same file. */
export interface AppConfig {
  readonly modules?: readonly string[]
  readonly modulesDir?: string
}

export const CONFIG_FILE = 'microservices.json'

/** Reads the app's configuration file, or nothing when there is none. */
export function readConfig(root: string): AppConfig {
  let text: string
  try {
    text = readFileSync(join(root, CONFIG_FILE), 'utf8')
  } catch {
    return {}
  }
  return JSON.parse(text) as AppConfig
}

/** `MODULES=home,forum` -> ['home', 'forum']; unset or blank -> undefined. */
export function modulesFromEnv(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}

/**
 * The enabled list, from the first that says one: the environment (ops can drop a module
 * in or out without a code change), the list given in code, the config file, else every
 * module folder.
 */
export function enabledList(sources: {
  env?: readonly string[]
  given?: readonly string[]
  config?: readonly string[]
  all: () => string[]
}): readonly string[] {
  return sources.env ?? sources.given ?? sources.config ?? sources.all()
}
