import { InvalidConverter } from '../errors.ts'
import { quoteSegment } from './quote.ts'

/**
 * A converter turns one part of a URL into a value and back (Django's to_python /
 * to_url, Werkzeug's BaseConverter). `toValue` throws to say "no match": the
 * request is then a 404, never a 500.
 */
export interface Converter<T = unknown> {
  /** Regular expression source (no anchors) for the part of the path this converter takes. */
  readonly regex: string
  /** True when the value may span slashes (Werkzeug's `path`, part_isolating=False). */
  readonly slashes?: boolean
  /**
   * Werkzeug's weight: among rules that could take the same part, lower weights are tried
   * first. Default 100 (200 for a converter taking slashes); int and float are 50.
   */
  readonly weight?: number
  /**
   * JSON schema of the converted value, for the route's params schema (what
   * @fastify/swagger documents). Default `{ type: 'string' }`.
   */
  readonly schema?: Readonly<Record<string, unknown>>
  /** Raw (already percent-decoded) text -> value; throw to refuse. */
  toValue(raw: string): T
  /** Value -> URL text, percent-encoded; throw to refuse (urlFor then raises BuildError). */
  toUrl(value: T): string
}

/** Arguments written in a rule: `<int(min=1, max=9):n>` gives `{ positional: [], named: { min: 1, max: 9 } }`. */
export interface ConverterArgs {
  readonly positional: readonly ConverterArg[]
  readonly named: Readonly<Record<string, ConverterArg>>
}
export type ConverterArg = string | number | boolean | null

/** A converter, or a factory that makes one from the rule's arguments. */
export type ConverterDefinition = Converter | ((args: ConverterArgs) => Converter)

/**
 * The type each converter gives a param; augment it for your own converters:
 * `declare module 'fastify-microservices' { interface ConverterTypes { hex: number } }`.
 */
export interface ConverterTypes {
  default: string
  string: string
  int: number
  float: number
  path: string
  uuid: string
}

const refuse = (message: string): never => {
  throw new RangeError(message)
}

type ArgKind = 'count' | 'number' | 'boolean'

/**
 * A built-in converter's arguments, checked as Werkzeug's keyword arguments are: positional
 * ones in the constructor's order, no unknown keyword, each of its kind (`None` leaves it
 * unset). Throws a RangeError naming the argument; the rule turns it into InvalidURLRule.
 */
function checkedArgs(
  converter: string,
  args: ConverterArgs,
  spec: readonly (readonly [string, ArgKind])[],
): Record<string, number | boolean | undefined> {
  const out: Record<string, number | boolean | undefined> = {}
  const known = new Map(spec)
  if (args.positional.length > spec.length) {
    refuse(
      `${converter}() takes at most ${spec.length} arguments (${spec.map(([k]) => k).join(', ')})`,
    )
  }
  const given: [string, ConverterArg][] = [
    ...args.positional.map(
      (value, i) => [(spec[i] as readonly [string, ArgKind])[0], value] as [string, ConverterArg],
    ),
    ...Object.entries(args.named),
  ]
  for (const [key, value] of given) {
    const kind = known.get(key)
    if (kind === undefined) {
      refuse(
        `${converter}() has no argument '${key}' (it takes ${spec.map(([k]) => k).join(', ') || 'none'})`,
      )
    }
    if (key in out) refuse(`${converter}() got '${key}' twice`)
    if (value === null) {
      out[key] = undefined
      continue
    }
    const ok =
      kind === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'number' &&
          Number.isFinite(value) &&
          (kind === 'number' || (Number.isInteger(value) && value >= 0))
    if (!ok) {
      const wanted =
        kind === 'boolean' ? 'True or False' : kind === 'count' ? 'a whole number >= 0' : 'a number'
      refuse(`${converter}(${key}=...) must be ${wanted}, not ${JSON.stringify(value)}`)
    }
    out[key] = value as number | boolean
  }
  return out
}

const lengthChecked = (raw: string, min: number, max: number | undefined): string => {
  if (raw.length < min || (max !== undefined && raw.length > max)) refuse('length out of bounds')
  return raw
}

/** Text encodeURIComponent leaves as it is (RFC 3986's unreserved characters). */
const UNRESERVED = /^[\w.~-]+$/

/** One path segment as a value: not empty, no '/', not '.' or '..'. */
const isSegment = (text: string): boolean =>
  text !== '' && text !== '.' && text !== '..' && !text.includes('/')

