import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

/** One static folder of the app: whose it is (a module's name, or null for the root) and where. */
export interface StaticSource {
  readonly owner: string | null
  readonly dir: string
}

/** One file of one static folder. */
export interface StaticFile {
  readonly source: StaticSource
  /** The path inside its folder, '/'-separated: 'home/logo.png'. */
  readonly path: string
  readonly absolutePath: string
}

/** A static folder that exists but cannot be walked. */
export interface UnreadableFolder {
  readonly source: StaticSource
  /** The folder (the source itself, or one inside it) that failed. */
  readonly dir: string
  readonly error: NodeJS.ErrnoException
}

/**
 * Every static file of the app by path, each path's files in precedence order: the
 * first serves the path, the others are hidden by it.
 */
export interface StaticIndex {
  readonly sources: readonly StaticSource[]
  readonly files: ReadonlyMap<string, readonly StaticFile[]>
  readonly unreadable: readonly UnreadableFolder[]
}

/**
 * The app's static folders in the order the running app searches them: each enabled
 * module's static/ in enabled order, then the root's static/. The first holding a path wins.
 */
export function staticSources(
  root: string,
  modules: readonly { readonly name: string; readonly staticFolder: string }[],
): StaticSource[] {
  return [
    ...modules.map((module) => ({ owner: module.name, dir: module.staticFolder })),
    { owner: null, dir: join(root, 'static') },
  ]
}

/** Whose folder it is, for reports: "module 'home'" or "root". */
export const ownerName = (source: StaticSource): string =>
  source.owner === null ? 'root' : `module '${source.owner}'`

/**
 * Walks every static folder (missing ones have no files; dotfiles are not served, so
 * they are left out; symbolic links are followed while they stay inside their folder).
 */
export async function indexStatic(sources: readonly StaticSource[]): Promise<StaticIndex> {
  const files = new Map<string, StaticFile[]>()
  const unreadable: UnreadableFolder[] = []
  for (const source of sources) {
    for (const file of await walk(source, unreadable)) {
      const list = files.get(file.path)
      if (list === undefined) files.set(file.path, [file])
      else list.push(file)
    }
  }
  return { sources, files, unreadable }
}

/** The paths whose file in one folder hides a file in a later one. */
export function shadowedPaths(index: StaticIndex): [string, readonly StaticFile[]][] {
  return [...index.files].filter(([, list]) => list.length > 1)
}

/** The code the app's static files use for a folder it cannot read. */
export const UNREADABLE_CODE = 'FMS_ERR_STATIC_FOLDER_UNREADABLE'

/** Why a folder could not be walked, and what to do about it. */
export const unreadableMessage = ({ source, dir, error }: UnreadableFolder): string =>
  `The static folder '${dir}' (${ownerName(source)}) exists but cannot be read: ${error.code ?? error.message}. Check that it is a folder and its permissions; a module without static files needs no static/ folder at all.`

const errno = (error: unknown): NodeJS.ErrnoException => error as NodeJS.ErrnoException

async function walk(source: StaticSource, unreadable: UnreadableFolder[]): Promise<StaticFile[]> {
  let root: string
  try {
    root = await realpath(source.dir)
  } catch (error) {
    if (errno(error).code !== 'ENOENT')
      unreadable.push({ source, dir: source.dir, error: errno(error) })
    return []
  }
  const found: StaticFile[] = []
  const seen = new Set<string>([root])
  const visit = async (dir: string, prefix: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      unreadable.push({ source, dir, error: errno(error) })
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const full = join(dir, entry.name)
      const path = prefix + entry.name
      let real = full
      let isFile = entry.isFile()
      let isDir = entry.isDirectory()
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(full)
          const info = await stat(real)
          isFile = info.isFile()
          isDir = info.isDirectory()
        } catch {
          continue // a dangling link serves nothing
        }
        const rel = relative(root, real)
        if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..') continue
      }
      if (isFile) found.push({ source, path, absolutePath: real })
      else if (isDir && !seen.has(real)) {
        seen.add(real)
        await visit(real, `${path}/`)
      }
    }
  }
  await visit(root, '')
  return found
}
