import escapeHtml from 'escape-html'
import nunjucks from 'nunjucks'
import { JINJA_OVERRIDES } from './jinja-overrides.ts'
import { METHOD_NAMES, methodFilter, REQUIRED_GLOBAL, WITH_GLOBAL } from './jinja-syntax.ts'

/**
 * Jinja's names nunjucks lacks, given to each of our Environments through its public API
 * (globals, filters, tests): nothing of nunjucks itself is patched, so another nunjucks
 * user of the process sees none of it (nunjucks' `installJinjaCompat()` patches its runtime
 * for every template of the process, and adds a check to every lookup of every render).
 * Method calls (`d.items()`), slices and `loop.cycle` are rewritten when a template
 * compiles: templates/jinja-syntax.ts.
 */

// biome-ignore lint/suspicious/noExplicitAny: template values are anything
type Value = any
type Keywords = Record<string, unknown>

/** nunjucks' marker of its keyword-arguments object. */
const KEYWORDS = '__keywords'

/** A call's positional arguments and keywords (nunjucks passes keywords as a last marked object). */
function split(args: readonly unknown[]): { positional: unknown[]; keywords: Keywords } {
  const last = args.at(-1) as Keywords | undefined
  if (last !== null && typeof last === 'object' && last[KEYWORDS] === true) {
    const { [KEYWORDS]: _marker, ...keywords } = last
    return { positional: args.slice(0, -1), keywords }
  }
  return { positional: [...args], keywords: {} }
}

/** Jinja's attribute lookup: dotted names, integers as indexes (`'address.city'`, `'0'`). */
function attributeGetter(attribute: unknown): (item: Value) => unknown {
  const parts = String(attribute).split('.')
  return (item) => {
    let value = item
    for (const part of parts) {
      if (value === null || value === undefined) return undefined
      value = value[part]
    }
    return value
  }
}

const toArray = (value: Value): Value[] => {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value
  if (typeof value === 'string') return [...value]
  if (typeof value[Symbol.iterator] === 'function') return [...value]
  if (typeof value === 'object') return Object.keys(value)
  return []
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof nunjucks.runtime.SafeString)

/** Python's `json.dumps(value, sort_keys=True, indent=indent)`: its separators, keys sorted. */
function pythonJson(value: unknown, indent: number | undefined, depth: number): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return pythonJson((value as { toJSON(): unknown }).toJSON(), indent, depth)
  if (value instanceof nunjucks.runtime.SafeString) return JSON.stringify(String(value))
  if (Array.isArray(value) || isMapping(value)) {
    const entries = Array.isArray(value)
      ? value.map((item) => pythonJson(item, indent, depth + 1) ?? 'null')
      : Object.keys(value)
          .sort()
          .flatMap((key) => {
            const item = pythonJson(value[key], indent, depth + 1)
            return item === undefined ? [] : [`${JSON.stringify(key)}: ${item}`]
          })
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
    if (entries.length === 0) return open + close
    if (indent === undefined) return `${open}${entries.join(', ')}${close}`
    const inner = `\n${' '.repeat(indent * (depth + 1))}`
    return `${open}${inner}${entries.join(`,${inner}`)}\n${' '.repeat(indent * depth)}${close}`
  }
  return JSON.stringify(value)
}

/** Jinja's `htmlsafe_json_dumps`: Python's JSON with `<`, `>`, `&` and `'` escaped, marked safe. */
function tojson(value: unknown, indent?: unknown): unknown {
  const text = (
    pythonJson(value ?? null, typeof indent === 'number' ? indent : undefined, 0) ?? 'null'
  )
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027')
  return new nunjucks.runtime.SafeString(text)
}

/** What a filter is called with: nunjucks' context, whose env knows whether it escapes. */
interface AutoescapeThis {
  readonly env: { readonly opts: { readonly autoescape?: boolean } }
}

/** What a filter is called with: `this` is nunjucks' context, whose `env` has the tests. */
interface FilterThis {
  readonly env: { getTest(name: string): (...args: unknown[]) => unknown }
}

/** Jinja's `select`/`reject`/`selectattr`/`rejectattr`: a test name and its arguments, or truthiness. */
function selector(byAttribute: boolean, keep: boolean) {
  return function (this: FilterThis, sequence: Value, ...args: unknown[]): unknown[] {
    const { positional } = split(args)
    const get = byAttribute ? attributeGetter(positional.shift()) : (item: Value) => item
    const name = positional.shift()
    const test =
      name === undefined
        ? (value: unknown) => Boolean(value)
        : (value: unknown) =>
            Boolean(this.env.getTest(String(name)).call(this, value, ...positional))
    return toArray(sequence).filter((item) => test(get(item)) === keep)
  }
}

