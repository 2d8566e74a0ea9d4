/**
 * `url_for` calls built ahead: when a template is compiled for production, each
 * `{{ url_for('forum.board', board_id=board.id) }}` whose endpoint is a literal gets its
 * builder looked up once, instead of on every render. A call is rewritten only when the
 * rewrite cannot change what the template does; anything else is left to render time. One
 * difference by design: a call whose values are all literals is built when its file
 * compiles, once (converters are pure, as Werkzeug's and Django's to_url).
 */

/** What compiling `url_for` calls ahead needs of the app's URLs. */
export interface TemplateUrls {
  /**
   * A builder of `endpoint` from values given in the order of `names`, or undefined when
   * such a call depends on the request (a relative endpoint, `_external`…) or cannot be
   * prepared: it is then built at render time, as any other call.
   */
  prepare(
    endpoint: string,
    names: readonly string[],
  ): ((values: readonly unknown[]) => string) | undefined
}

/** A nunjucks filter: `(0|_0a)` gives the function of one compiled call. */
type Filter = (input: unknown) => unknown

/** One keyword argument of a call: a literal value, or an expression evaluated per render. */
type Argument =
  | { readonly name: string; readonly literal: unknown }
  | { readonly name: string; readonly expression: string }

/** A `{{ url_for(...) }}` block that may be rewritten. */
interface UrlCall {
  /** Offsets of the block's inside, between `{{` and `}}`. */
  readonly start: number
  readonly end: number
  /** The spaces before `url_for`, and between it and `(`. */
  readonly before: string
  readonly gap: string
  readonly endpoint: string
  readonly args: readonly Argument[]
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*'
/** A string literal without escapes, an integer or decimal, or a dotted variable name. */
const VALUE = `'[^'\\\\\\n]*'|"[^"\\\\\\n]*"|-?[0-9]+(?:\\.[0-9]+)?|${NAME}(?:\\.${NAME})*`
/** The whole inside of a `{{ }}` block that is one url_for call with a literal endpoint. */
const CALL = new RegExp(
  `^( *)url_for( *)\\( *('[^'\\\\\\n]*'|"[^"\\\\\\n]*") *((?:, *${NAME} *= *(?:${VALUE}) *)*)\\) *$`,
)
const ARGUMENT = new RegExp(`, *(${NAME}) *= *(${VALUE}) *`, 'g')
/** Words nunjucks reads as literals or operators, never as a variable. */
const LITERALS: Readonly<Record<string, unknown>> = {
  true: true,
  false: false,
  none: null,
  null: null,
}
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else'])
/** A tag that makes its content plain text: the source is then left as it is. */
const RAW_TAG = /^-? *(raw|verbatim)\b/
/** A character that continues a name: `r/` after one is not a regular expression. */
const NAME_PART = /[A-Za-z0-9_$]/

function argumentOf(name: string, text: string): Argument | undefined {
  const first = text.charCodeAt(0)
  if (first === 39 /* ' */ || first === 34 /* " */) return { name, literal: text.slice(1, -1) }
  if (first === 45 /* - */ || (first >= 48 && first <= 57)) return { name, literal: Number(text) }
  if (text in LITERALS) return { name, literal: LITERALS[text] }
  const head = text.split('.')[0] as string
  if (head in LITERALS || KEYWORDS.has(head)) return undefined
  return { name, expression: text }
}

function callOf(inside: string, start: number): UrlCall | undefined {
  const match = CALL.exec(inside)
  if (match === null) return undefined
  const [, before = '', gap = '', quoted = '', rest = ''] = match
  const args: Argument[] = []
  const seen = new Set<string>()
  for (const [, name = '', text = ''] of rest.matchAll(ARGUMENT)) {
    const arg = argumentOf(name, text)
    if (arg === undefined || seen.has(name)) return undefined
    seen.add(name)
    args.push(arg)
  }
  return { start, end: start + inside.length, before, gap, endpoint: quoted.slice(1, -1), args }
}

/**
 * The offset of `close` after `from`, outside string literals (as nunjucks' lexer reads
 * code); -1 when there is none, -2 at a regular expression literal (`r/…/`), whose quotes
 * are not strings: such a source is left as it is.
 */
function codeEnd(src: string, from: number, close: string): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i]
    if (c === "'" || c === '"') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++
    } else if (c === 'r' && src[i + 1] === '/' && !NAME_PART.test(src[i - 1] ?? '')) return -2
    else if (src.startsWith(close, i)) return i
  }
  return -1
}

/**
 * The url_for calls of a template source that stand alone in a `{{ }}` block, read as
 * nunjucks' lexer reads the default delimiters: comments skipped, strings inside tags
 * skipped. Undefined when nothing may be rewritten: a raw or verbatim block (its text is
 * not code), or a regular expression literal.
 */
