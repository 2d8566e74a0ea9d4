import type { Stats } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  ACCEPTS_BR,
  ACCEPTS_GZIP,
  acceptedEncodings,
  ifRangeHolds,
  noneMatch,
  notModifiedSince,
  PREFERS_GZIP,
  parseRange,
} from './conditional.ts'
import { makeVariant, type StaticEntry, type StaticVariant } from './entry.ts'
import type { FileCache } from './file-cache.ts'

export interface SendFileOptions {
  /** The `Cache-Control` value, or false to send none. */
  readonly cacheControl: string | false
  /** Small files' contents. */
  readonly cache: FileCache
}

/** The bytes to send, inclusive, once the headers are set. */
interface Body {
  readonly start: number
  readonly end: number
}

const missing = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
}

/**
 * Answers one GET or HEAD for one indexed file: validators (ETag, Last-Modified, 304),
 * a single byte range (206/416), a precompressed sibling when accepted, and the body
 * from memory for small files or streamed for large ones. Never touches the disk for
 * a 304, a HEAD or a cached file. A file read from disk is checked against its index
 * entry first: changed since (no watcher), it is answered as it is now.
 * @example return sendFile(request, reply, entry, { cacheControl: 'public, max-age=0', cache })
 */
export function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: StaticEntry,
  options: SendFileOptions,
): FastifyReply | Promise<FastifyReply> {
  const headers = request.headers
  let variant: StaticVariant = entry
  let encoding: 'br' | 'gzip' | undefined
  if (entry.br !== undefined || entry.gzip !== undefined) {
    // Keep what another hook (CORS: Origin) already varies on.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${vary}, Accept-Encoding`)
    const accept = headers['accept-encoding']
    // Ranges are of the file itself: a range request gets it uncompressed.
    if (headers.range === undefined && accept !== undefined) {
      const mask = acceptedEncodings(accept)
      const gzipFirst = (mask & PREFERS_GZIP) !== 0 && entry.gzip !== undefined
      if (entry.br !== undefined && (mask & ACCEPTS_BR) !== 0 && !gzipFirst) {
        variant = entry.br
        encoding = 'br'
      } else if (entry.gzip !== undefined && (mask & ACCEPTS_GZIP) !== 0) {
        variant = entry.gzip
        encoding = 'gzip'
      }
    }
  }
  const body = answer(request, reply, entry, variant, options)
  if (body === undefined) return reply
  const cached = options.cache.get(variant)
  if (cached !== undefined)
    return reply.send(
      body.end - body.start + 1 === cached.length
        ? cached
        : cached.subarray(body.start, body.end + 1),
    )
  return fromDisk(request, reply, entry, variant, encoding, options, body)
}

/**
 * Sets the headers of an answer from one variant of the file; sends it and returns
 * undefined when it has no body to read (304, 416, HEAD), else the bytes to send. A
 * whole answer takes the variant's prebuilt headers as they are.
 */