/** Jinja's `map`: `map(attribute='name', default=…)` or `map('filter', args…)`. */
function map(
  this: FilterThis & { env: { getFilter(name: string): (...args: unknown[]) => unknown } },
  sequence: Value,
  ...args: unknown[]
): unknown[] {
  const { positional, keywords } = split(args)
  if ('attribute' in keywords) {
    const get = attributeGetter(keywords.attribute)
    return toArray(sequence).map((item) => get(item) ?? keywords.default)
  }
  const [name, ...rest] = positional
  const filter = this.env.getFilter(String(name))
  return toArray(sequence).map((item) => filter.call(this, item, ...rest))
}

/** Jinja's `groupby`: a list of `(grouper, list)` pairs, sorted, readable as `.grouper` and `.list`. */
function groupby(sequence: Value, attribute: unknown, ...args: unknown[]): unknown[] {
  const { keywords } = split(args)
  const get = attributeGetter(attribute)
  const groups = new Map<unknown, unknown[]>()
  for (const item of toArray(sequence)) {
    const key = get(item) ?? keywords.default
    const list = groups.get(key)
    if (list) list.push(item)
    else groups.set(key, [item])
  }
  return [...groups.keys()].sort(compare).map((grouper) => {
    const list = groups.get(grouper) as unknown[]
    return Object.assign([grouper, list], { grouper, list })
  })
}

function compare(a: Value, b: Value): number {
  const x = typeof a === 'string' ? a.toLowerCase() : a
  const y = typeof b === 'string' ? b.toLowerCase() : b
  return x < y ? -1 : x > y ? 1 : 0
}

/** Jinja's `min`/`max`: case-insensitive by default, `attribute=` to compare by. */
function extreme(sign: 1 | -1) {
  return (sequence: Value, ...args: unknown[]): unknown => {
    const { positional, keywords } = split(args)
    const caseSensitive = keywords.case_sensitive ?? positional[0] ?? false
    const attribute = keywords.attribute ?? positional[1]
    const get = attribute === undefined ? (item: Value) => item : attributeGetter(attribute)
    const key = (item: Value) => {
      const value = get(item)
      return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value
    }
    let best: unknown
    let bestKey: Value
    for (const item of toArray(sequence)) {
      const k = key(item)
      if (best === undefined || (sign > 0 ? k > bestKey : k < bestKey)) {
        best = item
        bestKey = k
      }
    }
    return best
  }
}

