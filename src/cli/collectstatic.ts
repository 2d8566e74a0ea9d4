import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, readdir, realpath, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { StaticTargetUnsafe } from '../errors.ts'
import { type ProgressStream, progress } from './progress.ts'
import {
  ownerName,
  type StaticFile,
  type StaticIndex,
  shadowedPaths,
  UNREADABLE_CODE,
  unreadableMessage,
} from './static-files.ts'

/** How collectstatic runs. */
export interface CollectOptions {
  readonly target: string
  /** Delete the target folder's contents first. */
  readonly clear?: boolean
  /** Say what would be done, touch nothing. */
  readonly dryRun?: boolean
  /** Also write each file under a content-hashed name, and the manifest. */
  readonly hash?: boolean
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
  readonly overridden: readonly (readonly [string, readonly StaticFile[]])[]
  /** original path -> hashed path, when hashing. */
  readonly manifest: Readonly<Record<string, string>> | undefined
  readonly manifestFile: string | undefined
}

/** The manifest's name in the target folder: original path -> hashed path, read by the app. */
export const MANIFEST_FILE = 'manifest.json'
/** Hex characters of the sha256 kept in hashed names, as the app's static files use. */
const HASH_LENGTH = 12

async function contentHash(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex').slice(0, HASH_LENGTH)
}

/** 'css/site.css' + hash -> 'css/site.<hash>.css'; the hash goes before the last extension. */
export function hashedName(path: string, hash: string): string {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  if (dot <= slash + 1) return `${path}.${hash}`
  return `${path.slice(0, dot)}.${hash}${path.slice(dot)}`
}

const real = async (path: string): Promise<string> => {
  try {
    return await realpath(path)
  } catch {
    return resolve(path)
  }
}

const within = (outer: string, inner: string): boolean => {
  const rel = relative(outer, inner)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep))
}

/** Refuses a target that is, holds or lies inside a folder collectstatic reads. */
async function checkTarget(target: string, index: StaticIndex): Promise<void> {
  const realTarget = await real(target)
  for (const source of index.sources) {
    const dir = await real(source.dir)
    if (within(dir, realTarget) || within(realTarget, dir)) {
      throw new StaticTargetUnsafe(target, source.dir)
    }
  }
}

/**
 * Merges every static folder of the index into `target`, each path from the folder that
 * serves it in the running app; with hashing, also under hashed names with a manifest.
 */
export async function collectStatic(
  index: StaticIndex,
  options: CollectOptions,
): Promise<CollectResult> {
  const target = resolve(options.target)
  const dryRun = options.dryRun === true
  await checkTarget(target, index)
  const winners = [...index.files.values()].map((files) => files[0] as StaticFile)
  const folders = new Set(winners.map((file) => file.source)).size
  const cleared = options.clear === true
  if (cleared && !dryRun) await clearFolder(target)

  const manifest: Record<string, string> | undefined = options.hash ? {} : undefined
  const bar = progress(
    options.progress ?? { write: () => true },
    'Collecting static files',
    winners.length,
  )
  let done = 0
  for (const file of winners) {
    if (manifest !== undefined) {
      manifest[file.path] = hashedName(file.path, await contentHash(file.absolutePath))
    }
    if (!dryRun) {
      const to = join(target, ...file.path.split('/'))
      await mkdir(dirname(to), { recursive: true })
      await copyFile(file.absolutePath, to)
      const hashed = manifest?.[file.path]
      if (hashed !== undefined)
        await copyFile(file.absolutePath, join(target, ...hashed.split('/')))
    }
    bar.tick(++done)
  }
  bar.end()

  let manifestFile: string | undefined
  if (manifest !== undefined) {
    manifestFile = join(target, MANIFEST_FILE)
    if (!dryRun) await writeManifest(manifestFile, manifest)
  }
  return {
    target,
    dryRun,
    cleared,
    files: winners.length,
    folders,
    overridden: shadowedPaths(index),
    manifest,
    manifestFile,
  }
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

/** Sorted keys, so it diffs well; through a temporary file, so a reader never sees half of it. */
async function writeManifest(
  file: string,
  manifest: Readonly<Record<string, string>>,
): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)))
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(temporary, `${JSON.stringify(sorted, null, 2)}\n`)
  await rename(temporary, file)
}

/** Static folders that could not be read: collectstatic copies nothing then. */
export function formatUnreadable(index: StaticIndex): string {
  return index.unreadable
    .map((folder) => `error [${UNREADABLE_CODE}] ${unreadableMessage(folder)}`)
    .join('\n')
}

const shown = (path: string): string => relative(process.cwd(), path) || '.'

/** The report: every overridden file (who won, who lost), then what was (or would be) done. */
export function formatCollect(result: CollectResult): string {
  const lines = result.overridden.map(([path, [winner, ...losers]]) => {
    const from = (file: StaticFile | undefined) =>
      file === undefined ? '' : `${ownerName(file.source)} (${shown(file.absolutePath)})`
    return `overridden ${path}: ${from(winner)} wins over ${losers.map(from).join(', ')}`
  })
  const would = result.dryRun ? 'Would ' : ''
  const verb = (done: string, todo: string) => (result.dryRun ? `${would}${todo}` : done)
  const target = shown(result.target)
  if (result.cleared) lines.push(`${verb('Cleared', 'clear')} ${target}.`)
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`
  const folders = `${result.folders} static folder${result.folders === 1 ? '' : 's'}`
  const overridden = result.overridden.length
  lines.push(
    `${verb('Copied', 'copy')} ${files} from ${folders} to ${target}${overridden > 0 ? ` (${overridden} overridden)` : ''}.`,
  )
  if (result.manifestFile !== undefined) {
    lines.push(
      `${verb('Wrote', 'write')} ${result.files} hashed cop${result.files === 1 ? 'y' : 'ies'} and the manifest ${shown(result.manifestFile)}.`,
    )
  }
  return lines.join('\n')
}
