import { type Dirent, readdirSync, statSync } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'

/**
 * Whether `path` lies strictly inside the folder `dir` (not the folder itself). Lexical:
 * give real paths (realpath) to judge where a symbolic link leads.
 * @example isInside('/app/static', '/app/static/css/site.css') // true
 */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/**
 * Whether `path` is the folder `dir` or lies inside it (lexical, as isInside).
 * @example isWithin('/app', '/app') // true
 */
export function isWithin(dir: string, path: string): boolean {
  return relative(dir, path) === '' || isInside(dir, path)
}

/**
 * `path` relative to `dir`, '/'-separated whatever the platform ('' for `dir` itself).
 * @example relativePosix('/app', '/app/modules/home/index.ts') // 'modules/home/index.ts'
 */
export function relativePosix(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/')
}

/**
 * `path` relative to `dir`, '/'-separated, when it lies strictly inside; else undefined.
 * @example insidePath('/app/static', '/app/static/css/site.css') // 'css/site.css'
 */
export function insidePath(dir: string, path: string): string | undefined {
  return isInside(dir, path) ? relativePosix(dir, path) : undefined
}

/**
 * `path` as a report shows it: relative when under the current folder ('.' for the
 * folder itself), absolute otherwise.
 * @example displayPath(join(process.cwd(), 'static')) // 'static'
 */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}

/**
 * Whether `path` names a regular file (links followed); false when it is missing.
 * @example isFile('modules/home/index.ts')
 */
export function isFile(path: string): boolean {
  try {
    // A missing path is the common answer (a module has one index file of four tried):
    // no exception is built for it.
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true
  } catch {
    return false // missing, or not reachable (a file in the way, no permission)
  }
}

/**
 * Whether `path` names a folder (links followed); false when it is missing.
 * @example isDirectory('modules')
 */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true
  } catch {
    return false // not reachable (a file in the way, no permission)
  }
}

/** A file found by walkFiles: where its content really is, and what fstat said of it. */
export interface FoundFile {
  /** The real path, symbolic links resolved. */
  readonly absolutePath: string
  readonly size: number
  readonly mtimeMs: number
}

/** What one path of a folder is once its links are resolved, under the one link policy. */
export type Resolved =
  | { readonly kind: 'file'; readonly file: FoundFile }
  | { readonly kind: 'dir'; readonly real: string }
  | undefined

const gone = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP'
}

/**
 * What `path` (inside the folder whose real path is `root`) is: a file, a folder, or
 * nothing usable (missing, a dangling link, a link leading out of `root`, anything but
 * a file or folder). The one symbolic-link policy of the project: a link is followed
 * only while its target stays inside the folder.
 * @example await resolveInside('/app/static', '/app/static/logo.png')
 */
export async function resolveInside(
  root: string,
  path: string,
  dirent?: Dirent,
): Promise<Resolved> {
  try {
    const link = dirent ? dirent.isSymbolicLink() : (await lstat(path)).isSymbolicLink()
    const real = link ? await realpath(path) : path
    if (link && !isInside(root, real)) return undefined
    const info = await stat(real)
    if (info.isFile())
      return { kind: 'file', file: { absolutePath: real, size: info.size, mtimeMs: info.mtimeMs } }
    if (info.isDirectory()) return { kind: 'dir', real }
    return undefined
  } catch (err) {
    // Gone between readdir and stat, or a dangling link: not there, not an error.
    if (gone(err)) return undefined
    throw err
  }
}

export interface WalkOptions {
  /** Include files and folders whose name starts with '.'. Default false. */
  readonly dotfiles?: boolean
  /** The error to throw when a folder cannot be read (default: the file system's own). */
  readonly unreadable?: (dir: string, cause: unknown) => Error
}

/**
 * Every file under the folder `root` (a real path), keyed by its '/'-separated path
 * inside it, under the one link policy (see resolveInside); a link back to a folder
 * being walked is not followed again. A folder that vanishes during the walk is skipped;
 * `root` itself must be readable.
 * @example const files = await walkFiles(await realpath('static'))
 */
export async function walkFiles(
  root: string,
  options: WalkOptions = {},
): Promise<Map<string, FoundFile>> {
  const files = new Map<string, FoundFile>()
  const visit = async (dir: string, prefix: string, ancestors: ReadonlySet<string>) => {
    let dirents: Dirent[]
    try {
      dirents = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      if (gone(err) && dir !== root) return
      throw options.unreadable?.(dir, err) ?? err
    }
    await Promise.all(
      dirents.map(async (dirent) => {
        if (options.dotfiles !== true && dirent.name.startsWith('.')) return
        const rel = prefix + dirent.name
        const found = await resolveInside(root, join(dir, dirent.name), dirent)
        if (found === undefined) return
        if (found.kind === 'file') files.set(rel, found.file)
        else if (!ancestors.has(found.real))
          await visit(found.real, `${rel}/`, new Set(ancestors).add(found.real))
      }),
    )
  }
  await visit(root, '', new Set([root]))
  return files
}

export interface ListOptions {
  /** Whether to go into a folder, by its name. Default: every folder. */
  readonly enter?: (name: string) => boolean
  /** Whether to list a file, by its name. Default: every file. */
  readonly keep?: (name: string) => boolean
  /** The most files to list. Default: no limit. */
  readonly limit?: number
}

/**
 * The files under `dir` (full paths, depth first, in the order the folder lists them),
 * read synchronously for the command line's checks of source and template files.
 * Symbolic links are not followed and a folder that cannot be read is passed over: the
 * app's own walks (walkFiles, the templates folder) decide what is served.
 * @example listFilesSync('modules/blog', { keep: (name) => name.endsWith('.ts') })
 */
export function listFilesSync(dir: string, options: ListOptions = {}): string[] {
  const { enter, keep, limit = Number.POSITIVE_INFINITY } = options
  const found: string[] = []
  const walk = (folder: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (found.length >= limit) return
      const full = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (enter?.(entry.name) !== false) walk(full)
      } else if (entry.isFile() && keep?.(entry.name) !== false) found.push(full)
    }
  }
  walk(dir)
  return found
}
