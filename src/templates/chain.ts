import { statSync } from 'node:fs'
import { LRUCache } from 'lru-cache'
import type { TemplatePrecedence } from './engine.ts'
import type { TemplateFolder } from './folder.ts'
import { parseTemplateName, type TemplateName } from './names.ts'

/** A file found for a name: the file, its folder, and its path inside that folder. */
export interface FoundTemplate {
  readonly file: string
  readonly folder: TemplateFolder
  readonly path: string
}

/** A name no folder held: what was asked, and by which template. */
export interface MissedTemplate {
  readonly name: string
  readonly asked: TemplateName
  readonly parent: FoundTemplate | undefined
}

/** Every templates folder of an app, by owner: what a chain searches. */
export interface TemplateFolderSet {
  readonly root: TemplateFolder | null
  readonly modules: ReadonlyMap<string, TemplateFolder>
  readonly precedence: TemplatePrecedence
  /** Modules installed from npm, whose chains search the root folder first whatever the precedence. */
  readonly installed?: ReadonlySet<string>
}

/** How many names (as asked, per chain) keep the file they resolved to. */
const NAMES_KEPT = 1000

/** Marks the key of a name that was not found: no template name can hold a NUL. */
const MISSED = '\0missed\0'

/**
 * The lookup of template names for one module (or for none): which folders are
 * searched, in which order, and the files found. Every name a render loads resolves
 * here to a key: the real path of the file, or a miss. Keys are what the template
 * engine caches compiled templates under, so a file is one entry however it is spelled.
 * Names as asked are remembered in a bounded LRU: they may come from requests.
 * @example new TemplateChain('forum', folders, false).resolve('board.html') // '/app/modules/forum/templates/board.html'
 */
export class TemplateChain {
  /** The module whose templates are searched first (or last, root-first), or null. */
  readonly module: string | null
  readonly folders: readonly TemplateFolder[]
  readonly dev: boolean
  readonly #set: TemplateFolderSet
  /** Production: name as asked (with its parent for relative names) -> key. */
  readonly #names = new LRUCache<string, string>({ max: NAMES_KEPT })
  /** Every file this chain has resolved (bounded by the files on disk). */
  readonly #found = new Map<string, FoundTemplate>()
  /** Misses, by key, until the error is reported (or forgotten). */
  readonly #missed = new LRUCache<string, MissedTemplate>({ max: 64 })
  /** Template file -> the files of the templates it asked for (for error messages). */
  readonly #asked = new Map<string, Set<string>>()
  #misses = 0

  constructor(module: string | null, set: TemplateFolderSet, dev: boolean) {
    this.module = module
    this.dev = dev
    this.#set = set
    const own = module === null ? [] : lineage(module).flatMap((m) => set.modules.get(m) ?? [])
    const root = set.root ? [set.root] : []
    const rootFirst =
      set.precedence === 'root-first' || (module !== null && set.installed?.has(module) === true)
    this.folders = rootFirst ? [...root, ...own] : [...own, ...root]
  }

