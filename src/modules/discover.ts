import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InvalidModuleName, InvalidModulePath, ModuleNotFound } from '../errors.ts'
import { isDirectory, isFile } from '../paths.ts'
import { DEFAULT_MODULES_DIR } from './config.ts'
import { type ModuleEntry, type ModuleRegistration, registrationOf } from './registration.ts'

/** An enabled module as found on disk: pure data, nothing imported yet. */
export interface ModuleDescription {
  /**
   * The name it is mounted under, which its endpoints and `/static_<name>/` carry: its
   * folder's, or its registration's `as`; a child's is dotted under its parent's ('admin.users').
   */
  readonly name: string
  /** Its folder's name, which its blueprint is named after. */
  readonly folderName: string
  readonly dir: string
  /** The index file that holds the blueprint. */
  readonly entry: string
  /** How it was enabled (its prefix and defaults, if given). */
  readonly registration: ModuleRegistration
  /** The mounted name of the module that enabled it, for a child module. */
  readonly parent?: string | undefined
}

/** Index files a module may have, in the order they are tried. */
const INDEX_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs'] as const

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/

/**
 * Refuses a module name that is not a plain folder name (letters, digits, '_' and '-',
 * not starting with a digit or '-') with `InvalidModuleName`.
 */
export function assertModuleName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !MODULE_NAME.test(name)) throw new InvalidModuleName(name)
}

/** The modules folder of an app, checked: `<root>/<modulesDir>`. */
export function modulesPath(root: string, modulesDir = DEFAULT_MODULES_DIR): string {
  const path = resolve(root, modulesDir)
  if (!isDirectory(path)) throw new InvalidModulePath(path)
  return path
}

/** Every folder of the modules folder that holds an index file, sorted by name. */
export function listModules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && MODULE_NAME.test(entry.name))
    .filter((entry) => INDEX_FILES.some((file) => isFile(join(folder, entry.name, file))))
    .map((entry) => entry.name)
    .sort()
}

/** The folder a module's child modules are in: its own `modules/`. */
export const childModulesPath = (dir: string): string => join(dir, DEFAULT_MODULES_DIR)

/**
 * Finds the enabled modules in `folder`, in enabled order; refuses names that are not
 * plain folder names and modules that are missing, saying what was tried. Under `parent`
 * (a module's mounted name), they are that module's children.
 */
export function discoverModules(
  folder: string,
  enabled: readonly ModuleEntry[],
  parent?: string,
): ModuleDescription[] {
  return enabled.map((entry) => {
    const registration = registrationOf(entry)
    const { name } = registration
    assertModuleName(name)
    if (registration.as !== undefined) assertModuleName(registration.as)
    const own = registration.as ?? name
    const dir = join(folder, name)
    const tried = INDEX_FILES.map((file) => join(name, file))
    const index = INDEX_FILES.find((file) => isFile(join(dir, file)))
    if (index === undefined) throw new ModuleNotFound(name, folder, tried)
    return {
      name: parent === undefined ? own : `${parent}.${own}`,
      folderName: name,
      dir,
      entry: join(dir, index),
      registration,
      parent,
    }
  })
}
