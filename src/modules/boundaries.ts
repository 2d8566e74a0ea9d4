import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { init, parse } from 'es-module-lexer'
import {
  type ImportSite,
  ModuleAppImport,
  ModuleImportCycle,
  ModuleInternalImport,
  ModuleUndeclaredImport,
} from '../errors.ts'
import { isFile, isInside, isWithin, relativePosix } from '../paths.ts'
import { discoverModules, listModules } from './discover.ts'
import type { LoadedModule } from './load.ts'
import { sourceFiles } from './source-files.ts'

/** A module as the boundary check sees it: its folder, its entry and what it declares. */
export interface BoundaryModule {
  readonly name: string
  readonly dir: string
  /** The index file, which other modules may always import. */
  readonly entry: string
  /** Unknown for a module folder that is not loaded (only its entry is open then). */
  readonly requires?: readonly string[]
  /** Files other modules may import besides the entry, relative to `dir`. */
  readonly exports?: readonly string[]
}

/** One import of a module's code that leaves the module's folder for the app's. */
export interface CrossImport extends ImportSite {
  /** The importing module. */
  readonly module: string
  /** The imported file, relative to the root. */
  readonly target: string
  /** The module whose file it is, or null for the app's own files. */
  readonly owner: string | null
  /** `import type`: erased when the code runs, so it shares no code nor state. */
  readonly typeOnly: boolean
}

const RELATIVE = /^\.{1,2}\//

/** The file a relative, absolute or file: specifier names; a '.js' name may stand for its '.ts' (TypeScript's convention). */
function resolveSpecifier(file: string, specifier: string): string | undefined {
  const bare = specifier.replace(/[?#].*$/, '')
  let path: string
  if (RELATIVE.test(bare)) path = resolve(dirname(file), bare)
  else if (bare.startsWith('file:')) path = fileURLToPath(bare)
  else if (isAbsolute(bare)) path = bare
  else return undefined // a package or a built-in
  if (!isFile(path)) {
    const ts = path.replace(/\.(m|c)?js$/, '.$1ts')
    if (ts !== path && isFile(ts)) return ts
  }
  return path
}

/** Line of each offset, from the offsets where lines start. */
function lineOf(text: string): (offset: number) => number {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((starts[mid] as number) <= offset) low = mid
      else high = mid - 1
    }
    return low + 1
  }
}

/**
 * Every import in the source files of `checked` that lands in another module's folder or
 * in the app's own files under `root` (packages, built-ins and node_modules aside), read
 * with es-module-lexer, which lexes TypeScript's `import type` too. `modules` are every
 * module folder of the app, so that an import of a module that is not enabled is seen.
 */
export async function crossImports(
  root: string,
  checked: readonly BoundaryModule[],
  modules: readonly BoundaryModule[],
): Promise<CrossImport[]> {
  await init
  const found: CrossImport[] = []
  // The deepest folder first, so that a module nested in another's folder owns its files.
  const owners = [...modules].sort((a, b) => b.dir.length - a.dir.length)
  for (const module of checked) {
    for (const file of sourceFiles(module.dir)) {
      const text = readFileSync(file, 'utf8')
      const line = lineOf(text)
      let imports: ReturnType<typeof parse>[0]
      try {
        ;[imports] = parse(text, file)
      } catch {
        continue // a file that does not lex does not load either: load reports it with its line
      }
      for (const entry of imports) {
        if (entry.type === 'import-meta' || entry.specifier === undefined) continue
        const target = resolveSpecifier(file, entry.specifier)
        if (target === undefined || !isInside(root, target)) continue
        if (target.split(/[\\/]/).includes('node_modules')) continue
        if (isWithin(module.dir, target)) continue
        const owner = owners.find((m) => isWithin(m.dir, target))
        if (owner === module) continue
        found.push({
          module: module.name,
          file: relativePosix(root, file),
          line: line(entry.importStart),
          specifier: entry.specifier,
          target: relativePosix(root, target),
          owner: owner?.name ?? null,
          typeOnly: entry.type === 'dynamic' ? entry.probablyTypeOnly : (entry.typeOnly ?? false),
        })
      }
    }
  }
  return found
}

