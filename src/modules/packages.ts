import { readFileSync } from 'node:fs'
import { findPackageJSON } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { legacy, exports as packageExports } from 'resolve.exports'
import { ModulePackageInvalid, ModulePackageNotFound } from '../errors.ts'
import { isFile } from '../paths.ts'

/**
 * The key of a module package's package.json that makes it a module and names it:
 * `"fastify-microservices": { "module": "blog" }`.
 */
export const PACKAGE_KEY = 'fastify-microservices'

/** An enabled entry that names a package: the package, and the module name asked for, if any. */
export interface PackageEntry {
  readonly package: string
  readonly name: string | undefined
}

/** npm's rules for a package name, scoped or not: lower case, url-safe, at most 214 characters. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/
const SCOPED = /^@[^/]+\/[^/]+$/

const isPackageName = (name: string): boolean => name.length <= 214 && PACKAGE_NAME.test(name)

/**
 * Reads an enabled entry as a package, or undefined for a module folder's name:
 * `@acme/fms-blog` (a scoped package: no folder name has '@' or '/') and `blog=fms-blog`
 * (module 'blog' from package 'fms-blog', scoped or not; the spelling MODULES can carry;
 * `=fms-blog` takes the name the package declares).
 * @example packageEntry('blog=@acme/fms-blog') // { package: '@acme/fms-blog', name: 'blog' }
 */
export function packageEntry(entry: string): PackageEntry | undefined {
  const equals = entry.indexOf('=')
  if (equals >= 0) {
    const pkg = entry.slice(equals + 1)
    const name = entry.slice(0, equals)
    return isPackageName(pkg) ? { package: pkg, name: name === '' ? undefined : name } : undefined
  }
  return SCOPED.test(entry) && isPackageName(entry)
    ? { package: entry, name: undefined }
    : undefined
}

/** A module package found from the app: its module name, folder, entry file and package name. */
export interface PackageModule {
  readonly name: string
  readonly dir: string
  readonly entry: string
  readonly package: string
}

/**
 * Finds a module package with Node's resolution from `from` (the modules folder, so the
 * app's node_modules and those above it are searched), and its entry: the JavaScript
 * file `import '<package>'` loads. Refuses a package that is not installed, that does not
 * declare itself a module, or whose entry is TypeScript (Node strips no types inside
 * node_modules: a module package ships JavaScript).
 */
export function findPackageModule(entry: PackageEntry, from: string): PackageModule {
  const base = pathToFileURL(join(from, 'noop.js')).href
  let file: string | undefined
  try {
    file = findPackageJSON(entry.package, base)
  } catch {
    file = undefined
  }
  if (file === undefined) throw new ModulePackageNotFound(entry.package, from)
  const dir = dirname(file)
  let manifest: Record<string, unknown>
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (cause) {
    throw new ModulePackageInvalid(
      entry.package,
      file,
      `its package.json does not parse: ${(cause as Error).message}`,
    )
  }
  const declared = (manifest[PACKAGE_KEY] as { module?: unknown } | undefined)?.module
  if (typeof declared !== 'string') {
    throw new ModulePackageInvalid(
      entry.package,
      file,
      `its package.json has no "${PACKAGE_KEY}": { "module": "<name>" }, so it is not a module package`,
    )
  }
  if (entry.name !== undefined && entry.name !== declared) {
    throw new ModulePackageInvalid(
      entry.package,
      file,
      `it is enabled as '${entry.name}' but declares module '${declared}'; a module has one name (its endpoints, requires and services.json use it), so enable it as '${declared}'`,
    )
  }
  let target: string | undefined
  try {
    // As Node: "exports" with the import and node conditions, else "main", else index.js.
    target =
      manifest.exports === undefined
        ? (legacy(manifest, { browser: false, fields: ['main'] }) ?? 'index.js')
        : packageExports(manifest, '.')?.[0]
  } catch (cause) {
    throw new ModulePackageInvalid(entry.package, file, (cause as Error).message)
  }
  const main = target === undefined ? undefined : join(dir, target)
  if (main === undefined || !isFile(main)) {
    throw new ModulePackageInvalid(
      entry.package,
      file,
      `its entry ${main ?? '(none)'} is not a file`,
    )
  }
  if (/\.[mc]?ts$/.test(main)) {
    throw new ModulePackageInvalid(
      entry.package,
      file,
      `its entry ${main} is TypeScript, which Node does not strip inside node_modules; build the package to JavaScript and point "exports" at the .js file`,
    )
  }
  return { name: declared, dir, entry: main, package: entry.package }
}
