import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InvalidModuleName, InvalidModulePath, ModuleNotFound } from '../errors.ts'
import { isDirectory, isFile } from '../paths.ts'
import { DEFAULT_MODULES_DIR } from './config.ts'
import { findPackageModule } from './packages.ts'
import {
  askedName,
  type ModuleEntry,
  type ModuleRegistration,
  registrationOf,
} from './registration.ts'

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
  /** The npm package it was installed from; the app's root templates and static files override its. */
  readonly package?: string | undefined
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
 * plain folder names and modules that are missing, saying what was tried. An entry that
 * names a package (`@acme/fms-blog`, `blog=fms-blog`, `{ "package": … }`) is found by Node's
 * resolution from `folder` instead. Under `parent` (a module's mounted name), they are that
 * module's children.
 */
export function discoverModules(
  folder: string,
  enabled: readonly ModuleEntry[],
  parent?: string,
): ModuleDescription[] {
  return enabled.map((entry) => {
    const registration = registrationOf(entry)
    if (registration.as !== undefined) assertModuleName(registration.as)
    const mounted = (own: string) => (parent === undefined ? own : `${parent}.${own}`)
    if (registration.package !== undefined) {
      const found = findRegisteredPackage(registration.package, registration, folder)
      return {
        name: mounted(registration.as ?? found.name),
        folderName: found.name,
        dir: found.dir,
        entry: found.entry,
        registration,
        parent,
        package: found.package,
      }
    }
    const { name } = registration
    assertModuleName(name)
    const dir = join(folder, name)
    const tried = INDEX_FILES.map((file) => join(name, file))
    const index = INDEX_FILES.find((file) => isFile(join(dir, file)))
    if (index === undefined) throw new ModuleNotFound(name, folder, tried)
    return {
      name: mounted(registration.as ?? name),
      folderName: name,
      dir,
      entry: join(dir, index),
      registration,
      parent,
    }
  })
}

/**
 * The module an enabled entry stands for: a folder's name as it is, a package's as the
 * package declares it (or as the entry says while the package cannot be read).
 */
export function entryName(folder: string, registration: ModuleRegistration): string {
  const { package: pkg } = registration
  if (pkg === undefined) return registration.name
  try {
    return findRegisteredPackage(pkg, registration, folder).name
  } catch {
    return registration.name
  }
}

/** The package a registration installs its module from, asked for the name it gives. */
const findRegisteredPackage = (pkg: string, registration: ModuleRegistration, folder: string) =>
  findPackageModule({ package: pkg, name: askedName(registration) }, folder)
