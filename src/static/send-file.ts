import { open } from 'node:fs/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  ACCEPTS_BR,
  ACCEPTS_GZIP,
  acceptedEncodings,
  ifRangeHolds,
  noneMatch,
  notModifiedSince,
  parseRange,
} from './conditional.ts'
import type { StaticEntry, StaticVariant } from './entry.ts'
import type { FileCache } from './file-cache.ts'

export interface SendFileOptions {
  /** The `Cache-Control` value, or false to send none. */
  readonly cacheControl: string | false
  /** Small files' contents. */
  readonly cache: FileCache
}

const missing = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
}

/**
 * Answers one GET or HEAD for one indexed file: validators (ETag, Last-Modified, 304),
 * a single byte range (206/416), a precompressed sibling when accepted, and the body
 * from memory for small files or streamed for large ones. Never touches the disk for
 * a 304, a HEAD or a cached file.
 * @example return sendFile(request, reply, entry, { cacheControl: 'public, max-age=0', cache })
 */
export function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: StaticEntry,
  options: SendFileOptions,
): FastifyReply | Promise<FastifyReply> {
  const headers = request.headers
  const range = headers.range
  let variant: StaticVariant = entry
  let encoding: string | undefined
  const compressed = entry.br !== undefined || entry.gzip !== undefined
  if (compressed) {
    // Keep what another hook (CORS: Origin) already varies on.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${vary}, Accept-Encoding`)
    const accept = headers['accept-encoding']
    // Ranges are of the file itself: a range request gets it uncompressed.
    if (range === undefined && accept !== undefined) {
      const mask = acceptedEncodings(accept)
      if (entry.br !== undefined && (mask & ACCEPTS_BR) !== 0) {
        variant = entry.br
        encoding = 'br'
      } else if (entry.gzip !== undefined && (mask & ACCEPTS_GZIP) !== 0) {
        variant = entry.gzip
        encoding = 'gzip'
      }
    }
  }

  reply.header('etag', variant.etag)
  reply.header('last-modified', variant.lastModified)
  if (options.cacheControl !== false) reply.header('cache-control', options.cacheControl)
  reply.header('x-content-type-options', 'nosniff')

  const ifNoneMatch = headers['if-none-match']
  const ifModifiedSince = headers['if-modified-since']
  if (
    ifNoneMatch !== undefined
      ? noneMatch(ifNoneMatch, variant.etag)
      : ifModifiedSince !== undefined &&
        notModifiedSince(ifModifiedSince, variant.lastModifiedSeconds)
  )
    return reply.code(304).send()

  reply.header('accept-ranges', 'bytes')

  let start = 0
  let end = variant.size - 1
  if (range !== undefined) {
    const ifRange = headers['if-range']
    const wanted =
      typeof ifRange !== 'string' || ifRangeHolds(ifRange, entry.etag, entry.lastModified)
        ? parseRange(range, entry.size)
        : undefined
    if (wanted === 'unsatisfiable')
      return reply
        .code(416)
        .header('content-range', `bytes */${entry.size}`)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Range Not Satisfiable')
    if (wanted !== undefined) {
      start = wanted.start
      end = wanted.end
      reply.code(206).header('content-range', `bytes ${start}-${end}/${entry.size}`)
    }
  }
  reply.header('content-type', entry.contentType)
  if (encoding !== undefined) reply.header('content-encoding', encoding)
  const length = end - start + 1
  reply.header('content-length', length)
  if (request.method === 'HEAD') return reply.send()

  const cached = options.cache.get(variant)
  if (cached !== undefined)
    return reply.send(length === cached.length ? cached : cached.subarray(start, end + 1))
  return options.cache.fits(variant.size)
    ? sendRead(reply, variant, start, end, options.cache)
    : sendStream(reply, variant, start, end)
}

async function sendRead(
  reply: FastifyReply,
  variant: StaticVariant,
  start: number,
  end: number,
  cache: FileCache,
): Promise<FastifyReply> {
  let buffer: Buffer
  try {
    const handle = await open(variant.absolutePath, 'r')
    try {
      buffer = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch (err) {
    if (missing(err)) return notFound(reply)
    throw err
  }
  // A file rewritten in place without a watcher: send what is there, do not keep it.
  if (buffer.length === variant.size) cache.set(variant, buffer)
  return reply.send(
    start === 0 && end === buffer.length - 1 ? buffer : buffer.subarray(start, end + 1),
  )
}

async function sendStream(
  reply: FastifyReply,
  variant: StaticVariant,
  start: number,
  end: number,
): Promise<FastifyReply> {
  // Opened first so a file gone since start-up is a 404, not a broken stream.
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(variant.absolutePath, 'r')
  } catch (err) {
    if (missing(err)) return notFound(reply)
    throw err
  }
  return reply.send(handle.createReadStream({ start, end }))
}

function notFound(reply: FastifyReply): FastifyReply {
  for (const name of [
    'etag',
    'last-modified',
    'content-type',
    'content-length',
    'content-range',
    'content-encoding',
    'accept-ranges',
    'cache-control',
    'vary',
  ])
    reply.removeHeader(name)
  reply.code(200)
  reply.callNotFound()
  return reply
}
