import type { Dirent } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { StaticFolderUnreadable } from '../errors.ts'
import type { FileStat, StaticFolder } from './entry.ts'

/** Whether `real` lies strictly inside the folder `root` (both real paths). */
export const isInside = (root: string, real: string): boolean =>
  real.startsWith(root.endsWith(sep) ? root : root + sep)

const missing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT'

/** The real path of a folder, or undefined when it does not exist (a module without static/). */
export async function folderRoot(folder: StaticFolder): Promise<string | undefined> {
  try {
    return await realpath(folder.dir)
  } catch (err) {
    if (missing(err)) return undefined
    throw new StaticFolderUnreadable(folder.dir, folder.owner, err)
  }
}

/**
 * What one path of a folder is, once symbolic links are resolved: a file (with its
 * real path), a folder, or nothing servable (missing, a link leading out of the folder,
 * anything but a file or folder).
 */
export async function resolveEntry(
  root: string,
  path: string,
  dirent?: Dirent,
): Promise<{ kind: 'file'; stat: FileStat } | { kind: 'dir'; real: string } | undefined> {
  try {
    const link = dirent ? dirent.isSymbolicLink() : (await lstat(path)).isSymbolicLink()
    const real = link ? await realpath(path) : path
    if (link && !isInside(root, real)) return undefined
    const info = await stat(real)
    if (info.isFile())
      return { kind: 'file', stat: { absolutePath: real, size: info.size, mtimeMs: info.mtimeMs } }
    if (info.isDirectory()) return { kind: 'dir', real }
    return undefined
  } catch (err) {
    // Gone between readdir and stat, or a dangling link: not servable, not an error.
    if (missing(err) || (err as NodeJS.ErrnoException).code === 'ELOOP') return undefined
    throw err
  }
}

/**
 * Every servable file of one folder, keyed by its '/'-separated path inside it. Links
 * are followed only while they stay inside the folder; dotfiles are left out unless
 * allowed. A missing folder has no files; one that cannot be read is an error.
 */
export async function walkFolder(
  folder: StaticFolder,
  allowDotfiles: boolean,
): Promise<{ root: string | undefined; files: Map<string, FileStat> }> {
  const files = new Map<string, FileStat>()
  const root = await folderRoot(folder)
  if (root === undefined) return { root, files }

  async function visit(dir: string, prefix: string, ancestors: ReadonlySet<string>): Promise<void> {
    let dirents: Dirent[]
    try {
      dirents = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      if (missing(err) && dir !== root) return
      throw new StaticFolderUnreadable(dir, folder.owner, err)
    }
    await Promise.all(
      dirents.map(async (dirent) => {
        if (!allowDotfiles && dirent.name.startsWith('.')) return
        const rel = prefix + dirent.name
        const found = await resolveEntry(root as string, join(dir, dirent.name), dirent)
        if (found === undefined) return
        if (found.kind === 'file') files.set(rel, found.stat)
        // A link back to a folder being walked would loop: stop there.
        else if (!ancestors.has(found.real))
          await visit(found.real, `${rel}/`, new Set(ancestors).add(found.real))
      }),
    )
  }

  await visit(root, '', new Set([root]))
  return { root, files }
}