/** Jinja's `unique`: first of each value, case-insensitive by default. */
function unique(sequence: Value, ...args: unknown[]): unknown[] {
  const { positional, keywords } = split(args)
  const caseSensitive = keywords.case_sensitive ?? positional[0] ?? false
  const attribute = keywords.attribute ?? positional[1]
  const get = attribute === undefined ? (item: Value) => item : attributeGetter(attribute)
  const seen = new Set<unknown>()
  return toArray(sequence).filter((item) => {
    let key = get(item)
    if (!caseSensitive && typeof key === 'string') key = key.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Python's `%` formatting, for `format`: `%s`, `%d`, `%i`, `%f` (with a precision), `%r`, `%%`. */
function percent(format: string, ...args: unknown[]): string {
  const { positional, keywords } = split(args)
  let next = 0
  return String(format).replace(
    /%(?:\(([^)]*)\))?([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifr%])/g,
    (_all, name: string | undefined, _flags, width: string, precision: string, kind: string) => {
      if (kind === '%') return '%'
      const value = name === undefined ? positional[next++] : keywords[name]
      let text: string
      if (kind === 'd' || kind === 'i') text = String(Math.trunc(Number(value)))
      else if (kind === 'f') text = Number(value).toFixed(precision ? Number(precision) : 6)
      else if (kind === 'r') text = typeof value === 'string' ? `'${value}'` : String(value)
      else text = value === null ? 'None' : String(value)
      return width ? text.padStart(Number(width)) : text
    },
  )
}

/** Jinja's `filesizeformat`: decimal (kB, MB…) or binary (KiB, MiB…) units. */
function filesizeformat(value: unknown, binary?: unknown): string {
  const bytes = Number(value)
  const base = binary === true ? 1024 : 1000
  const units =
    binary === true
      ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
      : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB']
  if (bytes === 1) return '1 Byte'
  if (bytes < base) return `${bytes} Bytes`
  let unit = ''
  let scaled = bytes
  for (const name of units) {
    scaled /= base
    unit = name
    if (scaled < base) break
  }
  return `${scaled.toFixed(1)} ${unit}`
}

/** Jinja's `xmlattr`: ` key="value"` pairs, escaped, none and undefined left out. */
function xmlattr(value: Record<string, unknown>, autospace: unknown = true): unknown {
  const parts: string[] = []
  for (const [key, item] of Object.entries(value ?? {})) {
    if (key === KEYWORDS || item === null || item === undefined) continue
    if (/[\s/>="]/.test(key)) throw new Error(`Invalid character in attribute name: '${key}'`)
    parts.push(`${escapeHtml(key)}="${escapeHtml(String(item))}"`)
  }
  const text = parts.join(' ')
  return new nunjucks.runtime.SafeString(text && autospace !== false ? ` ${text}` : text)
}

/** Jinja's `wordwrap`: lines of at most `width` characters, broken at spaces. */
function wordwrap(
  value: unknown,
  width: unknown = 79,
  breakLong: unknown = true,
  wrapstring: unknown = '\n',
): string {
  const limit = Number(width)
  return String(value)
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = []
      let line = ''
      for (let word of paragraph.split(/ +/)) {
        while (breakLong !== false && word.length > limit) {
          if (line) lines.push(line)
          line = ''
          lines.push(word.slice(0, limit))
          word = word.slice(limit)
        }
        if (line && line.length + 1 + word.length > limit) {
          lines.push(line)
          line = word
        } else line = line ? `${line} ${word}` : word
      }
      lines.push(line)
      return lines.join(String(wrapstring))
    })
    .join(String(wrapstring))
}

/** Jinja's filters that nunjucks lacks or names otherwise, or whose arguments differ. */
// biome-ignore lint/suspicious/noExplicitAny: nunjucks filters take anything
export const JINJA_FILTERS: Readonly<Record<string, (...args: any[]) => unknown>> = {
  attr: (value: Value, name: unknown) => value?.[String(name)],
  count: (value: Value) => toArray(value).length,
  dictsort(this: unknown, value: Value, ...args: unknown[]) {
    const { positional, keywords } = split(args)
    const caseSensitive = keywords.case_sensitive ?? positional[0] ?? false
    const by = keywords.by ?? positional[1] ?? 'key'
    const reverse = keywords.reverse ?? positional[2] ?? false
    const index = by === 'value' ? 1 : 0
    const entries = Object.entries(value ?? {})
    const key = (entry: unknown[]) => {
      const v = entry[index] as Value
      return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v
    }
    entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (reverse ? -1 : 1))
    return entries
  },
  filesizeformat,
  format: percent,
  groupby,
  items: (value: Value) =>
    value instanceof Map ? [...value.entries()] : Object.entries(value ?? {}),
  map,
  max: extreme(1),
  min: extreme(-1),
  pprint: (value: unknown) => JSON.stringify(value, null, 2),
  reject: selector(false, false),
  rejectattr: selector(true, false),
  select: selector(false, true),
  selectattr: selector(true, true),
  tojson,
  unique,
  wordwrap,
  xmlattr,
}

/** Jinja's tests that nunjucks lacks. */
export const JINJA_TESTS: Readonly<Record<string, (...args: Value[]) => boolean>> = {
  none: (value) => value === null,
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  float: (value) => typeof value === 'number' && !Number.isInteger(value),
  sequence: (value) => typeof value === 'string' || Array.isArray(value) || isMapping(value),
  // Python's bool is a number; a dict is iterable (its keys), none is not.
  number: (value) => typeof value === 'number' || typeof value === 'boolean',
  iterable: (value) =>
    typeof value === 'string' ||
    (value !== null && typeof value === 'object') ||
    typeof value?.[Symbol.iterator] === 'function',
  in: (value, container) =>
    typeof container === 'string'
      ? container.includes(String(value))
      : Array.isArray(container)
        ? container.includes(value)
        : container !== null && typeof container === 'object' && value in container,
}

/** Jinja's spellings of the constants, as globals of our Environments only. */
export const JINJA_GLOBALS: Readonly<Record<string, unknown>> = {
  True: true,
  False: false,
  None: null,
  namespace,
  // The rewrites' helpers (templates/jinja-syntax.ts).
  [WITH_GLOBAL]: withBlock,
  [REQUIRED_GLOBAL]: (name: string) => {
    throw new Error(`Required block '${name}' not found`)
  },
}

/** An Environment as far as Jinja's additions need it (`addTest` is public, though @types/nunjucks lacks it). */
interface Extensible {
  addGlobal(name: string, value: unknown): unknown
  // biome-ignore lint/suspicious/noExplicitAny: nunjucks filters take anything
  addFilter(name: string, filter: (...args: any[]) => unknown): unknown
}

/**
 * Gives `env` Jinja's constants, filters and tests (before the app's own, which win).
 * @example addJinja(new nunjucks.Environment(loader))
 */
export function addJinja(env: nunjucks.Environment): void {
  const target = env as unknown as Extensible & {
    addTest(name: string, test: (...args: Value[]) => boolean): unknown
  }
  for (const [name, value] of Object.entries(JINJA_GLOBALS)) target.addGlobal(name, value)
  for (const [name, filter] of Object.entries(JINJA_FILTERS)) target.addFilter(name, filter)
  for (const [name, filter] of Object.entries(JINJA_OVERRIDES)) target.addFilter(name, filter)
  for (const [name, test] of Object.entries(JINJA_TESTS)) target.addTest(name, test)
  for (const [name, filter] of Object.entries(syntaxFilters())) target.addFilter(name, filter)
}

/** A Python method of a builtin type: `this` is the value, as Python's `self`. */
type Method = (self: Value, ...args: Value[]) => unknown

const KEY_ERROR = (key: unknown) => new Error(`KeyError: ${JSON.stringify(key)}`)

/** Python's `str.split`: without a separator, runs of whitespace, ends dropped. */
function pySplit(self: string, separator?: unknown, limit?: unknown): string[] {
  const max = typeof limit === 'number' && limit >= 0 ? limit : Number.POSITIVE_INFINITY
  const parts: string[] = []
  if (separator === undefined || separator === null) {
    const words = self
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '')
    if (words.length - 1 <= max) return words
    let rest = self.trimStart()
    for (let i = 0; i < max; i++) {
      const match = /\s+/.exec(rest) as RegExpExecArray
      parts.push(rest.slice(0, match.index))
      rest = rest.slice(match.index + match[0].length)
    }
    parts.push(rest)
    return parts
  }
  const sep = String(separator)
  let rest = self
  while (parts.length < max) {
    const at = rest.indexOf(sep)
    if (at === -1) break
    parts.push(rest.slice(0, at))
    rest = rest.slice(at + sep.length)
  }
  parts.push(rest)
  return parts
}

