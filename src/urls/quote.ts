/**
 * Percent-encoding as Werkzeug builds URLs (Python's `urllib.parse.quote` with a safe set):
 * UTF-8 bytes, letters, digits and `-._~` kept, the safe set kept, everything else `%XX`.
 */

/** True when `text` needs no encoding in any part of a URL (RFC 3986 unreserved only). */
function unreserved(text: string): boolean {
  // A loop, not a regex: faster on the short keys and values urlFor sees.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (
      !(
        (c >= 97 && c <= 122) || // a-z
        (c >= 65 && c <= 90) || // A-Z
        (c >= 48 && c <= 57) || // 0-9
        c === 45 || // -
        c === 46 || // .
        c === 95 || // _
        c === 126 // ~
      )
    )
      return false
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
  const keys = [...restore.keys()].map((key) => key.replace(/[()*]/g, '\\$&'))
  const pattern = keys.length === 0 ? undefined : new RegExp(keys.join('|'), 'g')
  return (text) => {
    if (unreserved(text)) return text
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