  /**
   * The key of `name`, asked for by the template whose key is `parentKey` (if any):
   * a file's real path, or a miss key. Throws UnsafeTemplateName for a name that could
   * leave its folder. Inside templates (with a parent), a key is returned as it is:
   * nunjucks resolves a name twice when it compiles it.
   */
  resolve(name: string, parentKey?: string): string {
    const relative = parentKey !== undefined && (name.startsWith('./') || name.startsWith('../'))
    const cacheKey = relative ? `${parentKey}\0${name}` : name
    if (!this.dev) {
      const known = this.#names.get(cacheKey)
      if (known !== undefined) {
        if (parentKey !== undefined) this.#ask(parentKey, known)
        return known
      }
    }
    if (parentKey !== undefined && (this.#found.has(name) || this.#missed.has(name))) return name
    const parent = parentKey === undefined ? undefined : this.#found.get(parentKey)
    const asked = parseTemplateName(name, parent?.path)
    const found = this.#lookup(asked, parent)
    if (found === null) {
      const key = `${MISSED}${++this.#misses}`
      this.#missed.set(key, { name, asked, parent })
      return key
    }
    this.#found.set(found.file, found)
    if (parentKey !== undefined) this.#ask(parentKey, found.file)
    if (!this.dev) this.#names.set(cacheKey, found.file)
    return found.file
  }

  /** The file behind a key, or undefined for a miss (or a key this chain never gave). */
  found(key: string): FoundTemplate | undefined {
    return this.#found.get(key)
  }

  /** The templates the file `key` asked for, so far, and those they asked for in turn. */
  asked(key: string): FoundTemplate[] {
    const seen = new Set<string>([key])
    const out: FoundTemplate[] = []
    const queue = [key]
    for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
      for (const file of this.#asked.get(at) ?? []) {
        const found = this.#found.get(file)
        if (seen.has(file) || found === undefined) continue
        seen.add(file)
        out.push(found)
        queue.push(file)
      }
    }
    return out
  }

  /** The name missed behind a key, while it is remembered. */
  missed(key: string): MissedTemplate | undefined {
    return this.#missed.get(key)
  }

  /** The folders a miss searched, in order, and why there were no others. */
  searched(miss: MissedTemplate): { folders: TemplateFolder[]; detail: string | undefined } {
    const { asked, parent } = miss
    let folders: TemplateFolder[]
    let detail: string | undefined
    if (asked.relative && parent) folders = [parent.folder]
    else if (asked.module === null) folders = this.#set.root ? [this.#set.root] : []
    else if (asked.module !== undefined) {
      const folder = this.#set.modules.get(asked.module)
      folders = folder ? [folder] : []
      if (!folder) detail = `No module '${asked.module}' is enabled; enabled: ${this.#enabled()}.`
    } else {
      folders = [...this.folders]
      if (this.module !== null && !this.#set.modules.has(this.module))
        detail = `Module '${this.module}' has no templates folder here; enabled: ${this.#enabled()}.`
    }
    if (parent && !detail) detail = `Asked for by '${parent.path}' (${parent.folder.dir}).`
    return { folders, detail }
  }

  /** Forgets the names and files found: the next lookups read the folders again. */
  forget(): void {
    this.#names.clear()
    this.#found.clear()
    this.#missed.clear()
    this.#asked.clear()
  }

  #lookup(asked: TemplateName, parent: FoundTemplate | undefined): FoundTemplate | null {
    const { folders } = this.searched({ name: '', asked, parent })
    for (const folder of folders) {
      const file = folder.find(asked.path, this.dev)
      if (file !== null) return { file, folder, path: asked.path }
    }
    return null
  }

  /** Remembers that the template `parentKey` asked for the file `key` (a miss is not kept). */
  #ask(parentKey: string, key: string): void {
    if (!this.#found.has(key)) return
    const asked = this.#asked.get(parentKey)
    if (asked) asked.add(key)
    else this.#asked.set(parentKey, new Set([key]))
  }

  #enabled(): string {
    const names = [...this.#set.modules.keys()]
    return names.length === 0 ? '(none)' : names.map((name) => `'${name}'`).join(', ')
  }
}

/** A file's modification time and size: what development compares to see an edit. */
export function stampOf(file: string): string {
  try {
    const { mtimeMs, size } = statSync(file)
    return `${mtimeMs}:${size}`
  } catch {
    return 'gone'
  }
}

/** A module and its parents, nearest first: 'admin.users' -> ['admin.users', 'admin'] (a child's templates, then its parent's). */
function lineage(module: string): string[] {
  const names = [module]
  for (let dot = module.lastIndexOf('.'); dot > 0; dot = module.lastIndexOf('.', dot - 1)) {
    names.push(module.slice(0, dot))
  }
  return names
}
