import { join } from 'node:path'
import type { StaticEntry, StaticFolder } from '../static/entry.ts'
import { buildStaticIndex, type StaticIndex } from '../static/file-index.ts'
import { staticChainOrder } from '../static/folders.ts'

/**
 * The app's static folders in the order the running app searches them (staticChainOrder):
 * each enabled module's static/ in enabled order, then the root's static/, then those of
 * modules installed from npm. The first holding a path wins; the index is the app's own
 * (src/static), so the CLI cannot disagree with it. A module's folder left out of the
 * shared chain (sharedStatic: false) is indexed for its own prefix only.
 */
export function staticFolders(
  root: string,
  modules: readonly {
    readonly name: string
    readonly staticFolder: string
    /** Blueprint's sharedStatic: false keeps the folder out of `/static/` (and of collectstatic). */
    readonly sharedStatic?: boolean
    /** Installed from npm: after the root's folder. */
    readonly installed?: boolean
  }[],
): StaticFolder[] {
  return staticChainOrder(
    modules.map((module) => ({
      owner: module.name,
      dir: module.staticFolder,
      ...(module.sharedStatic === undefined ? {} : { shared: module.sharedStatic }),
      installed: module.installed === true,
    })),
    join(root, 'static'),
  )
}

/** Whose folder it is, for reports: "module 'home'" or "root". */
export const ownerName = (owner: string | null): string =>
  owner === null ? 'root' : `module '${owner}'`

/** Walks the folders as start-up does (missing ones are empty; an unreadable one throws). */
export const indexStatic = (
  folders: readonly StaticFolder[],
  hashed = false,
): Promise<StaticIndex> => buildStaticIndex(folders, { hashed })

/** Every folder's file at `path`, in chain order: the first serves it, it hides the others. */
export function filesAt(index: StaticIndex, path: string): StaticEntry[] {
  return index
    .owners()
    .map((owner) => index.view(owner)?.files.get(path))
    .filter((entry): entry is StaticEntry => entry !== undefined)
}

/** The paths served from one folder while a later one holds them too. */
export function overriddenPaths(index: StaticIndex): [string, StaticEntry[]][] {
  const paths = [...new Set(index.shadowed().map((file) => file.path))]
  return paths.map((path) => [path, filesAt(index, path)])
}