/** Python's `str.format`: `{}`, `{0}`, `{name}`, `{{` and `}}`. */
function pyFormat(self: string, ...args: unknown[]): string {
  const { positional, keywords } = split(args)
  let next = 0
  return self.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, field: string | undefined) => {
    if (all === '{{') return '{'
    if (all === '}}') return '}'
    const name = (field ?? '').split(':')[0] as string
    const value =
      name === ''
        ? positional[next++]
        : /^\d+$/.test(name)
          ? positional[Number(name)]
          : keywords[name]
    return value === null ? 'None' : String(value)
  })
}

const strip = (self: string, chars: unknown, start: boolean, end: boolean): string => {
  if (chars === undefined || chars === null)
    return start && end ? self.trim() : start ? self.trimStart() : self.trimEnd()
  const set = String(chars)
  let from = 0
  let to = self.length
  while (start && from < to && set.includes(self[from] as string)) from++
  while (end && to > from && set.includes(self[to - 1] as string)) to--
  return self.slice(from, to)
}

const STRING_METHODS: Readonly<Record<string, Method>> = {
  upper: (self: string) => self.toUpperCase(),
  lower: (self: string) => self.toLowerCase(),
  strip: (self: string, chars) => strip(self, chars, true, true),
  lstrip: (self: string, chars) => strip(self, chars, true, false),
  rstrip: (self: string, chars) => strip(self, chars, false, true),
  startswith: (self: string, prefix) =>
    Array.isArray(prefix)
      ? prefix.some((p) => self.startsWith(p))
      : self.startsWith(String(prefix)),
  endswith: (self: string, suffix) =>
    Array.isArray(suffix) ? suffix.some((p) => self.endsWith(p)) : self.endsWith(String(suffix)),
  split: pySplit,
  replace: (self: string, old, replacement, count) => {
    if (typeof count !== 'number' || count < 0)
      return self.replaceAll(String(old), String(replacement))
    let out = self
    for (let i = 0, at = 0; i < count; i++) {
      at = out.indexOf(String(old), at)
      if (at === -1) break
      out = out.slice(0, at) + String(replacement) + out.slice(at + String(old).length)
      at += String(replacement).length
    }
    return out
  },
  join: (self: string, items) => toArray(items).map(String).join(self),
  title: (self: string) =>
    self.replace(
      /[A-Za-z]+('[A-Za-z]+)?/g,
      (word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase(),
    ),
  capitalize: (self: string) => (self[0]?.toUpperCase() ?? '') + self.slice(1).toLowerCase(),
  format: pyFormat,
  find: (self: string, sub) => self.indexOf(String(sub)),
  index: (self: string, sub) => {
    const at = self.indexOf(String(sub))
    if (at === -1) throw new Error('ValueError: substring not found')
    return at
  },
  count: (self: string, sub) =>
    String(sub) === '' ? self.length + 1 : self.split(String(sub)).length - 1,
  isdigit: (self: string) => /^[0-9]+$/.test(self),
  isalpha: (self: string) => /^[A-Za-z]+$/.test(self),
  isspace: (self: string) => /^\s+$/.test(self),
}

const LIST_METHODS: Readonly<Record<string, Method>> = {
  append: (self: unknown[], item) => {
    self.push(item)
    return null
  },
  extend: (self: unknown[], items) => {
    self.push(...toArray(items))
    return null
  },
  insert: (self: unknown[], at: number, item) => {
    self.splice(at < 0 ? Math.max(0, self.length + at) : at, 0, item)
    return null
  },
  remove: (self: unknown[], item) => {
    const at = self.indexOf(item)
    if (at === -1) throw new Error('ValueError: list.remove(x): x not in list')
    self.splice(at, 1)
    return null
  },
  pop: (self: unknown[], at?: number) => {
    if (self.length === 0) throw new Error('IndexError: pop from empty list')
    if (at === undefined) return self.pop()
    const index = at < 0 ? self.length + at : at
    if (index < 0 || index >= self.length) throw new Error('IndexError: pop index out of range')
    return self.splice(index, 1)[0]
  },
  index: (self: unknown[], item) => {
    const at = self.indexOf(item)
    if (at === -1) throw new Error('ValueError: value is not in list')
    return at
  },
  count: (self: unknown[], item) => self.filter((x) => x === item).length,
  copy: (self: unknown[]) => [...self],
}

const DICT_METHODS: Readonly<Record<string, Method>> = {
  items: (self: Record<string, unknown>) => Object.entries(self),
  keys: (self: Record<string, unknown>) => Object.keys(self),
  values: (self: Record<string, unknown>) => Object.values(self),
  get: (self: Record<string, unknown>, key, fallback = null) =>
    Object.hasOwn(self, String(key)) ? self[String(key)] : fallback,
  pop: (self: Record<string, unknown>, key, ...rest) => {
    if (Object.hasOwn(self, String(key))) {
      const value = self[String(key)]
      delete self[String(key)]
      return value
    }
    if (rest.length > 0) return rest[0]
    throw KEY_ERROR(key)
  },
  setdefault: (self: Record<string, unknown>, key, fallback = null) => {
    if (!Object.hasOwn(self, String(key))) self[String(key)] = fallback
    return self[String(key)]
  },
  update: (self: Record<string, unknown>, ...args) => {
    const { positional, keywords } = split(args)
    for (const other of positional) Object.assign(self, other)
    Object.assign(self, keywords)
    return null
  },
  copy: (self: Record<string, unknown>) => ({ ...self }),
}

const MAP_METHODS: Readonly<Record<string, Method>> = {
  items: (self: Map<unknown, unknown>) => [...self.entries()],
  keys: (self: Map<unknown, unknown>) => [...self.keys()],
  values: (self: Map<unknown, unknown>) => [...self.values()],
  get: (self: Map<unknown, unknown>, key, fallback = null) =>
    self.has(key) ? self.get(key) : fallback,
}

/** nunjucks' `loop` object: Jinja's `loop.cycle(a, b)` picks by its index. */
const isLoop = (value: Value): boolean =>
  isMapping(value) && typeof value.index0 === 'number' && typeof value.revindex === 'number'

/**
 * Python's method `name` called on `self`, as a rewritten `self.name(args)` asks: the
 * builtin types' (str, list, dict as plain objects and Maps) Python methods, else the
 * value's own method, as nunjucks would have called it.
 */
function callMethod(name: string, self: Value, args: unknown[]): unknown {
  let method: Method | undefined
  if (typeof self === 'string' || self instanceof nunjucks.runtime.SafeString)
    return (STRING_METHODS[name] as Method)(String(self), ...args)
  if (Array.isArray(self)) method = LIST_METHODS[name]
  else if (self instanceof Map) method = MAP_METHODS[name]
  else if (name === 'cycle' && isLoop(self)) return args[(self.index0 as number) % args.length]
  else if (
    isMapping(self) &&
    typeof self[name] !== 'function' &&
    Object.getPrototypeOf(self) === Object.prototype
  )
    method = DICT_METHODS[name]
  if (method !== undefined) return method(self, ...args)
  const own = self?.[name]
  if (typeof own !== 'function')
    throw new Error(
      `Unable to call \`${name}\` on ${self === null ? 'none' : typeof self}: it has no such method`,
    )
  return own.apply(self, args)
}

/** Python's slice `sequence[start:stop:step]`, of a list or a string. */
function slice(sequence: Value, start: unknown, stop: unknown, step?: unknown): unknown {
  const items: unknown[] = typeof sequence === 'string' ? [...sequence] : toArray(sequence)
  const by = step === undefined || step === null ? 1 : Number(step)
  if (by === 0) throw new Error('ValueError: slice step cannot be zero')
  const length = items.length
  const bound = (value: unknown, fallback: number, low: number, high: number) => {
    if (value === undefined || value === null) return fallback
    const n = Number(value)
    return Math.min(Math.max(n < 0 ? n + length : n, low), high)
  }
  const out: unknown[] = []
  if (by > 0) {
    for (let i = bound(start, 0, 0, length), end = bound(stop, length, 0, length); i < end; i += by)
      out.push(items[i])
  } else {
    for (
      let i = bound(start, length - 1, -1, length - 1), end = bound(stop, -1, -1, length - 1);
      i > end;
      i += by
    )
      out.push(items[i])
  }
  return typeof sequence === 'string' ? out.join('') : out
}

/** What `namespace()` makes: the only object whose attributes `{% set ns.x = … %}` may set. */
class Namespace {}

/** Jinja's `namespace()`: attributes from mappings and keywords. */
function namespace(...args: unknown[]): Record<string, unknown> {
  const { positional, keywords } = split(args)
  return Object.assign(new Namespace(), ...positional, keywords)
}

/** A rewritten `{% with a=1 %}…{% endwith %}`: `{% call(a) __py_with(1) %}`, its body given the values. */
function withBlock(...args: unknown[]): unknown {
  const { positional, keywords } = split(args)
  return (keywords.caller as (...values: unknown[]) => unknown)(...positional)
}

/** Python's `sequence[-n]`: from the end of a list or a string, else a key as given. */
function at(sequence: Value, index: number): unknown {
  if ((typeof sequence === 'string' || Array.isArray(sequence)) && index < 0)
    return sequence[sequence.length + index]
  return sequence?.[index]
}

/** The filters rewritten method calls and slices go through (templates/jinja-syntax.ts). */
export function syntaxFilters(): Record<string, (...args: Value[]) => unknown> {
  const filters: Record<string, (...args: Value[]) => unknown> = {
    [methodFilter('slice')]: slice,
    [methodFilter('at')]: at,
    [methodFilter('number')]: Number,
    [methodFilter('setattr')]: (target: Value, name: string, value: unknown) => {
      if (!(target instanceof Namespace))
        throw new Error(
          `Cannot assign attribute '${name}' on non-namespace object: make it with namespace()`,
        )
      ;(target as Record<string, unknown>)[name] = value
      return ''
    },
    // A set block's text was escaped as it rendered: Jinja's Markup, so it is not escaped twice.
    [methodFilter('captured')]: function (this: FilterThis & AutoescapeThis, text: unknown) {
      return this.env.opts.autoescape ? new nunjucks.runtime.SafeString(String(text)) : text
    },
  }
  for (const name of METHOD_NAMES)
    filters[methodFilter(name)] = (self: Value, ...args: unknown[]) => callMethod(name, self, args)
  return filters
}
