import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InvalidModuleName, InvalidModulePath, ModuleNotFound } from '../errors.ts'
import { isDirectory, isFile } from '../paths.ts'
import { DEFAULT_MODULES_DIR } from './config.ts'
import { findPackageModule, packageEntry } from './packages.ts'

/** An enabled module as found on disk: pure data, nothing imported yet. */
export interface ModuleDescription {
  readonly name: string
  readonly dir: string
  /** The index file that holds the blueprint. */
  readonly entry: string
  /** The npm package it was installed from; the app's root templates and static files override its. */
  readonly package?: string
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

/**
 * Finds the enabled modules in `folder`, in enabled order; refuses names that are not
 * plain folder names and modules that are missing, saying what was tried. An entry that
 * names a package (`@acme/fms-blog`, `blog=fms-blog`) is found by Node's resolution from
 * `folder` instead.
 */
export function discoverModules(folder: string, enabled: readonly string[]): ModuleDescription[] {
  return enabled.map((name) => {
    const installed = packageEntry(name)
    if (installed !== undefined) return findPackageModule(installed, folder)
    assertModuleName(name)
    const dir = join(folder, name)
    const tried = INDEX_FILES.map((file) => join(name, file))
    const index = INDEX_FILES.find((file) => isFile(join(dir, file)))
    if (index === undefined) throw new ModuleNotFound(name, folder, tried)
    return { name, dir, entry: join(dir, index) }
  })
}

/**
 * The module name an enabled entry stands for: a folder's name as it is, a package's as
 * the package declares it (or the entry itself while the package cannot be read).
 */
export function entryName(folder: string, entry: string): string {
  const installed = packageEntry(entry)
  if (installed === undefined) return entry
  try {
    return findPackageModule(installed, folder).name
  } catch {
    return installed.name ?? entry
  }
}
