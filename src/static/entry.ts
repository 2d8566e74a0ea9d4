import mime from 'mime'
import type { FileStat, StaticEntry, StaticVariant } from './types.ts'

const TEXTUAL = /^text\/|\/(?:javascript|ecmascript|json|xml)$|\+(?:json|xml)$/

/**
 * The `Content-Type` header for a file name: the `mime` package's type, with
 * `; charset=utf-8` for text (text/*, JavaScript, JSON, XML, SVG); octet-stream when unknown.
 * @example contentTypeFor('css/site.css') // 'text/css; charset=utf-8'
 */
export function contentTypeFor(path: string): string {
  const type = mime.getType(path)
  if (type === null) return 'application/octet-stream'
  return TEXTUAL.test(type) ? `${type}; charset=utf-8` : type
}

/** Header values of one file on disk; `tag` tells a compressed sibling's ETag apart. */
export function makeVariant(stat: FileStat, tag = ''): StaticVariant {
  const mtime = Math.floor(stat.mtimeMs)
  return {
    absolutePath: stat.absolutePath,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    etag: `"${stat.size.toString(16)}-${mtime.toString(16)}${tag}"`,
    lastModified: new Date(mtime).toUTCString(),
    lastModifiedSeconds: Math.floor(mtime / 1000) * 1000,
  }
}

export interface EntryParts {
  readonly owner: string | null
  readonly folder: number
  readonly path: string
  readonly stat: FileStat
  readonly br: FileStat | undefined
  readonly gzip: FileStat | undefined
  readonly hash: string | undefined
  readonly hashedPath: string | undefined
}

/** Everything a request for one file needs, computed once. */
export function makeEntry(parts: EntryParts): StaticEntry {
  return {
    ...makeVariant(parts.stat),
    owner: parts.owner,
    folder: parts.folder,
    path: parts.path,
    contentType: contentTypeFor(parts.path),
    br: parts.br === undefined ? undefined : makeVariant(parts.br, '-br'),
    gzip: parts.gzip === undefined ? undefined : makeVariant(parts.gzip, '-gz'),
    hash: parts.hash,
    hashedPath: parts.hashedPath,
  }
}
