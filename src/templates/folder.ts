import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { UnsafeTemplateName } from '../errors.ts'
import { isInside } from '../paths.ts'

/**
 * One templates folder (a module's or the root one) and the files it holds.
 * In production its file list is read once, so a miss costs no system call and the
 * memory used grows with the files on disk, not with the names asked for; in
 * development every lookup asks the file system, so new files show at once.
 */
export class TemplateFolder {
  /** The module owning the folder, or null for the root folder. */
  readonly module: string | null
  readonly dir: string
  #realDir: string | null | undefined
  #files: Set<string> | undefined
  /** Folder paths (ending in '/') that are symbolic links leading out of the folder. */
  readonly #escapes: string[] = []
  readonly #found = new Map<string, string>()

  constructor(module: string | null, dir: string) {
    this.module = module
    this.dir = resolve(dir)
  }

  /** Whether the folder exists (read once in production). */
  exists(dev: boolean): boolean {
    return this.#real(dev) !== null
  }

  /** For messages: the folder, whose it is, and whether it is missing. */
  describe(dev: boolean): string {
    const owner = this.module === null ? 'root' : `module '${this.module}'`
    return `${this.dir} (${owner}${this.#real(dev) === null ? ', missing' : ''})`
  }

  /**
   * The real path of the file `path` ('/'-separated, already checked by
   * parseTemplateName) in this folder, or null when it has none.
   * Throws UnsafeTemplateName when the file resolves outside the folder.
   */
  find(path: string, dev: boolean): string | null {
    const hit = this.#found.get(path)
    if (hit !== undefined && !dev) return hit
    const root = this.#real(dev)
    if (root === null) return null
    if (!dev) {
      this.#files ??= listFiles(root, this.#escapes)
      if (!this.#files.has(path)) {
        if (this.#escapes.some((prefix) => path.startsWith(prefix))) this.#refuse(path, path)
        return null
      }
    }
    const candidate = join(root, ...path.split('/'))
    if (!isInside(root, candidate)) this.#refuse(path, candidate)
    let real: string
    try {
      real = realpathSync(candidate)
    } catch {
      return null
    }
    if (!isInside(root, real)) this.#refuse(path, real)
    try {
      if (!statSync(real).isFile()) return null
    } catch {
      return null
    }
    if (!dev) this.#found.set(path, real)
    return real
  }

  /** Drops what was learnt of the disk: the next lookup reads the folder again. */
  forget(): void {
    this.#realDir = undefined
    this.#files = undefined
    this.#escapes.length = 0
    this.#found.clear()
  }

  #refuse(path: string, target: string): never {
    throw new UnsafeTemplateName(
      path,
      `in '${this.dir}' it leads through a symbolic link to '${target}', outside the folder`,
    )
  }

  #real(dev: boolean): string | null {
    if (this.#realDir !== undefined && !dev) return this.#realDir
    try {
      const real = realpathSync(this.dir)
      this.#realDir = statSync(real).isDirectory() ? real : null
    } catch {
      this.#realDir = null
    }
    return this.#realDir
  }
}

/** Every file under `root`, as '/'-separated paths; symbolic links to folders inside are followed once. */
function listFiles(root: string, escapes: string[]): Set<string> {
  const files = new Set<string>()
  const seen = new Set<string>([root])
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const full = join(dir, entry.name)
      const name = prefix + entry.name
      if (entry.isFile()) files.add(name)
      else if (entry.isDirectory()) walk(full, `${name}/`)
      else if (entry.isSymbolicLink()) {
        let real: string
        try {
          real = realpathSync(full)
        } catch {
          continue
        }
        // Listed even when it leads out, so that asking for it is refused, not "not found".
        if (!isInside(root, real)) {
          files.add(name)
          escapes.push(`${name}/`)
        } else if (statSync(real).isDirectory()) {
          if (!seen.has(real)) {
            seen.add(real)
            walk(full, `${name}/`)
          }
        } else files.add(name)
      }
    }
  }
  walk(root, '')
  return files
}
