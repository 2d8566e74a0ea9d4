/**
 * Percent-encoding as Werkzeug builds URLs (Python's `urllib.parse.quote` with a safe set):
 * UTF-8 bytes, letters, digits and `-._~` kept, the safe set kept, everything else `%XX`.
 */

/** RFC 3986 unreserved characters: no quoting encodes them. */
const UNRESERVED = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~'

/** 1 for each ASCII character a quoter leaves as it is: the unreserved ones and its safe set. */
function keptTable(safe: string): Uint8Array {
  const kept = new Uint8Array(128)
  for (const char of UNRESERVED + safe) kept[char.charCodeAt(0)] = 1
  return kept
}

/** True when every character of `text` is kept: quoting gives it back unchanged. */
function allKept(text: string, kept: Uint8Array): boolean {
  // A loop, not a regex: faster on the short keys and values urlFor sees.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 128 || kept[c] === 0) return false
  }
  return true
}

/**
 * A quoting function keeping `safe` as it is. `plus` writes a space as '+' (query strings,
 * as `urlencode` does). Throws URIError on text that is not well-formed Unicode.
 */
export function quoter(safe: string, plus = false): (text: string) => string {
  // encodeURIComponent keeps unreserved characters and !'()*: put back the rest of `safe`.
  const restore = new Map<string, string>()
  for (const char of safe) {
    const encoded = encodeURIComponent(char)
    if (encoded !== char) restore.set(encoded, char)
  }
  // encodeURIComponent leaves "!'()*" as they are: encode those that `safe` leaves out.
  for (const char of "!'()*") {
    if (!safe.includes(char)) restore.set(char, `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
  }
  if (plus) restore.set('%20', '+')
  const kept = keptTable(safe)
  const keys = [...restore.keys()].map((key) => key.replace(/[()*]/g, '\\$&'))
  const pattern = keys.length === 0 ? undefined : new RegExp(keys.join('|'), 'g')
  return (text) => {
    if (allKept(text, kept)) return text
    const encoded = encodeURIComponent(text)
    return pattern === undefined
      ? encoded
      : encoded.replace(pattern, (match) => restore.get(match) as string)
  }
}

/** A path's literal text and segments (the WHATWG path-segment set, as Werkzeug): keeps `/`. */
export const quotePath = quoter("!$&'()*+,/:;=@")

/** One path segment: as quotePath, but a '/' is encoded. */
export const quoteSegment = quoter("!$&'()*+,:;=@")

/** A query string's keys and values (Werkzeug's `_urlencode`): a space is '+'. */
export const quoteQuery = quoter("!$'()*,/:;?@", true)

/** A fragment, as Flask's url_for quotes `_anchor`. */
export const quoteFragment = quoter("%!#$&'()*+,/:;=?@")