export function findUrlCalls(src: string): UrlCall[] | undefined {
  const calls: UrlCall[] = []
  for (let i = src.indexOf('{'); i !== -1; i = src.indexOf('{', i)) {
    const kind = src[i + 1]
    if (kind === '#') {
      const end = src.indexOf('#}', i + 2)
      if (end === -1) break
      i = end + 2
    } else if (kind === '%' || kind === '{') {
      const end = codeEnd(src, i + 2, kind === '%' ? '%}' : '}}')
      if (end === -2) return undefined
      if (end === -1) break
      const inside = src.slice(i + 2, end)
      if (kind === '%') {
        if (RAW_TAG.test(inside.trimStart())) return undefined
      } else if (!inside.includes('\n')) {
        const call = callOf(inside, i + 2)
        if (call) calls.push(call)
      }
      i = end + 2
    } else i++
  }
  return calls
}

/**
 * The filter of one rewritten call. The block calls what it gives with `url_for` as nunjucks
 * looks it up (a loop variable, a macro argument, the render's context, else the app's
 * global), then the call's expressions. When that is the app's `url_for`, the prepared
 * builder answers; anything else is called as nunjucks would have called it.
 */
function callFilter(
  call: UrlCall,
  app: unknown,
  build: (values: readonly unknown[]) => string,
  name: string,
): Filter {
  const { endpoint, args } = call
  // The values in the call's order: the expressions' (as the block passes them), literals between.
  const literals = args.some((arg) => 'literal' in arg)
  const valuesOf = (given: readonly unknown[]): unknown[] => {
    if (!literals) return given as unknown[]
    let next = 0
    return args.map((arg) => ('literal' in arg ? arg.literal : given[next++]))
  }
  /** nunjucks' own call: its checks and messages, keywords as its keyword object. */
  function asWritten(this: unknown, own: unknown, given: unknown[]): unknown {
    if (!own) throw new Error('Unable to call `url_for`, which is undefined or falsey')
    if (typeof own !== 'function')
      throw new Error('Unable to call `url_for`, which is not a function')
    // nunjucks passes no keyword object to a call without keywords
    if (args.length === 0) return own.call(this, endpoint)
    const values = valuesOf(given)
    const keywords: Record<string, unknown> = {}
    args.forEach((arg, i) => {
      keywords[arg.name] = values[i]
    })
    keywords.__keywords = true
    return own.call(this, endpoint, keywords)
  }
  const compiled = function (this: unknown, own: unknown, ...given: unknown[]): unknown {
    return own === app ? build(valuesOf(given)) : asWritten.call(this, own, given)
  }
  return (input) => {
    // Only the rewrite pipes 0 into it: a template naming the filter itself finds none.
    if (input !== 0) throw new Error(`filter not found: ${name}`)
    return compiled
  }
}

/** Filter names the rewrite gives: `_`, a digit, a name character (as long as `url_for` with `(0|` and `)`). */
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'
const NAMES = 10 * NAME_CHARS.length

/** What compileUrlCalls works with. */
export interface UrlCallsTarget {
  readonly urls: TemplateUrls
  /** The app's `url_for` global: a call that finds it (and not a rebinding) uses the prepared builder. */
  readonly app: unknown
  addFilter(name: string, filter: Filter): void
  /** Whether a filter name is already in use. */
  taken(name: string): boolean
  /** The next filter name to try, counted per Environment. */
  readonly counter: { next: number }
}

/**
 * Rewrites the url_for calls of `src` whose builder `urls` can prepare:
 * `{{ url_for('m.thread', id=item.id, slug='x') }}` becomes
 * `{{ (0|_0a)(url_for, item.id)         }}`, where the filter `_0a` (added through
 * `addFilter`) gives the compiled call. The call's `(` stays at its column and the block
 * keeps its length, so nunjucks reports any error at the same line and column; a call whose
 * every value is a literal is built here, once. A call whose rewrite would not fit is left.
 */
export function compileUrlCalls(src: string, target: UrlCallsTarget): string {
  const calls = findUrlCalls(src)
  if (calls === undefined || calls.length === 0) return src
  const { urls, counter } = target
  let out = ''
  let copied = 0
  for (const call of calls) {
    const names = call.args.map((arg) => arg.name)
    const expressions = call.args.flatMap((arg) => ('expression' in arg ? [arg.expression] : []))
    const length = call.end - call.start
    // `(0|_0a)` is as long as `url_for`: the block's own `(` stays where it was.
    const inside = `${call.before}(0|_00)${call.gap}(${['url_for', ...expressions].join(', ')})`
    if (inside.length > length) continue
    const prepared = urls.prepare(call.endpoint, names)
    if (prepared === undefined) continue
    let build = prepared
    if (call.args.every((arg) => 'literal' in arg)) {
      // Every value known: built once here; a refusal is left to render time, where it
      // is reported with the template's line.
      let url: string
      try {
        url = prepared(call.args.map((arg) => ('literal' in arg ? arg.literal : undefined)))
      } catch {
        continue
      }
      build = () => url
    }
    let name: string | undefined
    while (name === undefined && counter.next < NAMES) {
      const n = counter.next++
      const candidate = `_${Math.floor(n / NAME_CHARS.length)}${NAME_CHARS[n % NAME_CHARS.length]}`
      if (!target.taken(candidate)) name = candidate
    }
    if (name === undefined) break
    target.addFilter(name, callFilter(call, target.app, build, name))
    out += src.slice(copied, call.start) + inside.replace('_00', name).padEnd(length)
    copied = call.end
  }
  return out + src.slice(copied)
}
