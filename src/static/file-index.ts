import { realpath } from 'node:fs/promises'
import { join } from 'node:path'
import { StaticFolderUnreadable } from '../errors.ts'
import { type FoundFile, resolveInside, walkFiles } from '../paths.ts'
import type { ShadowedFile, StaticEntry, StaticFolder, StaticManifest } from './entry.ts'
import { makeEntry } from './entry.ts'
import { contentHash, hashedName } from './hashing.ts'

export interface StaticIndexOptions {
  /** Index (and so serve) files and folders whose name starts with '.'. Default false. */
  readonly allowDotfiles?: boolean
  /** Compute a content hash per file at start-up, for cache-busting names. Default false. */
  readonly hashed?: boolean
  /** Hashed names of the chain's files from a collectstatic manifest, instead of hashing at start-up. */
  readonly manifest?: StaticManifest
}

/**
 * The files one URL prefix serves: `files` by path, `hashed` by cache-busting name.
 * Both maps are kept up to date in place (watch mode), so holding a view is safe.
 */
export interface StaticView {
  readonly files: ReadonlyMap<string, StaticEntry>
  readonly hashed: ReadonlyMap<string, StaticEntry>
}

/** What a lookup found; `immutable` when it was asked by its hashed name. */
export interface StaticMatch {
  readonly entry: StaticEntry
  readonly immutable: boolean
}

interface View extends StaticView {
  readonly files: Map<string, StaticEntry>
  readonly hashed: Map<string, StaticEntry>
  /** The folders it merges, first wins. */
  readonly folders: readonly number[]
  /**
   * Hashed names from a manifest, which lists the chain's files: an owner's view uses a
   * name only for the very file the chain serves at that path.
   */
  readonly manifest: StaticManifest | undefined
}

const COMPRESSED = /\.(br|gz)$/
const HASH_CONCURRENCY = 32

/**
 * The static folders of an app, walked once: a lookup is one Map.get whatever the
 * number of folders. Files are assumed not to change while the server runs unless the
 * index is watched (see watchStaticIndex), which updates it in place.
 */
export class StaticIndex {
  readonly folders: readonly StaticFolder[]
  readonly options: StaticIndexOptions
  readonly #roots: (string | undefined)[]
  readonly #files: Map<string, FoundFile>[]
  readonly #entries: Map<string, StaticEntry>[]
  readonly #chain: View
  readonly #owners = new Map<string | null, View>()
  readonly #listeners = new Set<(path: string, old: StaticEntry | undefined) => void>()
  readonly #closers: (() => Promise<void>)[] = []
  #queue: Promise<void> = Promise.resolve()

