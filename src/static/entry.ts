import { contentTypeFor } from '../content-type.ts'
import type { FoundFile } from '../paths.ts'

/** One folder of the static chain: whose it is (a module's name, or null for the root) and where. */
export interface StaticFolder {
  readonly owner: string | null
  readonly dir: string
  /** Whether its files answer in the shared `/static/` chain too (else only under `/static_<owner>/`). Default true. */
  readonly shared?: boolean
}

/**
 * One way of sending a file: the file itself, or a precompressed sibling of it
 * (`a.css.br`, `a.css.gz`). Header values are computed once, when the index is built,
 * so a request only compares strings and sends.
 */
export interface StaticVariant extends FoundFile {
  /**
   * The headers of a whole 200 answer with this variant, but Cache-Control and Vary
   * (which the chain adds): ETag, Last-Modified, Content-Type, Content-Length,
   * Content-Encoding, Accept-Ranges, X-Content-Type-Options. Built once, sent as they are.
   */
  readonly headers: Readonly<Record<string, string>>
  /** Strong validator from size and mtime, like nginx: `"<size hex>-<mtime hex>"` (plus `-br`/`-gz`). */
  readonly etag: string
  /** `Last-Modified`, an HTTP date. */
  readonly lastModified: string
  /** The mtime rounded down to whole seconds, as `If-Modified-Since` carries it. */
  readonly lastModifiedSeconds: number
}

/** The file a request path resolves to, with everything the hot path needs precomputed. */
export interface StaticEntry extends StaticVariant {
  /** The module whose folder holds the file; null for the root folder. */
  readonly owner: string | null
  /** The path inside its folder, '/'-separated: 'css/site.css'. */
  readonly path: string
  /** Position of the folder in the chain (0 wins over 1). */
  readonly folder: number
  /** The full `Content-Type` header, charset included for text. */
  readonly contentType: string
  /** Precompressed siblings found next to the file in the same folder. */
  readonly br: StaticVariant | undefined
  readonly gzip: StaticVariant | undefined
  /** Short content hash (12 hex of sha256), when the index was built with `hashed`. */
  readonly hash: string | undefined
  /** The cache-busting name, 'css/site.3f2a9c1b7d4e.css', when hashed or given by a manifest. */
  readonly hashedPath: string | undefined
}

/** A file hidden by the same path in an earlier folder of the chain. */
export interface ShadowedFile {
  readonly path: string
  readonly winner: string | null
  readonly loser: string | null
}

/** A cache-busting manifest: original path -> hashed path, both inside the static folders. */
export type StaticManifest = Readonly<Record<string, string>>

/**
 * Header values of one file on disk, sent as `contentType`, compressed with `encoding`
 * when it is a precompressed sibling (its ETag then differs from the file's).
 */
export function makeVariant(
  stat: FoundFile,
  contentType: string,
  encoding?: 'br' | 'gzip',
): StaticVariant {
  const mtime = Math.floor(stat.mtimeMs)
  const tag = encoding === 'br' ? '-br' : encoding === 'gzip' ? '-gz' : ''
  const etag = `"${stat.size.toString(16)}-${mtime.toString(16)}${tag}"`
  const lastModified = new Date(mtime).toUTCString()
  const headers: Record<string, string> = {
    etag,
    'last-modified': lastModified,
    'x-content-type-options': 'nosniff',
    'accept-ranges': 'bytes',
    'content-type': contentType,
    'content-length': String(stat.size),
  }
  if (encoding !== undefined) headers['content-encoding'] = encoding
  return {
    absolutePath: stat.absolutePath,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    headers,
    etag,
    lastModified,
    lastModifiedSeconds: Math.floor(mtime / 1000) * 1000,
  }
}

export interface EntryParts {
  readonly owner: string | null
  readonly folder: number
  readonly path: string
  readonly stat: FoundFile
  readonly br: FoundFile | undefined
  readonly gzip: FoundFile | undefined
  readonly hash: string | undefined
  readonly hashedPath: string | undefined
}

/** Everything a request for one file needs, computed once. */
export async function makeEntry(parts: EntryParts): Promise<StaticEntry> {
  const contentType = await contentTypeFor(parts.path)
  return {
    ...makeVariant(parts.stat, contentType),
    owner: parts.owner,
    folder: parts.folder,
    path: parts.path,
    contentType,
    br: parts.br === undefined ? undefined : makeVariant(parts.br, contentType, 'br'),
    gzip: parts.gzip === undefined ? undefined : makeVariant(parts.gzip, contentType, 'gzip'),
    hash: parts.hash,
    hashedPath: parts.hashedPath,
  }
}