/** The files of `module` other modules may import, relative to the root. */
function openFiles(root: string, module: BoundaryModule): string[] {
  return [module.entry, ...(module.exports ?? []).map((file) => join(module.dir, file))].map(
    (file) => relativePosix(root, file),
  )
}

/**
 * What breaks the modules' boundaries, as coded errors: an import of another module's file
 * that is neither its entry nor in its `exports`, of a module that is not required, of the
 * app's own files, and each cycle of imports between modules (type-only imports aside:
 * they are erased before the code runs).
 */
export function boundaryViolations(
  root: string,
  modules: readonly BoundaryModule[],
  imports: readonly CrossImport[],
): Error[] {
  const byName = new Map(modules.map((m) => [m.name, m]))
  const problems: Error[] = []
  const undeclared = new Set<string>()
  for (const found of imports) {
    if (found.owner === null) {
      problems.push(new ModuleAppImport(found.module, found, found.target))
      continue
    }
    const other = byName.get(found.owner) as BoundaryModule
    const open = openFiles(root, other)
    if (!open.includes(found.target)) {
      const inModule = relativePosix(other.dir, join(root, found.target))
      problems.push(
        new ModuleInternalImport(
          found.module,
          other.name,
          found,
          { file: found.target, inModule },
          open,
        ),
      )
    }
    const requires = byName.get(found.module)?.requires ?? []
    const pair = `${found.module} ${other.name}`
    if (!requires.includes(other.name) && !undeclared.has(pair)) {
      undeclared.add(pair) // once per pair of modules: the fix is one line
      problems.push(new ModuleUndeclaredImport(found.module, other.name, found))
    }
  }
  problems.push(...importCycles(imports))
  return problems
}

/** Each cycle of value imports between modules, once, from its first module by name. */
function importCycles(imports: readonly CrossImport[]): Error[] {
  const edges = new Map<string, Map<string, CrossImport>>()
  for (const found of imports) {
    if (found.owner === null || found.typeOnly) continue
    const out = edges.get(found.module) ?? new Map<string, CrossImport>()
    if (!out.has(found.owner)) out.set(found.owner, found)
    edges.set(found.module, out)
  }
  const cycles: Error[] = []
  const seen = new Set<string>()
  for (const start of [...edges.keys()].sort()) {
    // Breadth first: the shortest way back to `start`.
    const back = new Map<string, string>()
    const queue = [start]
    let closing: string | undefined
    while (queue.length > 0 && closing === undefined) {
      const at = queue.shift() as string
      for (const next of [...(edges.get(at)?.keys() ?? [])].sort()) {
        if (next === start) {
          closing = at
          break
        }
        if (!back.has(next)) {
          back.set(next, at)
          queue.push(next)
        }
      }
    }
    if (closing === undefined) continue
    const path = [closing]
    while (path[0] !== start) path.unshift(back.get(path[0] as string) as string)
    const key = [...path].sort().join(' ')
    if (seen.has(key)) continue
    seen.add(key)
    const sites = path.map(
      (from, i) => edges.get(from)?.get(path[(i + 1) % path.length] as string) as CrossImport,
    )
    cycles.push(new ModuleImportCycle(path, sites))
  }
  return cycles
}

/** The boundary check of an app: its loaded modules, against every module folder. */
export interface AppBoundaries {
  readonly imports: readonly CrossImport[]
  readonly problems: readonly Error[]
}

/** Checks the loaded modules' imports; the other folders of `folder` count as modules (only their entry open). */
export async function checkBoundaries(
  root: string,
  folder: string,
  loaded: readonly LoadedModule[],
): Promise<AppBoundaries> {
  // By folder: a module mounted twice is one module, a child module's files are its parent's.
  const folders = new Map(loaded.filter((m) => m.parent === undefined).map((m) => [m.dir, m]))
  const checked: BoundaryModule[] = [...folders.values()].map((m) => ({
    name: m.folderName,
    dir: m.dir,
    entry: m.entry,
    requires: m.blueprint.requires,
    exports: m.blueprint.exports,
  }))
  const names = new Set(checked.map((m) => m.name))
  const others = discoverModules(
    folder,
    listModules(folder).filter((name) => !names.has(name)),
  )
  const modules = [...checked, ...others]
  const imports = await crossImports(root, checked, modules)
  return { imports, problems: boundaryViolations(root, modules, imports) }
}