  /** Use buildStaticIndex(), which walks the folders. */
  constructor(
    folders: readonly StaticFolder[],
    options: StaticIndexOptions,
    walked: readonly { root: string | undefined; files: Map<string, FoundFile> }[],
  ) {
    this.folders = folders
    this.options = options
    this.#roots = walked.map((w) => w.root)
    this.#files = walked.map((w) => w.files)
    this.#entries = walked.map(() => new Map())
    const all = folders.map((_, i) => i)
    const shared = all.filter((i) => folders[i]?.shared !== false)
    this.#chain = {
      files: new Map(),
      hashed: new Map(),
      folders: shared,
      manifest: options.manifest,
    }
    for (const owner of new Set(folders.map((f) => f.owner))) {
      const mine = all.filter((i) => folders[i]?.owner === owner)
      this.#owners.set(owner, {
        files: new Map(),
        hashed: new Map(),
        folders: mine,
        manifest: options.manifest,
      })
    }
  }

  /** Builds every entry, then the views; called once by buildStaticIndex. */
  async init(): Promise<void> {
    const jobs: (() => Promise<void>)[] = []
    this.#files.forEach((files, folder) => {
      for (const path of files.keys())
        jobs.push(async () => {
          const entry = await this.#makeEntry(folder, path, undefined)
          if (entry) this.#entries[folder]?.set(path, entry)
        })
    })
    for (let i = 0; i < jobs.length; i += HASH_CONCURRENCY)
      await Promise.all(jobs.slice(i, i + HASH_CONCURRENCY).map((job) => job()))
    // Later folders first, so earlier ones overwrite them: first folder wins.
    for (const view of [this.#chain, ...this.#owners.values()])
      for (const folder of [...view.folders].reverse())
        for (const entry of this.#entries[folder]?.values() ?? []) this.#place(view, entry)
  }

  /**
   * The entry a request path names: the chain's when owner is undefined, else that
   * owner's folder alone (null: the root folder). Hashed names are tried first.
   * @example index.lookup('css/site.css')?.entry.absolutePath
   */
  lookup(path: string, owner?: string | null): StaticMatch | undefined {
    const view = this.view(owner)
    if (view === undefined) return undefined
    const hashed = view.hashed.get(path)
    if (hashed !== undefined) return { entry: hashed, immutable: true }
    const entry = view.files.get(path)
    return entry === undefined ? undefined : { entry, immutable: false }
  }

  /** The chain's view (owner undefined) or one owner's; undefined for an unknown owner. */
  view(owner?: string | null): StaticView | undefined {
    return owner === undefined ? this.#chain : this.#owners.get(owner)
  }

  /** The owners with a folder in the chain, in chain order (null is the root). */
  owners(): (string | null)[] {
    return [...this.#owners.keys()]
  }

  /** The cache-busting name of a file of the chain (or of one owner), if it has one. */
  hashedPath(path: string, owner?: string | null): string | undefined {
    const view = owner === undefined ? this.#chain : this.#owners.get(owner)
    const entry = view?.files.get(path)
    if (entry === undefined || view === undefined) return undefined
    return this.#hashedKey(view, entry)
  }

  /** The chain's hashed names, original -> hashed, ready for writeManifest(). */
  manifest(): Record<string, string> {
    const manifest: Record<string, string> = {}
    for (const path of this.#chain.files.keys()) {
      const hashed = this.hashedPath(path)
      if (hashed !== undefined) manifest[path] = hashed
    }
    return manifest
  }

  /** Files of a folder hidden by the same path in an earlier folder, in chain order. */
  shadowed(): ShadowedFile[] {
    const out: ShadowedFile[] = []
    for (const [path, winner] of this.#chain.files)
      for (const folder of this.#chain.folders)
        if (folder > winner.folder && this.#entries[folder]?.has(path))
          out.push({ path, winner: winner.owner, loser: this.folders[folder]?.owner ?? null })
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  /**
   * Calls `listener` each time the index has looked again at a path (watch mode): with
   * the entry that stopped being served as it was, if any (a new file has none).
   */
  onChange(listener: (path: string, old: StaticEntry | undefined) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Runs `closer` on close(); how a watcher attaches itself. */
  addCloser(closer: () => Promise<void>): void {
    this.#closers.push(closer)
  }

  /** Stops watching, if the index is watched. */
  async close(): Promise<void> {
    await Promise.all(this.#closers.splice(0).map((closer) => closer()))
  }

  /**
   * Looks again at one path of one folder (a file, or a folder that went away) and
   * updates every view; what a file watcher calls.
   */
  refresh(folder: number, path: string): Promise<void> {
    // One at a time, in the order the events came: two quick changes must not interleave.
    this.#queue = this.#queue.then(() => this.#refresh(folder, path))
    return this.#queue
  }

  async #refresh(folder: number, path: string): Promise<void> {
    if (this.options.allowDotfiles !== true && path.split('/').some((part) => part.startsWith('.')))
      return
    const config = this.folders[folder]
    const files = this.#files[folder]
    if (config === undefined || files === undefined) return
    // A folder missing at start-up may have been created since.
    const root = this.#roots[folder] ?? (await folderRoot(config))
    this.#roots[folder] = root
    const found = root === undefined ? undefined : await resolveInside(root, join(root, path))
    // A new folder's files come with their own events.
    if (found?.kind === 'dir') return
    const changed = new Set<string>()
    if (found?.kind === 'file') {
      files.set(path, found.file)
      changed.add(path)
    } else {
      if (files.delete(path)) changed.add(path)
      for (const file of files.keys())
        if (file.startsWith(`${path}/`)) {
          files.delete(file)
          changed.add(file)
        }
    }
    for (const file of [...changed]) {
      const base = file.replace(COMPRESSED, '')
      if (base !== file && files.has(base)) changed.add(base)
      // Siblings take their file's hashed name: a new content renames them too.
      for (const sibling of [`${file}.br`, `${file}.gz`])
        if (files.has(sibling)) changed.add(sibling)
    }
    for (const file of changed)
      await this.#rebuild(folder, file, file === path || file.replace(COMPRESSED, '') === path)
  }

  async #rebuild(folder: number, path: string, contentChanged: boolean): Promise<void> {
    const entries = this.#entries[folder]
    if (entries === undefined) return
    const old = entries.get(path)
    const entry = await this.#makeEntry(folder, path, contentChanged ? undefined : old)
    if (entry === undefined) entries.delete(path)
    else entries.set(path, entry)
    for (const view of [this.#chain, this.#owners.get(this.folders[folder]?.owner ?? null)]) {
      if (view === undefined || !view.folders.includes(folder)) continue
      const before = view.files.get(path)
      let winner: StaticEntry | undefined
      for (const i of view.folders) {
        winner = this.#entries[i]?.get(path)
        if (winner !== undefined) break
      }
      if (before === winner) continue
      if (before !== undefined) this.#remove(view, before)
      if (winner !== undefined) this.#place(view, winner)
    }
    const stale = old !== entry ? old : undefined
    for (const listener of this.#listeners) listener(path, stale)
  }

  /** The cache-busting name of an entry in a view: the manifest's, else its own hash's. */
  #hashedKey(view: View, entry: StaticEntry): string | undefined {
    const listed = view.manifest?.[entry.path]
    if (
      listed !== undefined &&
      (view === this.#chain || this.#chain.files.get(entry.path) === entry)
    )
      return listed
    return entry.hashedPath
  }

  #place(view: View, entry: StaticEntry): void {
    const previous = view.files.get(entry.path)
    if (previous !== undefined) this.#remove(view, previous)
    view.files.set(entry.path, entry)
    const hashed = this.#hashedKey(view, entry)
    if (hashed !== undefined) view.hashed.set(hashed, entry)
  }

  #remove(view: View, entry: StaticEntry): void {
    view.files.delete(entry.path)
    for (const hashed of [view.manifest?.[entry.path], entry.hashedPath])
      if (hashed !== undefined && view.hashed.get(hashed) === entry) view.hashed.delete(hashed)
  }

  async #makeEntry(
    folder: number,
    path: string,
    keep: StaticEntry | undefined,
  ): Promise<StaticEntry | undefined> {
    const files = this.#files[folder]
    const stat = files?.get(path)
    if (files === undefined || stat === undefined) return undefined
    // A precompressed sibling (site.css.gz) is named after its file: site.<hash>.css.gz.
    const base = path.replace(COMPRESSED, '')
    const of = base === path ? undefined : files.get(base)
    let hash = keep?.hash
    if (hash === undefined && this.options.hashed === true) {
      try {
        hash = await contentHash((of ?? stat).absolutePath)
      } catch {
        // Gone while hashing: the watcher's next event removes it.
        return undefined
      }
    }
    return makeEntry({
      owner: this.folders[folder]?.owner ?? null,
      folder,
      path,
      stat,
      br: files.get(`${path}.br`),
      gzip: files.get(`${path}.gz`),
      hash,
      hashedPath:
        hash === undefined
          ? undefined
          : of === undefined
            ? hashedName(path, hash)
            : `${hashedName(base, hash)}${path.slice(base.length)}`,
    })
  }
}

/**
 * Walks the folders once (first folder wins, so list modules in enabled order and the
 * root last) into an index. Missing folders are fine; one that cannot be read throws
 * StaticFolderUnreadable.
 * @example const index = await buildStaticIndex([{ owner: 'home', dir: 'modules/home/static' }, { owner: null, dir: 'static' }])
 */
export async function buildStaticIndex(
  folders: readonly StaticFolder[],
  options: StaticIndexOptions = {},
): Promise<StaticIndex> {
  const walked = await Promise.all(
    folders.map(async (folder) => {
      const root = await folderRoot(folder)
      const files =
        root === undefined
          ? new Map<string, FoundFile>()
          : await walkFiles(root, {
              dotfiles: options.allowDotfiles === true,
              unreadable: (dir, cause) => new StaticFolderUnreadable(dir, folder.owner, cause),
            })
      return { root, files }
    }),
  )
  const index = new StaticIndex(folders, options, walked)
  await index.init()
  return index
}

/** The real path of a folder, or undefined when it does not exist (a module without static/). */
async function folderRoot(folder: StaticFolder): Promise<string | undefined> {
  try {
    return await realpath(folder.dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new StaticFolderUnreadable(folder.dir, folder.owner, err)
  }
}
