import nunjucks from 'nunjucks'

/**
 * Jinja's filters whose nunjucks namesakes answer otherwise (keywords, defaults, edge
 * cases), as pallets/jinja's tests/test_filters.py asserts them (test/upstream/jinja-filters.test.ts).
 * Their positional arguments keep nunjucks' order, which is Jinja's.
 */

// biome-ignore lint/suspicious/noExplicitAny: template values are anything
type Value = any
type Keywords = Record<string, unknown>

/** nunjucks passes keywords as a last object marked `__keywords`. */
function split(args: readonly unknown[], names: readonly string[]): Keywords {
  const last = args.at(-1) as Keywords | undefined
  const keyed = last !== null && typeof last === 'object' && last.__keywords === true
  const positional = keyed ? args.slice(0, -1) : args
  const given: Keywords = {}
  names.forEach((name, i) => {
    if (i < positional.length) given[name] = positional[i]
  })
  if (keyed)
    for (const [key, value] of Object.entries(last)) if (key !== '__keywords') given[key] = value
  return given
}

/** Jinja's dotted attributes, several separated by commas (`'value1,value2'`, `'real.value'`). */
function getters(attribute: unknown): ((item: Value) => unknown)[] {
  return String(attribute)
    .split(',')
    .map((path) => (item: Value) => {
      let value = item
      for (const part of path.trim().split('.')) value = value?.[part]
      return value
    })
}

/** nunjucks' own escaping, as its autoescape applies it (its `lib` is public, @types lacks `escape`). */
const escapeHtml = (nunjucks.lib as unknown as { escape(text: string): string }).escape

const isSafe = (value: unknown): boolean => value instanceof nunjucks.runtime.SafeString

/** What a filter is called with: nunjucks' context, whose env knows whether it escapes. */
interface FilterThis {
  readonly env: { readonly opts: { readonly autoescape?: boolean } }
}

/** Jinja's `trim(chars)`: strips those characters, or whitespace. */
function trim(value: unknown, ...args: unknown[]): unknown {
  const { chars } = split(args, ['chars'])
  const text = String(value ?? '')
  let trimmed: string
  if (chars === undefined || chars === null) trimmed = text.trim()
  else {
    const set = String(chars)
    let from = 0
    let to = text.length
    while (from < to && set.includes(text[from] as string)) from++
    while (to > from && set.includes(text[to - 1] as string)) to--
    trimmed = text.slice(from, to)
  }
  return isSafe(value) ? new nunjucks.runtime.SafeString(trimmed) : trimmed
}