function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: StaticEntry,
  variant: StaticVariant,
  options: SendFileOptions,
): Body | undefined {
  const headers = request.headers
  const ifNoneMatch = headers['if-none-match']
  const ifModifiedSince = headers['if-modified-since']
  if (
    ifNoneMatch !== undefined
      ? noneMatch(ifNoneMatch, variant.etag)
      : ifModifiedSince !== undefined &&
        notModifiedSince(ifModifiedSince, variant.lastModifiedSeconds)
  ) {
    reply.header('etag', variant.etag).header('last-modified', variant.lastModified)
    if (options.cacheControl !== false) reply.header('cache-control', options.cacheControl)
    reply.code(304).send()
    return undefined
  }

  reply.headers(variant.headers)
  if (options.cacheControl !== false) reply.header('cache-control', options.cacheControl)
  let start = 0
  let end = variant.size - 1
  const range = headers.range
  if (range !== undefined) {
    const ifRange = headers['if-range']
    const wanted =
      typeof ifRange !== 'string' || ifRangeHolds(ifRange, entry.etag, entry.lastModified)
        ? parseRange(range, entry.size)
        : undefined
    if (wanted === 'unsatisfiable') {
      reply
        .code(416)
        .removeHeader('content-length')
        .header('content-range', `bytes */${entry.size}`)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Range Not Satisfiable')
      return undefined
    }
    if (wanted !== undefined) {
      start = wanted.start
      end = wanted.end
      reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${entry.size}`)
        .header('content-length', String(end - start + 1))
    }
  }
  if (request.method === 'HEAD') {
    reply.send()
    return undefined
  }
  return { start, end }
}

/**
 * The body from disk. The opened file is compared with the index entry (size and
 * mtime, from fstat): a file rewritten since the index was built is answered afresh,
 * headers and all, from the file as opened, so Content-Length always matches the bytes
 * that follow.
 */
async function fromDisk(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: StaticEntry,
  variant: StaticVariant,
  encoding: 'br' | 'gzip' | undefined,
  options: SendFileOptions,
  body: Body,
): Promise<FastifyReply> {
  let handle: FileHandle
  try {
    handle = await open(variant.absolutePath, 'r')
  } catch (err) {
    if (missing(err)) return notFound(reply)
    throw err
  }
  let stat: Stats
  try {
    stat = await handle.stat()
  } catch (err) {
    await handle.close()
    throw err
  }
  // A file replaced by a folder opens (read-only) but cannot be read: gone, as a deleted one.
  if (!stat.isFile()) {
    await handle.close()
    return notFound(reply)
  }
  if (stat.size === variant.size && stat.mtimeMs === variant.mtimeMs)
    return sendOpened(reply, handle, stat, body, options.cache, variant)

  // Changed since the index was built: what the client gets must be what is on disk now.
  const fresh = makeVariant(
    { absolutePath: variant.absolutePath, size: stat.size, mtimeMs: stat.mtimeMs },
    entry.contentType,
    encoding,
  )
  reply.code(200).removeHeader('content-range')
  const freshBody = answer(
    request,
    reply,
    variant === entry ? { ...entry, ...fresh } : entry,
    fresh,
    options,
  )
  if (freshBody === undefined) {
    await handle.close()
    return reply
  }
  return sendOpened(reply, handle, stat, freshBody, options.cache, undefined)
}

/**
 * Sends bytes of an opened file: read whole (and kept, when `keep` is the index's
 * variant it matches) for small files, streamed for large ones. A file that shrinks
 * while it is read is never sent short under a longer Content-Length: a small one is
 * refused with 503, a stream's connection is closed.
 */
async function sendOpened(
  reply: FastifyReply,
  handle: FileHandle,
  stat: Stats,
  body: Body,
  cache: FileCache,
  keep: StaticVariant | undefined,
): Promise<FastifyReply> {
  const length = body.end - body.start + 1
  if (cache.fits(stat.size)) {
    let buffer: Buffer
    try {
      buffer = await handle.readFile()
    } finally {
      await handle.close()
    }
    if (buffer.length !== stat.size) return unavailable(reply)
    if (keep !== undefined) cache.set(keep, buffer)
    return reply.send(length === buffer.length ? buffer : buffer.subarray(body.start, body.end + 1))
  }
  const stream = handle.createReadStream({ start: body.start, end: body.end })
  stream.once('end', () => {
    if (stream.bytesRead < length) reply.raw.destroy()
  })
  return reply.send(stream)
}

const ANSWER_HEADERS = [
  'etag',
  'last-modified',
  'content-type',
  'content-length',
  'content-range',
  'content-encoding',
  'accept-ranges',
  'cache-control',
  'vary',
  'x-content-type-options',
]

function clearHeaders(reply: FastifyReply): FastifyReply {
  for (const name of ANSWER_HEADERS) reply.removeHeader(name)
  return reply.code(200)
}

function notFound(reply: FastifyReply): FastifyReply {
  clearHeaders(reply).callNotFound()
  return reply
}

/** A file changing while it was read: nothing whole to send; try again shortly. */
function unavailable(reply: FastifyReply): FastifyReply {
  return clearHeaders(reply).code(503).header('retry-after', '1').send({
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'The file changed while it was read',
  })
}
