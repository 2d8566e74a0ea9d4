/** A request path turned into a key of the static index, or the status to refuse it with. */
export type SafePath =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string }

export interface SafePathOptions {
  /** Serve segments starting with '.' (`.well-known/x`); refused with 403 otherwise. */
  readonly allowDotfiles?: boolean
}

/** Longest tail considered; longer ones cannot name a file of any index. */
export const MAX_PATH_LENGTH = 1024

// Segments of unreserved characters not starting with '.': safe as they are, no decoding.
const PLAIN = /^[\w~-][\w.~-]*(?:\/[\w~-][\w.~-]*)*$/
const DRIVE = /^[a-zA-Z]:/
const DOTS = /^\.[.\s]*$/

const refuse = (status: 400 | 403 | 404, reason: string): SafePath => ({
  ok: false,
  status,
  reason,
})

/**
 * Turns the raw tail of a static URL (after `/static/`, still percent-encoded) into a
 * relative '/'-separated path, decoding each segment exactly once. Anything that could
 * name a file outside the folders is refused: 400 for malformed percent-encoding, 403
 * for dotfiles, 404 for the rest (`..`, encoded slashes or backslashes, NUL, absolute
 * paths, drive letters, empty segments). The query string, if any, is ignored.
 * @example safePath('css/site%20v2.css') // { ok: true, path: 'css/site v2.css' }
 */
export function safePath(rawTail: string, options: SafePathOptions = {}): SafePath {
  const q = rawTail.indexOf('?')
  const tail = q === -1 ? rawTail : rawTail.slice(0, q)
  if (tail.length === 0) return refuse(404, 'empty path')
  if (tail.length > MAX_PATH_LENGTH) return refuse(404, 'path too long')
  if (PLAIN.test(tail)) return { ok: true, path: tail }

  const raw = tail.split('/')
  const parts: string[] = []
  let dotfile = false
  for (let i = 0; i < raw.length; i++) {
    const encoded = raw[i] as string
    let part = encoded
    if (encoded.includes('%')) {
      try {
        part = decodeURIComponent(encoded)
      } catch {
        return refuse(400, 'malformed percent-encoding')
      }
    }
    if (part === '') return refuse(404, i === 0 ? 'absolute path' : 'empty segment')
    // '.', '..', and what Windows reads as '..' once it drops trailing dots and spaces.
    if (DOTS.test(part)) return refuse(404, 'dot segment')
    if (part.includes('/')) return refuse(404, 'encoded slash')
    if (part.includes('\\')) return refuse(404, 'backslash')
    if (part.includes('\0')) return refuse(404, 'NUL byte')
    if (i === 0 && DRIVE.test(part)) return refuse(404, 'drive letter')
    if (part.startsWith('.')) dotfile = true
    parts.push(part)
  }
  // Refusals of traversal come first; a dotfile is only refused once the path is otherwise sound.
  if (dotfile && options.allowDotfiles !== true) return refuse(403, 'dotfile')
  return { ok: true, path: parts.join('/') }
}