/** Jinja's `title`: each word's first letter up, the rest down; a word starts after any non-letter. */
const title = (value: unknown): string =>
  String(value ?? '').replace(
    /([\p{L}\p{N}_'])+/gu,
    (word) => (word[0] as string).toUpperCase() + word.slice(1).toLowerCase(),
  )

/** Jinja's `truncate(length=255, killwords=False, end='...', leeway=5)`. */
function truncate(value: unknown, ...args: unknown[]): string {
  const given = split(args, ['length', 'killwords', 'end', 'leeway'])
  const text = String(value ?? '')
  const length = Number(given.length ?? 255)
  const end = String(given.end ?? '...')
  const leeway = Number(given.leeway ?? 5)
  if (text.length <= length + leeway) return text
  if (given.killwords === true) return text.slice(0, length - end.length) + end
  const cut = text.slice(0, length - end.length)
  const space = cut.lastIndexOf(' ')
  return (space === -1 ? cut : cut.slice(0, space)) + end
}

/** Jinja's `indent(width=4, first=False, blank=False)`: width may be a string. */
function indent(value: unknown, ...args: unknown[]): unknown {
  const given = split(args, ['width', 'first', 'blank'])
  const pad = typeof given.width === 'string' ? given.width : ' '.repeat(Number(given.width ?? 4))
  const lines = String(value ?? '').split('\n')
  const out = lines.map((line, i) => {
    if (i === 0) return given.first === true ? pad + line : line
    if (line === '' && given.blank !== true) return line
    return pad + line
  })
  const text = out.join('\n')
  return isSafe(value) ? new nunjucks.runtime.SafeString(text) : text
}

/** Jinja's `int(default=0, base=10)`: `'32.32'` is 32, a prefix (`0x`) read with its base. */
function int(value: unknown, ...args: unknown[]): number {
  const given = split(args, ['default', 'base'])
  const fallback = Number(given.default ?? 0)
  const base = Number(given.base ?? 10)
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : fallback
  let text = String(value ?? '')
    .trim()
    .toLowerCase()
    .replaceAll('_', '')
  const prefix = { 16: '0x', 8: '0o', 2: '0b' }[base]
  if (prefix !== undefined && text.startsWith(prefix)) text = text.slice(2)
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base)
  const whole = new RegExp(`^[-+]?[${digits}]+$`)
  if (whole.test(text)) return Number.parseInt(text, base)
  const float = Number(text)
  return base === 10 && text !== '' && Number.isFinite(float) ? Math.trunc(float) : fallback
}

/** Jinja's `sum(attribute=None, start=0)`, dotted attributes included. */
function sum(value: Value, ...args: unknown[]): number {
  const given = split(args, ['attribute', 'start'])
  const [get] = given.attribute === undefined ? [(item: Value) => item] : getters(given.attribute)
  let total = Number(given.start ?? 0)
  for (const item of value ?? []) total += (get as (item: Value) => number)(item)
  return total
}

/** Jinja's `sort(reverse=False, case_sensitive=False, attribute=None)`, several attributes too. */
function sort(value: Value, ...args: unknown[]): unknown[] {
  const given = split(args, ['reverse', 'case_sensitive', 'attribute'])
  const keys = given.attribute === undefined ? [(item: Value) => item] : getters(given.attribute)
  const fold = (key: unknown) =>
    given.case_sensitive !== true && typeof key === 'string' ? key.toLowerCase() : key
  const order = given.reverse === true ? -1 : 1
  return [...(value ?? [])].sort((a, b) => {
    for (const key of keys) {
      const x = fold(key(a)) as Value
      const y = fold(key(b)) as Value
      if (x < y) return -order
      if (x > y) return order
    }
    return 0
  })
}

/** Jinja's `join(d='', attribute=None)`: when escaping, each item escaped unless safe, the whole safe. */
function join(this: FilterThis, value: Value, ...args: unknown[]): unknown {
  const given = split(args, ['d', 'attribute'])
  const [get] = given.attribute === undefined ? [(item: Value) => item] : getters(given.attribute)
  const items = [...(value ?? [])].map(get as (item: Value) => unknown)
  const separator = String(given.d ?? '')
  if (this.env.opts.autoescape !== true) return items.join(separator)
  const escaped = (item: unknown) => (isSafe(item) ? String(item) : escapeHtml(String(item ?? '')))
  return new nunjucks.runtime.SafeString(items.map(escaped).join(escaped(given.d ?? '')))
}

/** Python's `urllib.parse.quote` with Jinja's safe characters (`/` kept in a string). */
const quote = (text: string, safe: string): string =>
  [...new TextEncoder().encode(text)]
    .map((byte) => {
      const char = String.fromCharCode(byte)
      return /[A-Za-z0-9_.~-]/.test(char) || safe.includes(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')

/** Jinja's `urlencode`: a string quoted (`/` kept), a dict or pairs as a query (`+` for spaces). */
function urlencode(value: Value): string {
  if (typeof value === 'string') return quote(value, '/')
  const pairs: [unknown, unknown][] = Array.isArray(value)
    ? value
    : Object.entries((value ?? {}) as Record<string, unknown>)
  const plus = (item: unknown) => quote(String(item), ' ').replaceAll(' ', '+')
  return pairs.map(([key, item]) => `${plus(key)}=${plus(item)}`).join('&')
}

// biome-ignore lint/suspicious/noExplicitAny: nunjucks filters take anything
export const JINJA_OVERRIDES: Readonly<Record<string, (...args: any[]) => unknown>> = {
  indent,
  int,
  join,
  sort,
  sum,
  title,
  trim,
  truncate,
  urlencode,
}