/** `<name>` and `<string(minlength=1, maxlength=None, length=None):name>`: one path segment, no slash. */
export const stringConverter = (args: ConverterArgs): Converter<string> => {
  const given = checkedArgs('string', args, [
    ['minlength', 'count'],
    ['maxlength', 'count'],
    ['length', 'count'],
  ])
  const length = given.length as number | undefined
  const min = length ?? (given.minlength as number | undefined) ?? 1
  const max = length ?? (given.maxlength as number | undefined)
  const bounded = min !== 1 || max !== undefined
  return {
    regex: '[^/]+',
    schema: {
      type: 'string',
      minLength: min,
      ...(max === undefined ? {} : { maxLength: max }),
    },
    toValue: (raw) => {
      // Fastify decodes %2F inside a param; Werkzeug's default converter takes no slash.
      if (!isSegment(raw)) refuse('not one path segment')
      return bounded ? lengthChecked(raw, min, max) : raw
    },
    toUrl: (value) => {
      // The common case first: a slug that needs no escaping (nor checks, unless bounded).
      if (!bounded && typeof value === 'string' && UNRESERVED.test(value) && isSegment(value))
        return value
      const text = String(value)
      // A '/' would make a URL this rule never matches; '.' and '..' are rewritten by clients.
      if (!isSegment(text)) refuse('not one path segment')
      return quoteSegment(lengthChecked(text, min, max))
    },
  }
}

const numeric = (
  kind: 'int' | 'float',
  args: ConverterArgs,
): Converter<number> & { readonly fixedDigits: number } => {
  const given = checkedArgs(
    kind,
    args,
    kind === 'int'
      ? [
          ['fixed_digits', 'count'],
          ['min', 'number'],
          ['max', 'number'],
          ['signed', 'boolean'],
        ]
      : [
          ['min', 'number'],
          ['max', 'number'],
          ['signed', 'boolean'],
        ],
  )
  const signed = given.signed === true
  const min = given.min as number | undefined
  const max = given.max as number | undefined
  const fixedDigits = (given.fixed_digits as number | undefined) ?? 0
  const body = kind === 'int' ? (fixedDigits > 0 ? `\\d{${fixedDigits}}` : '\\d+') : '\\d+\\.\\d+'
  const inBounds = (n: number): number => {
    if (!Number.isFinite(n)) refuse('not a finite number')
    if (kind === 'int' && !Number.isSafeInteger(n)) refuse('not a safe integer')
    if (!signed && n < 0) refuse('negative')
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) refuse('out of bounds')
    return n
  }
  const plainInt = kind === 'int' && fixedDigits === 0
  return {
    regex: signed ? `-?${body}` : body,
    schema: {
      type: kind === 'int' ? 'integer' : 'number',
      ...(signed ? {} : { minimum: 0 }),
      ...(min === undefined ? {} : { minimum: min }),
      ...(max === undefined ? {} : { maximum: max }),
    },
    weight: 50,
    fixedDigits,
    toValue: (raw) => inBounds(Number(raw)),
    toUrl: (value) => {
      // The common case first: a number for a plain <int:...>.
      if (plainInt && typeof value === 'number') return String(inBounds(value))
      const given: unknown = value
      const n = inBounds(typeof given === 'string' && given.trim() !== '' ? Number(given) : value)
      if (kind === 'float') {
        const text = Number.isInteger(n) ? n.toFixed(1) : String(n)
        // '1e+21' and '5e-324' would not match the float regex (digits, a dot, digits).
        if (text.includes('e')) refuse('needs an exponent')
        return text
      }
      const digits = String(Math.abs(n)).padStart(fixedDigits, '0')
      if (fixedDigits > 0 && digits.length > fixedDigits) refuse('more digits than fixed_digits')
      return n < 0 ? `-${digits}` : digits
    },
  }
}

/** `<int:n>`, with `fixed_digits`, `min`, `max`, `signed` as Werkzeug. */
export const intConverter = (args: ConverterArgs): Converter<number> => numeric('int', args)

/** `<float:x>` (digits, a dot, digits), with `min`, `max`, `signed`. */
export const floatConverter = (args: ConverterArgs): Converter<number> => numeric('float', args)

/** A relative path as a value: not empty, not absolute, no '.' or '..' segment. */
const isPath = (text: string): boolean =>
  text !== '' && !text.startsWith('/') && !text.split('/').some((s) => s === '.' || s === '..')

