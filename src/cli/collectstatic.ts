import { copyFile, lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { StaticTargetUnsafe } from '../errors.ts'
import { displayPath, isWithin } from '../paths.ts'
import type { StaticEntry } from '../static/entry.ts'
import type { StaticIndex } from '../static/file-index.ts'
import { writeManifest } from '../static/hashing.ts'
import { type ProgressStream, progress } from './progress.ts'
import { overriddenPaths, ownerName } from './static-files.ts'

/** How collectstatic runs. */
export interface CollectOptions {
  readonly target: string
  /** Delete the target folder's contents first. */
  readonly clear?: boolean
  /** Say what would be done, touch nothing. */
  readonly dryRun?: boolean
  /** Where the progress line goes (drawn only on a terminal). */
  readonly progress?: ProgressStream
}

/** What collectstatic did (or, with dryRun, would do). */
export interface CollectResult {
  readonly target: string
  readonly dryRun: boolean
  readonly cleared: boolean
  /** Files copied under their own names, one per path. */
  readonly files: number
  /** Static folders that gave at least one file. */
  readonly folders: number
  readonly overridden: readonly (readonly [string, readonly StaticEntry[]])[]
  /** original path -> hashed path, when hashing. */
  readonly manifest: Readonly<Record<string, string>> | undefined
  readonly manifestFile: string | undefined
}

/** The manifest's name in the target folder: original path -> hashed path, read by the app. */
export const MANIFEST_FILE = 'manifest.json'
const real = async (path: string): Promise<string> => {
  try {
    return await realpath(path)
  } catch {
    return resolve(path)
  }
}

/** Refuses a target that is, holds or lies inside a folder collectstatic reads. */
async function checkTarget(target: string, index: StaticIndex): Promise<void> {
  const realTarget = await real(target)
  for (const folder of index.folders) {
    const dir = await real(folder.dir)
    if (isWithin(dir, realTarget) || isWithin(realTarget, dir)) {
      throw new StaticTargetUnsafe(target, folder.dir)
    }
  }
}

/**
 * Merges every static folder of the index into `target`, each path from the folder that
 * serves it in the running app; when the index was built with hashes, also under the
 * hashed names, with the manifest the app reads (original path -> hashed path).
 */
export async function collectStatic(
  index: StaticIndex,
  options: CollectOptions,
): Promise<CollectResult> {
  const target = resolve(options.target)
  const dryRun = options.dryRun === true
  await checkTarget(target, index)
  const winners = [...(index.view()?.files.values() ?? [])]
  const folders = new Set(winners.map((file) => file.folder)).size
  const cleared = options.clear === true
  if (cleared && !dryRun) await clearFolder(target)

  const hashed = index.options.hashed === true
  const bar = progress(
    options.progress ?? { write: () => true },
    'Collecting static files',
    winners.length,
  )
  let done = 0
  for (const file of winners) {
    if (!dryRun) {
      await copyFile(file.absolutePath, await freshPath(target, file.path))
      if (file.hashedPath !== undefined) {
        await copyFile(file.absolutePath, await freshPath(target, file.hashedPath))
      }
    }
    bar.tick(++done)
  }
  bar.end()

  const manifest = hashed ? index.manifest() : undefined
  const manifestFile = hashed ? join(target, MANIFEST_FILE) : undefined
  if (manifest !== undefined && manifestFile !== undefined && !dryRun) {
    await writeManifest(await freshPath(target, MANIFEST_FILE), manifest)
  }
  return {
    target,
    dryRun,
    cleared,
    files: winners.length,
    folders,
    overridden: overriddenPaths(index),
    manifest,
    manifestFile,
  }
}

/**
 * The path of `relative` ('/'-separated) under `target`, ready to be written: its folders
 * made, and any symbolic link on the way (a folder or the file itself) removed, so a
 * link already in the output folder is replaced, never written through.
 */
async function freshPath(target: string, relative: string): Promise<string> {
  const parts = relative.split('/')
  let dir = target
  await mkdir(dir, { recursive: true })
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part)
    const stat = await lstat(dir).catch(() => undefined)
    if (stat?.isSymbolicLink() === true) await rm(dir)
    if (stat === undefined || stat.isSymbolicLink()) await mkdir(dir)
  }
  const to = join(dir, parts.at(-1) as string)
  // rm removes a link itself; a folder in the file's place is an error, as before.
  if ((await lstat(to).catch(() => undefined))?.isSymbolicLink() === true) await rm(to)
  return to
}

/** Deletes what a folder holds, not the folder itself (it may be a mount point). */
async function clearFolder(folder: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return // nothing to clear
  }
  for (const name of names) await rm(join(folder, name), { recursive: true, force: true })
}

/** The report: every overridden file (who won, who lost), then what was (or would be) done. */
export function formatCollect(result: CollectResult): string {
  const lines = result.overridden.map(([path, [winner, ...losers]]) => {
    const from = (file: StaticEntry | undefined) =>
      file === undefined ? '' : `${ownerName(file.owner)} (${displayPath(file.absolutePath)})`
    return `overridden ${path}: ${from(winner)} wins over ${losers.map(from).join(', ')}`
  })
  const would = result.dryRun ? 'Would ' : ''
  const verb = (done: string, todo: string) => (result.dryRun ? `${would}${todo}` : done)
  const target = displayPath(result.target)
  if (result.cleared) lines.push(`${verb('Cleared', 'clear')} ${target}.`)
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`
  const folders = `${result.folders} static folder${result.folders === 1 ? '' : 's'}`
  const overridden = result.overridden.length
  lines.push(
    `${verb('Copied', 'copy')} ${files} from ${folders} to ${target}${overridden > 0 ? ` (${overridden} overridden)` : ''}.`,
  )
  if (result.manifestFile !== undefined) {
    lines.push(
      `${verb('Wrote', 'write')} ${result.files} hashed cop${result.files === 1 ? 'y' : 'ies'} and the manifest ${displayPath(result.manifestFile)}.`,
    )
  }
  return lines.join('\n')
}
