import { InvalidModuleEntry } from '../errors.ts'
import { isPlainObject } from '../plain-object.ts'
import { packageEntry } from './packages.ts'

/**
 * How a module is enabled, as Flask's `register_blueprint(bp, name=, url_prefix=,
 * url_defaults=)`: `{ "name": "forum", "as": "help", "prefix": "/help", "defaults": { "lang": "en" } }`.
 */
export interface ModuleRegistration {
  /**
   * The module's folder (and its blueprint's name); for a module installed from npm, the
   * name it is enabled as, or its package's name until the package says its module's name.
   */
  readonly name: string
  /** The npm package the module is installed from (`"@acme/fms-blog"`), found by Node's resolution. */
  readonly package?: string
  /** The name it is mounted under instead (Flask's `name=`): endpoints `help.*`, `/static_help/`. */
  readonly as?: string
  /** Prepended to each of its rules (Flask's `url_prefix=`); wins over the blueprint's `urlPrefix`. */
  readonly prefix?: string
  /** Values given to each of its views, under its rules' own (Flask's `url_defaults=`). */
  readonly defaults?: Readonly<Record<string, unknown>>
}

/** A module installed from npm, enabled by its package: the package names the module. */
export type PackageRegistration = Omit<ModuleRegistration, 'name' | 'package'> & {
  readonly package: string
  readonly name?: string
}

/** An entry of an enabled list: a module's name, or how it is registered. */
export type ModuleEntry = string | ModuleRegistration | PackageRegistration

const KEYS: Record<keyof ModuleRegistration, true> = {
  name: true,
  package: true,
  as: true,
  prefix: true,
  defaults: true,
}

/**
 * A registration checked and spelled out; a plain name is `{ name }`, a package's entry
 * (`@acme/fms-blog`, `blog=fms-blog`) is `{ name, package }`.
 */
export function registrationOf(entry: unknown): ModuleRegistration {
  if (typeof entry === 'string') {
    const installed = packageEntry(entry)
    if (installed === undefined) return { name: entry }
    return { name: installed.name ?? installed.package, package: installed.package }
  }
  if (!isPlainObject(entry)) {
    throw new InvalidModuleEntry(entry, 'an entry is a module name or an object with a "name"')
  }
  for (const key of Object.keys(entry)) {
    if (!Object.hasOwn(KEYS, key)) {
      throw new InvalidModuleEntry(entry, `"${key}" is not a key of an entry`)
    }
  }
  const { name, package: pkg, as, prefix, defaults } = entry as Record<string, unknown>
  if (pkg !== undefined && (typeof pkg !== 'string' || packageEntry(`=${pkg}`) === undefined)) {
    throw new InvalidModuleEntry(entry, '"package" is not an npm package name')
  }
  if (typeof name !== 'string' && !(name === undefined && pkg !== undefined)) {
    throw new InvalidModuleEntry(entry, '"name" is not a string')
  }
  if (as !== undefined && typeof as !== 'string') {
    throw new InvalidModuleEntry(entry, '"as" is not a string')
  }
  if (prefix !== undefined) checkPrefix(prefix, () => new InvalidModuleEntry(entry, PREFIX_RULE))
  if (defaults !== undefined && !isPlainObject(defaults)) {
    throw new InvalidModuleEntry(entry, '"defaults" is not an object of values')
  }
  const registration = entry as unknown as ModuleRegistration
  return name === undefined ? { ...registration, name: pkg as string } : registration
}

/** The name a package's module is asked to have, if the registration gives one. */
export const askedName = (registration: ModuleRegistration): string | undefined =>
  registration.name === registration.package ? undefined : registration.name

/** The name a registration mounts its module under. */
export const mountedName = (registration: ModuleRegistration): string =>
  registration.as ?? registration.name

/** What a url prefix is, for messages. */
export const PREFIX_RULE = `"prefix" is a path: '' or starting with '/', such as '/forum' or '/<lang_code>'`

/** Refuses a prefix that is not '' nor a path starting with '/'. */
export function checkPrefix(prefix: unknown, refuse: () => Error): asserts prefix is string {
  if (typeof prefix !== 'string' || (prefix !== '' && !prefix.startsWith('/'))) throw refuse()
}

/**
 * Flask's joining of two url prefixes (a parent's and its child's; the registration's
 * wins over the blueprint's before this): one '/' between them, either may be missing.
 */
export function joinPrefixes(outer: string | undefined, inner: string | undefined) {
  if (outer === undefined) return inner
  if (inner === undefined) return outer
  return `${outer.replace(/\/+$/, '')}/${inner.replace(/^\/+/, '')}`
}

/**
 * The top-level module a mounted name belongs to ('admin' of 'admin.users'): child modules
 * are placed (services.json) with their parent.
 */
export const topModule = (name: string): string => {
  const dot = name.indexOf('.')
  return dot === -1 ? name : name.slice(0, dot)
}
