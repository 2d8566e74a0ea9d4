/**
 * `url_for` calls built ahead: when a template is compiled for production, each
 * `{{ url_for('forum.board', board_id=board.id) }}` whose endpoint is a literal gets its
 * builder looked up once, instead of on every render. A call is rewritten only when the
 * rewrite cannot change what the template does; anything else is left to render time.
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

/** A nunjucks filter, called with the render's context as `this`. */
type Filter = (this: RenderContext, input: unknown) => unknown

/** What a filter sees of nunjucks' context: the render's variables. */
interface RenderContext {
  readonly ctx: Readonly<Record<string, unknown>>
}

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
/** `url_for` named other than in a call: a tag that may bind the name (set, for, macro, import). */
const BINDS_URL_FOR = /\burl_for\b(?! *\()/

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

/** The offset of `close` after `from`, outside string literals (as nunjucks' lexer reads code). */
function codeEnd(src: string, from: number, close: string): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i]
    if (c === "'" || c === '"') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++
    } else if (src.startsWith(close, i)) return i
  }
  return -1
}

/**
 * The url_for calls of a template source that stand alone in a `{{ }}` block, read as
 * nunjucks' lexer reads the default delimiters: comments skipped, strings inside tags
 * skipped. Undefined when nothing may be rewritten: a raw or verbatim block (its text is
 * not code), or a tag that may bind `url_for` to something else.
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
      if (end === -1) break
      const inside = src.slice(i + 2, end)
      if (kind === '%') {
        if (RAW_TAG.test(inside.trimStart()) || BINDS_URL_FOR.test(inside)) return undefined
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
 * The filter of one rewritten call: it gives the function the block then calls with the
 * call's expressions. A `url_for` of the render's own context (a caller's value, or a
 * template's top-level `{% set %}`) still wins over the app's, as it does unrewritten.
 */
function callFilter(call: UrlCall, build: (values: readonly unknown[]) => string): Filter {
  const { endpoint, args } = call
  // The values in the call's order: the expressions' (as the block passes them), literals between.
  const literals = args.some((arg) => 'literal' in arg)
  const valuesOf = (given: readonly unknown[]): unknown[] => {
    if (!literals) return given as unknown[]
    let next = 0
    return args.map((arg) => ('literal' in arg ? arg.literal : given[next++]))
  }
  const built = (...given: unknown[]): string => build(valuesOf(given))
  return function (this: RenderContext) {
    const ctx = this.ctx
    if (!('url_for' in ctx)) return built
    const own = ctx.url_for
    if (typeof own !== 'function')
      throw new Error('Unable to call `url_for`, which is not a function')
    return function (this: unknown, ...given: unknown[]) {
      // nunjucks passes no keyword object to a call without keywords
      if (args.length === 0) return own.call(this, endpoint)
      const values = valuesOf(given)
      // nunjucks' keyword object, as `url_for('x', a=1)` passes it.
      const keywords: Record<string, unknown> = {}
      args.forEach((arg, i) => {
        keywords[arg.name] = values[i]
      })
      keywords.__keywords = true
      return own.call(this, endpoint, keywords)
    }
  }
}

/** Filter names the rewrite may give: three characters, as long as `url_for`'s seven with `(0|` and `)`. */
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'

/**
 * Rewrites the url_for calls of `src` whose builder `urls` can prepare:
 * `{{ url_for('m.thread', id=item.id, slug='x') }}` becomes `{{ (0|_ab)(item.id)       }}`,
 * where the filter `_ab` (added through `addFilter`) gives the prepared builder. The call's
 * `(` stays at its column and the block keeps its length, so nunjucks reports any error at
 * the same line and column; a call whose every value is a literal is built here, once.
 * `taken(name)` says whether a filter name is already in use.
 */
export function compileUrlCalls(
  src: string,
  urls: TemplateUrls,
  addFilter: (name: string, filter: Filter) => void,
  taken: (name: string) => boolean,
  counter: { next: number },
): string {
  const calls = findUrlCalls(src)
  if (calls === undefined || calls.length === 0) return src
  let out = ''
  let copied = 0
  for (const call of calls) {
    const names = call.args.map((arg) => arg.name)
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
    while (name === undefined && counter.next < NAME_CHARS.length ** 2) {
      const n = counter.next++
      const candidate = `_${NAME_CHARS[Math.floor(n / NAME_CHARS.length)]}${NAME_CHARS[n % NAME_CHARS.length]}`
      if (!taken(candidate)) name = candidate
    }
    if (name === undefined) break
    const expressions = call.args.flatMap((arg) => ('expression' in arg ? [arg.expression] : []))
    const inside = `${call.before}(0|${name})${call.gap}(${expressions.join(', ')})`
    const length = call.end - call.start
    if (inside.length > length) continue
    addFilter(name, callFilter(call, build))
    out += src.slice(copied, call.start) + inside.padEnd(length)
    copied = call.end
  }
  return out + src.slice(copied)
}