/** `<path:p>`: the rest of the path, slashes included; each segment is percent-encoded on build. */
export const pathConverter: Converter<string> = {
  regex: '[^/].*?',
  schema: { type: 'string', minLength: 1 },
  slashes: true,
  weight: 200,
  toValue: (raw) => {
    if (!isPath(raw)) refuse('not a relative path')
    return raw
  },
  toUrl: (value) => {
    const text = String(value)
    if (!isPath(text)) refuse('not a relative path')
    return text.split('/').map(quoteSegment).join('/')
  },
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `<uuid:u>`: a canonical UUID; the value is the lower-cased string. */
export const uuidConverter: Converter<string> = {
  schema: { type: 'string', format: 'uuid' },
  regex: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  toValue: (raw) => raw.toLowerCase(),
  toUrl: (value) => {
    const text = String(value)
    if (!UUID.test(text)) refuse('not a UUID')
    return text.toLowerCase()
  },
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** `<any(about, help):page>`: one of the listed words. */
export const anyConverter = (args: ConverterArgs): Converter<string> => {
  const keyword = Object.keys(args.named)[0]
  if (keyword !== undefined) refuse(`any() takes its items only, not '${keyword}='`)
  const items = args.positional.map(String)
  if (items.length === 0) refuse('any() needs at least one item')
  const allowed = new Set(items)
  const check = (value: string): string => {
    if (!allowed.has(value)) refuse('not one of the items')
    return value
  }
  return {
    regex: `(?:${items.map(escapeRegex).join('|')})`,
    schema: { type: 'string', enum: items },
    toValue: check,
    toUrl: (value) => quoteSegment(check(String(value))),
  }
}

/** The converters every app starts with. */
export const defaultConverters: Readonly<Record<string, ConverterDefinition>> = {
  default: stringConverter,
  string: stringConverter,
  int: intConverter,
  float: floatConverter,
  path: pathConverter,
  uuid: uuidConverter,
  any: anyConverter,
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Checks a user's converter definitions and merges them over the defaults. */
export function converterTable(
  custom: Readonly<Record<string, ConverterDefinition>> = {},
): Readonly<Record<string, ConverterDefinition>> {
  for (const [name, definition] of Object.entries(custom)) {
    if (!NAME.test(name)) throw new InvalidConverter(name, 'a converter name is an identifier')
    if (name in defaultConverters) throw new InvalidConverter(name, 'that name is built in')
    if (typeof definition === 'function') continue
    if (
      typeof definition !== 'object' ||
      definition === null ||
      typeof definition.regex !== 'string' ||
      typeof definition.toValue !== 'function' ||
      typeof definition.toUrl !== 'function'
    ) {
      throw new InvalidConverter(
        name,
        'give { regex: string, toValue(raw), toUrl(value) } or a function (args) => converter',
      )
    }
  }
  return { ...defaultConverters, ...custom }
}

const builtIn: ReadonlySet<ConverterDefinition> = new Set(Object.values(defaultConverters))

/**
 * Converters already made, by converter name and arguments: a built-in converter, or one
 * given as an object, is the same for every rule that asks for it with the same arguments,
 * so one instance serves them all. A factory of the app's own is called for each rule (it
 * may make a converter with a state of its own, as Werkzeug makes one per rule).
 */
export class ConverterInstances {
  readonly #made = new Map<string, Converter>()

  /** The converter `name` with these arguments; `argsKey` is the arguments as one string. */
  get(
    name: string,
    definition: ConverterDefinition,
    args: ConverterArgs,
    argsKey: string,
  ): Converter {
    if (typeof definition === 'function' && !builtIn.has(definition)) {
      return instantiate(definition, args)
    }
    const key = `${name}(${argsKey})`
    let converter = this.#made.get(key)
    if (converter === undefined) {
      converter = instantiate(definition, args)
      this.#made.set(key, converter)
    }
    return converter
  }
}

/** Makes the converter a rule asked for. */
export function instantiate(definition: ConverterDefinition, args: ConverterArgs): Converter {
  if (typeof definition === 'function') return definition(args)
  // As Werkzeug's part_isolating default: a fixed regex holding '/' spans slashes.
  if (definition.slashes === undefined && definition.regex.includes('/')) {
    return { ...definition, slashes: true }
  }
  return definition
}
