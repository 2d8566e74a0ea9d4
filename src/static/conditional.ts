/** The parts of HTTP content negotiation and validation a static answer needs, as pure functions. */

export const ACCEPTS_BR = 1
export const ACCEPTS_GZIP = 2
/** Set when gzip has a higher q than br (`br;q=0.5, gzip`): br wins ties. */
export const PREFERS_GZIP = 4

const acceptMemo = new Map<string, number>()
const ACCEPT_MEMO_SIZE = 256

/**
 * Which precompressed encodings an `Accept-Encoding` header accepts, as a bit mask
 * (ACCEPTS_BR | ACCEPTS_GZIP | PREFERS_GZIP); q=0 refuses, `*` stands for any encoding
 * not named. Written here rather than on @fastify/accept-negotiator, which serves br to
 * `*, br;q=0` (RFC 9110 section 12.5.3: q=0 means "not acceptable").
 * Browsers send a handful of distinct headers, so answers are memoised (bounded).
 * @example acceptedEncodings('gzip, deflate, br;q=0') // ACCEPTS_GZIP
 */
export function acceptedEncodings(header: string): number {
  const known = acceptMemo.get(header)
  if (known !== undefined) return known
  const named = new Map<string, number>()
  let star = 0
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.split(';')
    let q = 1
    for (const param of params) {
      const [key = '', value = ''] = param.split('=')
      if (key.trim().toLowerCase() === 'q') q = Number.parseFloat(value) || 0
    }
    const name = token.trim().toLowerCase()
    if (name === '*') star = q
    else named.set(name === 'x-gzip' ? 'gzip' : name, q)
  }
  const br = named.get('br') ?? star
  const gzip = named.get('gzip') ?? star
  const mask =
    (br > 0 ? ACCEPTS_BR : 0) | (gzip > 0 ? ACCEPTS_GZIP : 0) | (gzip > br ? PREFERS_GZIP : 0)
  if (acceptMemo.size >= ACCEPT_MEMO_SIZE) acceptMemo.clear()
  acceptMemo.set(header, mask)
  return mask
}

/**
 * Whether `If-None-Match` matches an ETag, with the weak comparison RFC 9110 asks for.
 * @example noneMatch('W/"a-1", "b-2"', '"b-2"') // true
 */
export function noneMatch(header: string, etag: string): boolean {
  if (header === etag) return true
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag
  for (const part of header.split(',')) {
    const tag = part.trim()
    if (tag === '*' || tag === bare || (tag.startsWith('W/') && tag.slice(2) === bare)) return true
  }
  return false
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// IMF-fixdate ('Sun, 06 Nov 1994 08:49:37 GMT') and RFC 850 ('Sunday, 06-Nov-94 08:49:37 GMT'),
// the weekday optional and its comma too, as Werkzeug (Python's email module) reads them.
const IMF =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})[\s-]+([a-z]{3})[\s-]+(\d{4}|\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s+gmt$/i
// asctime ('Sun Nov  6 08:49:37 1994').
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/i

function utc(year: string, month: string, day: string, h: string, m: string, s: string) {
  const monthIndex = MONTHS.indexOf(month.toLowerCase())
  let y = Number(year)
  // Two-digit years as Python's email module reads them (RFC 850 dates).
  if (year.length === 2) y += y > 68 ? 1900 : 2000
  const [d, hours, minutes, seconds] = [Number(day), Number(h), Number(m), Number(s)]
  if (monthIndex === -1 || hours > 23 || minutes > 59 || seconds > 59) return undefined
  const date = new Date(Date.UTC(2000, monthIndex, d, hours, minutes, seconds))
  date.setUTCFullYear(y) // Date.UTC would read years 0-99 as 1900-1999
  // 31 Feb rolls over into March: not a date.
  return date.getUTCDate() === d && date.getUTCMonth() === monthIndex ? date.getTime() : undefined
}

/**
 * An HTTP-date (RFC 9110 section 5.6.7: IMF-fixdate, RFC 850 or asctime) as milliseconds
 * since the epoch, or undefined for anything else: `2099`, ISO dates, a missing time or
 * zone, a day the month lacks. Date.parse accepts far more, which a conditional header
 * must not.
 * @example parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT') // 784111777000
 */
export function parseHttpDate(value: string): number | undefined {
  const text = value.trim()
  const imf = IMF.exec(text)
  if (imf !== null) {
    const [, day = '', month = '', year = '', h = '', m = '', s = ''] = imf
    return utc(year, month, day, h, m, s)
  }
  const asctime = ASCTIME.exec(text)
  if (asctime !== null) {
    const [, month = '', day = '', h = '', m = '', s = '', year = ''] = asctime
    return utc(year, month, day, h, m, s)
  }
  return undefined
}

let lastSince = ''
let lastSinceValue: number | undefined

/**
 * Whether the file is no newer than `If-Modified-Since`; a value that is not an
 * HTTP-date is ignored (RFC 9110 section 13.1.3), so never a 304.
 */
export function notModifiedSince(header: string, lastModifiedSeconds: number): boolean {
  // Clients revalidate with the Last-Modified they were sent: the same string, again and again.
  if (header !== lastSince) {
    lastSince = header
    lastSinceValue = parseHttpDate(header)
  }
  return lastSinceValue !== undefined && lastModifiedSeconds <= lastSinceValue
}

/** One byte range, inclusive. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

const DIGITS = /^\d*$/

/**
 * A `Range` header read against a size: one range, 'unsatisfiable' (416), or
 * undefined to send the whole file (no header, several ranges, or a malformed one,
 * which RFC 9110 says to ignore). `bytes= first - last`, blanks allowed around each
 * number, read by slicing at the dash rather than by one regex: `\s*(\d*)\s*-` took
 * time quadratic in a run of blanks (16 KB of them: 130-300 ms of CPU a request).
 * @example parseRange('bytes=0-2', 7) // { start: 0, end: 2 }
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header.slice(0, 6).toLowerCase() !== 'bytes=') return undefined
  const dash = header.indexOf('-', 6)
  if (dash === -1) return undefined
  const first = header.slice(6, dash).trim()
  const last = header.slice(dash + 1).trim()
  if (!DIGITS.test(first) || !DIGITS.test(last)) return undefined
  if (first === '') {
    if (last === '') return undefined
    const suffix = Number(last)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? Number.POSITIVE_INFINITY : Number(last)
  if (end < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end: Math.min(end, size - 1) }
}

/** Whether `If-Range` (an ETag, compared strongly, or a date, compared exactly) allows a range. */
export function ifRangeHolds(header: string, etag: string, lastModified: string): boolean {
  if (header.startsWith('"')) return header === etag
  if (header.startsWith('W/')) return false
  return header === lastModified
}
