import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { StaticManifestInvalid } from '../errors.ts'
import type { StaticManifest } from './entry.ts'

/** Length of the content hash put in file names, as Django's ManifestStaticFilesStorage does. */
const HASH_LENGTH = 12

/**
 * The first 12 hex characters of the sha256 of a file's content.
 * @example await contentHash('/app/static/css/site.css') // '3f2a9c1b7d4e'
 */
export async function contentHash(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex').slice(0, HASH_LENGTH)
}

/**
 * The cache-busting name of a file: the hash goes before the last extension.
 * @example hashedName('css/site.css', '3f2a9c1b7d4e') // 'css/site.3f2a9c1b7d4e.css'
 */
export function hashedName(path: string, hash: string): string {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  // No extension, or a dotfile's only dot: append the hash.
  if (dot <= slash + 1) return `${path}.${hash}`
  return `${path.slice(0, dot)}.${hash}${path.slice(dot)}`
}

const isRelativePath = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length > 0 &&
  !value.startsWith('/') &&
  !value.includes('\\') &&
  !value.includes('\0') &&
  value.split('/').every((part) => part !== '' && part !== '.' && part !== '..')

/**
 * Reads a manifest written by writeManifest (or collectstatic): a JSON object of
 * original path -> hashed path. Refuses anything else with StaticManifestInvalid.
 * @example const manifest = await readManifest('static/manifest.json')
 */
export async function readManifest(file: string): Promise<StaticManifest> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (cause) {
    throw new StaticManifestInvalid(file, 'it cannot be read as JSON', cause)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new StaticManifestInvalid(file, 'it is not a JSON object')
  const manifest: Record<string, string> = {}
  for (const [original, hashed] of Object.entries(parsed)) {
    if (!isRelativePath(original) || !isRelativePath(hashed))
      throw new StaticManifestInvalid(
        file,
        `the entry ${JSON.stringify(original)}: ${JSON.stringify(hashed)} is not a pair of relative paths`,
      )
    manifest[original] = hashed
  }
  return manifest
}

/**
 * Writes a manifest (sorted keys, so it diffs well), through a temporary file so a
 * reader never sees half of it.
 * @example await writeManifest('dist/static/manifest.json', index.manifest())
 */
export async function writeManifest(file: string, manifest: StaticManifest): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)))
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
  await writeFile(temporary, `${JSON.stringify(sorted, null, 2)}\n`)
  await rename(temporary, file)
}
