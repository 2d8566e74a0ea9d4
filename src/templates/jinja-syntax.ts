/**
 * Jinja's syntax that nunjucks does not parse, handled when a template compiles, without
 * patching nunjucks: Python's methods (`d.items()`, `l.append(x)`, `s.upper()`), slices
 * (`l[1:3]`), `loop.cycle(…)`, `{% do %}` and `{% set ns.x = … %}` are rewritten into
 * nunjucks' own syntax (filters of templates/jinja.ts); what nunjucks cannot give
 * (`{% with %}`, `{% autoescape %}`, `loop.previtem`…) is found and named, with its line.
 * Rewrites add no line: an error keeps its line (its column may move right on that line).
 */

/** One token of a template's code (inside `{{ }}` or `{% %}`). */
interface Token {
  readonly kind: 'name' | 'string' | 'number' | 'punct' | 'regex'
  readonly text: string
  readonly start: number
  readonly end: number
}

/** One `{{ }}` or `{% %}` block: its tokens, and the offsets of its inside. */
interface Block {
  readonly tag: boolean
  readonly tokens: readonly Token[]
  /** The offset after `{%`/`{{` (and its `-`), and of the closing `%}`/`}}` (or its `-`). */
  readonly start: number
  readonly end: number
  /** The offset of the block's opening `{`, and after its closing delimiter. */
  readonly open: number
  readonly after: number
}

/** A Jinja construct nunjucks cannot give, where it is. */
export interface UnsupportedConstruct {
  readonly construct: string
  readonly advice: string
  readonly line: number
  readonly column: number
}

const NAME_START = /[A-Za-z_]/
const NAME_PART = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/
/** Python's numeric literals: `0x1f`, `0o17`, `0b101`, `1_000`, `2.5e-3`; `0.1` of `x.0.1` too. */
const NUMBER =
  /0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)*(?:[eE][-+]?[0-9][0-9_]*)?/y
/** What nunjucks' lexer reads as a number. */
const PLAIN_NUMBER = /^[0-9]+(\.[0-9]+)?$/
const PUNCTUATION = ['**', '//', '==', '!=', '<=', '>=']
const OPEN = new Set(['(', '[', '{'])
const CLOSE = new Set([')', ']', '}'])
/** Words that begin an expression rather than end one: `not (x)` is no call. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'elif'])
const RAW = /\{%[-+]?\s*(raw|verbatim)\s*[-+]?%\}/y
/** A raw block's tag with whitespace control, which nunjucks' parseRaw does not read. */
const RAW_CONTROL = /\{%[-+]\s*(end)?(raw|verbatim)\b|\b(end)?(raw|verbatim)\s*[-+]%\}/

/** The code tokens of `src` from `from` to its `close` delimiter, or undefined if it never closes. */
function tokensOf(
  src: string,
  from: number,
  close: string,
): { tokens: Token[]; end: number } | undefined {
  const tokens: Token[] = []
  let i = from
  while (i < src.length) {
    const c = src[i] as string
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    if ((c === '-' && src.startsWith(close, i + 1)) || src.startsWith(close, i))
      return { tokens, end: i }
    const start = i
    if (c === "'" || c === '"') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++
      i++
      tokens.push({ kind: 'string', text: src.slice(start, i), start, end: i })
    } else if (c === 'r' && src[i + 1] === '/') {
      for (i += 2; i < src.length && src[i] !== '/'; i++) if (src[i] === '\\') i++
      for (i++; i < src.length && /[gimy]/.test(src[i] as string); i++);
      tokens.push({ kind: 'regex', text: src.slice(start, i), start, end: i })
    } else if (NAME_START.test(c)) {
      while (i < src.length && NAME_PART.test(src[i] as string)) i++
      tokens.push({ kind: 'name', text: src.slice(start, i), start, end: i })
    } else if (DIGIT.test(c)) {
      NUMBER.lastIndex = i
      i += (NUMBER.exec(src) as RegExpExecArray)[0].length
      tokens.push({ kind: 'number', text: src.slice(start, i), start, end: i })
    } else {
      const two = src.slice(i, i + 2)
      i += PUNCTUATION.includes(two) ? 2 : 1
      tokens.push({ kind: 'punct', text: src.slice(start, i), start, end: i })
    }
  }
  return undefined
}

/**
 * The code blocks of a template as nunjucks' lexer reads its default delimiters:
 * comments skipped, raw and verbatim blocks skipped (they are text), strings kept whole.
 */
function blocksOf(src: string): Block[] {
  const blocks: Block[] = []
  for (let i = src.indexOf('{'); i !== -1 && i < src.length; i = src.indexOf('{', i)) {
    const kind = src[i + 1]
    if (kind === '#') {
      const end = src.indexOf('#}', i + 2)
      if (end === -1) break
      i = end + 2
      continue
    }
    if (kind !== '%' && kind !== '{') {
      i++
      continue
    }
    RAW.lastIndex = i
    const raw = RAW.exec(src)
    if (raw) {
      const name = raw[1] as string
      const end = new RegExp(`\\{%[-+]?\\s*end${name}\\s*[-+]?%\\}`, 'g')
      end.lastIndex = RAW.lastIndex
      if (end.exec(src) === null) break
      i = end.lastIndex
      continue
    }
    const close = kind === '%' ? '%}' : '}}'
    const start = src[i + 2] === '-' ? i + 3 : i + 2
    const found = tokensOf(src, start, close)
    if (found === undefined) break
    const after = src.indexOf(close, found.end) + 2
    blocks.push({ tag: kind === '%', tokens: found.tokens, start, end: found.end, open: i, after })
    i = after
  }
  return blocks
}

/** Python's methods the rewrite gives (see templates/jinja.ts, METHODS), and `loop.cycle`. */
export const METHOD_NAMES = new Set([
  // dict
  'items',
  'keys',
  'values',
  'get',
  'pop',
  'setdefault',
  'update',
  'copy',
  // list
  'append',
  'extend',
  'insert',
  'remove',
  'index',
  'count',
  // str
  'upper',
  'lower',
  'strip',
  'lstrip',
  'rstrip',
  'startswith',
  'endswith',
  'split',
  'replace',
  'join',
  'title',
  'capitalize',
  'format',
  'find',
  'isdigit',
  'isalpha',
  'isspace',
  // loop
  'cycle',
])

/** The filter a rewritten method call or slice goes through: no template names a filter so. */
export const methodFilter = (name: string): string => `__py_${name}`

/** Where a token ends an operand (a name that is not a keyword, a literal, a closing bracket). */
const endsOperand = (token: Token | undefined): boolean =>
  token !== undefined &&
  (token.kind === 'string' ||
    token.kind === 'number' ||
    (token.kind === 'name' && !KEYWORDS.has(token.text)) ||
    (token.kind === 'punct' && CLOSE.has(token.text)))

/** Each bracket's partner among `tokens` (-1 for none), found in one pass. */
function partners(tokens: readonly Token[]): Int32Array {
  const pair = new Int32Array(tokens.length).fill(-1)
  const open: number[] = []
  tokens.forEach((token, i) => {
    if (token.kind !== 'punct') return
    if (OPEN.has(token.text)) open.push(i)
    else if (CLOSE.has(token.text)) {
      const at = open.pop()
      if (at === undefined) return
      pair[at] = i
      pair[i] = at
    }
  })
  return pair
}

/** How far back an operand's postfix chain is followed (longer chains are left as written). */
const CHAIN_LIMIT = 64

/**
 * The first token of the operand ending at `index` (a name, a literal or a group, with its
 * postfix chain of `.name`, `[…]` and `(…)`), or -1 when it is not a plain operand.
 */
function operandStart(tokens: readonly Token[], pair: Int32Array, index: number): number {
  let i = index
  for (let steps = 0; steps < CHAIN_LIMIT; steps++) {
    const token = tokens[i] as Token
    if (token.kind === 'punct' && CLOSE.has(token.text)) {
      i = pair[i] as number
      if (i < 0) return -1
      // `f(x)`, `a[0]`, `(a)(b)`: a postfix of what comes before; else a group or a literal.
      if (token.text !== '}' && endsOperand(tokens[i - 1])) {
        i--
        continue
      }
    }
    const before = tokens[i - 1]
    if (before?.text === '.' && endsOperand(tokens[i - 2])) {
      i -= 2
      continue
    }
    // A filter's name or a test's (`x|f.items()`, `x is t`) is no operand of its own.
    if (before?.text === '|' || before?.text === 'is') return -1
    return i
  }
  return -1
}

/**
 * The last token of the operand starting at `index` (a name, a literal or a group, with its
 * postfix chain of `.name`, `[…]` and `(…)`), or -1 when a bracket is left open.
 */
function operandEnd(tokens: readonly Token[], pair: Int32Array, index: number): number {
  let i = OPEN.has((tokens[index] as Token).text) ? (pair[index] as number) : index
  for (let steps = 0; i >= 0 && steps < CHAIN_LIMIT; steps++) {
    const next = tokens[i + 1]
    if (next?.text === '.' && tokens[i + 2] !== undefined) i += 2
    else if (next?.text === '[' || next?.text === '(') i = pair[i + 1] as number
    else return i
  }
  return -1
}

/** One edit of the source: `length` characters at `at` replaced by `text`. */
interface Edit {
  readonly at: number
  readonly length: number
  readonly text: string
}

const unsupported = (
  src: string,
  at: number,
  construct: string,
  advice: string,
): UnsupportedConstruct => {
  const before = src.slice(0, at)
  const line = before.split('\n').length
  return { construct, advice, line, column: at - before.lastIndexOf('\n') }
}

const LOOP_ADVICE: Readonly<Record<string, string>> = {
  previtem: 'index the sequence: {{ items[loop.index0 - 1] }}',
  nextitem: 'index the sequence: {{ items[loop.index0 + 1] }}',
  changed: 'compare with a variable set in the loop ({% set last = item.x %})',
  depth: 'nunjucks has no recursive loops: call a macro recursively',
  depth0: 'nunjucks has no recursive loops: call a macro recursively',
}
const TAG_ADVICE: Readonly<Record<string, string>> = {
  autoescape:
    "escaping follows the template's extension (templates.autoescape); mark single values with |safe or |escape",
  trans:
    'nunjucks has no i18n extension: pass translated strings in the context or as a global function',
  break: 'nunjucks has no loop controls: filter the sequence first (|selectattr, |reject, a slice)',
  continue:
    'nunjucks has no loop controls: filter the sequence first (|selectattr, |reject, a slice)',
}

/** What compiling Jinja's syntax gave: the source nunjucks compiles, or the first construct it cannot give. */
export type JinjaSource =
  | { readonly src: string; readonly unsupported?: undefined }
  | { readonly src?: undefined; readonly unsupported: UnsupportedConstruct }

/** A `{% set x %}…{% endset %}` (or `{% set ns.x | f %}`) waiting for its end. */
interface OpenSet {
  /** The variable, or the namespace and its attribute. */
  readonly target: string
  readonly attribute?: string
  /** `|f(a)|g` as written, or ''. */
  readonly filters: string
}

/** A `{% block %}` waiting for its end: required ones check their body. */
interface OpenBlock {
  readonly name: string
  readonly required: boolean
  /** Where the body starts, and the `{% block %}` tag (for the error's place). */
  readonly body: number
  readonly at: number
}

/** What a template's tags have open while the rewrite walks it. */
interface Walk {
  readonly sets: OpenSet[]
  readonly blocks: OpenBlock[]
  macros: number
}

/** nunjucks' names of the rewrites' helpers (templates/jinja.ts): no template names a value so. */
export const WITH_GLOBAL = '__py_with'
export const REQUIRED_GLOBAL = '__py_required'
const BLOCK_VALUE = '__py_block'

/**
 * Rewrites Jinja's syntax of `src` that nunjucks can give otherwise, or names the first
 * construct it cannot. The source is given back as it is when there is nothing to do.
 * @example jinjaSource("{% for k, v in d.items() %}").src // "{% for k, v in (d|__py_items()) %}"
 */
export function jinjaSource(src: string): JinjaSource {
  const edits: Edit[] = []
  const walk: Walk = { sets: [], blocks: [], macros: 0 }
  const rawControl = RAW_CONTROL.exec(src)
  if (rawControl !== null)
    return {
      unsupported: unsupported(
        src,
        rawControl.index,
        `whitespace control on {% ${rawControl[1] ?? rawControl[3] ?? ''}${rawControl[2] ?? rawControl[4]} %}`,
        "write the raw block's tags without - or + (nunjucks' parseRaw does not read them); strip the text itself",
      ),
    }
  for (const block of blocksOf(src)) {
    const { tokens } = block
    const first = tokens[0]
    if (block.tag && first?.text === '+') {
      // `{%+ tag %}` keeps the line's indent: printed (lstripBlocks strips before tags only).
      const lineStart = src.lastIndexOf('\n', block.open - 1) + 1
      const indent = src.slice(lineStart, block.open)
      if (/^[ \t]+$/.test(indent))
        edits.push({ at: lineStart, length: indent.length, text: `{{ '${indent}' }}` })
      edits.push({ at: first.start, length: 1, text: '' })
    }
    const lastToken = tokens.at(-1)
    if (block.tag && lastToken?.text === '+' && lastToken !== first) {
      // `{% tag +%}` keeps the newline after it: an empty print between (trimBlocks strips right after a tag only).
      edits.push({ at: lastToken.start, length: 1, text: '' })
      edits.push({ at: block.after, length: 0, text: "{{ '' }}" })
    }
    const code =
      first?.text === '+'
        ? tokens.slice(1, lastToken?.text === '+' ? -1 : undefined)
        : lastToken?.text === '+'
          ? tokens.slice(0, -1)
          : tokens
    const head = code[0]
    if (block.tag && head?.kind === 'name') {
      const found = tagEdits(src, { ...block, tokens: code }, walk, edits)
      if (found !== undefined) return { unsupported: found }
    }
    if (walk.macros > 0) {
      const extra = tokens.find(
        (token, i) =>
          (token.text === 'varargs' || token.text === 'kwargs') && tokens[i - 1]?.text !== '.',
      )
      if (extra !== undefined)
        return {
          unsupported: unsupported(
            src,
            extra.start,
            `${extra.text} in a macro`,
            'declare each argument, or pass a list or an object (nunjucks macros take no extra arguments)',
          ),
        }
    }
    const found = expressionEdits(src, code, edits)
    if (found !== undefined) return { unsupported: found }
  }
  if (edits.length === 0) return { src }
  // From the end; at one offset, a replacement before an insertion, which then lands before it.
  edits.sort((a, b) => b.at - a.at || b.length - a.length)
  let out = src
  for (const edit of edits)
    out = out.slice(0, edit.at) + edit.text + out.slice(edit.at + edit.length)
  return { src: out }
}

/** `text` replacing `from`…`to`, with as many newlines as it replaces (lines stay where they are). */
function replaceKeepingLines(src: string, from: number, to: number, text: string): Edit {
  const lines = src.slice(from, to).split('\n').length - text.split('\n').length
  return { at: from, length: to - from, text: text + '\n'.repeat(Math.max(0, lines)) }
}

/** Top-level comma-separated parts of `tokens` (brackets nest). */
function commaParts(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]]
  let depth = 0
  for (const token of tokens) {
    if (OPEN.has(token.text)) depth++
    else if (CLOSE.has(token.text)) depth--
    if (depth === 0 && token.text === ',') parts.push([])
    else parts.at(-1)?.push(token)
  }
  return parts
}

/** Adds the edits of one tag (`{% do %}`, `{% with %}`, set blocks…), or names what nunjucks lacks. */
function tagEdits(
  src: string,
  block: Block,
  walk: Walk,
  edits: Edit[],
): UnsupportedConstruct | undefined {
  const { tokens } = block
  const first = tokens[0] as Token
  const name = first.text
  const base = name.startsWith('end') ? name.slice(3) : name
  const advice = TAG_ADVICE[base]
  if (advice !== undefined) return unsupported(src, first.start, `{% ${name} %}`, advice)
  const last = tokens.at(-1) as Token
  switch (name) {
    case 'do':
      // `{% do x %}` evaluates x and prints nothing: `{% if x %}{% endif %}` does the same.
      edits.push({ at: first.start, length: 2, text: 'if' })
      edits.push(...closeWith(src, block, '{% endif'))
      return undefined
    case 'with': {
      // `{% with a=1, b=x %}` -> `{% call(a, b) __py_with(1, x) %}`: the body is a caller
      // seeing the enclosing scope, its values given as arguments (evaluated outside, as Jinja's).
      const names: string[] = []
      const values: string[] = []
      for (const part of tokens.length > 1 ? commaParts(tokens.slice(1)) : []) {
        const [target, equals, value] = part
        if (target?.kind !== 'name' || equals?.text !== '=' || value === undefined)
          return unsupported(
            src,
            (target ?? first).start,
            '{% with %} without name=value',
            'write {% with name = value, other = value %}',
          )
        names.push(target.text)
        values.push(src.slice(value.start, (part.at(-1) as Token).end))
      }
      const call = `call(${names.join(', ')}) ${WITH_GLOBAL}(${values.join(', ')})`
      edits.push(replaceKeepingLines(src, first.start, last.end, call))
      return undefined
    }
    case 'endwith':
      edits.push({ at: first.start, length: first.text.length, text: 'endcall' })
      return undefined
    case 'macro':
      walk.macros++
      return undefined
    case 'endmacro':
      walk.macros--
      return undefined
    case 'set':
      return setEdits(src, block, walk, edits)
    case 'endset':
      return endSetEdits(src, block, walk, edits)
    case 'for':
      return loopCheck(src, tokens)
    case 'block':
      return blockEdits(src, block, walk, edits)
    case 'endblock':
      return endBlockEdits(src, block, walk, edits)
    case 'include':
      return includeEdits(src, tokens, edits)
    case 'from': {
      // `{% from "x" import a, with context %}`: Jinja allows the comma, nunjucks' parseFrom not.
      const comma = tokens.at(-3)
      if (
        comma?.text === ',' &&
        tokens.at(-4)?.kind === 'name' &&
        /^with(out)?$/.test(tokens.at(-2)?.text ?? '') &&
        last.text === 'context'
      )
        edits.push({ at: comma.start, length: 1, text: '' })
      return undefined
    }
    default:
      return undefined
  }
}

/** `{% set ns.x = v %}`, and set blocks (`{% set x | f %}…{% endset %}`, `{% set ns.x %}`). */
function setEdits(
  src: string,
  block: Block,
  walk: Walk,
  edits: Edit[],
): UnsupportedConstruct | undefined {
  const { tokens } = block
  const first = tokens[0] as Token
  const last = tokens.at(-1) as Token
  const target = tokens[1]
  const dotted = tokens[2]?.text === '.'
  const attribute = dotted ? tokens[3] : undefined
  const rest = tokens.slice(dotted ? 4 : 2)
  if (target?.kind !== 'name' || (dotted && attribute?.kind !== 'name'))
    return dotted || rest.some((token) => token.text === '=')
      ? unsupported(src, first.start, '{% set a.b, c.d = … %}', SET_ATTRIBUTE)
      : undefined
  if (rest[0]?.text === '=') {
    if (!dotted) return undefined
    // `{% set ns.x = v %}`: an attribute of a namespace() object, set by a filter.
    edits.push({
      at: first.start,
      length: (rest[1] ?? rest[0]).start - first.start,
      text: `if ${target.text}|${methodFilter('setattr')}('${attribute?.text}', (`,
    })
    edits.push({ at: last.end, length: 0, text: '))' })
    edits.push(...closeWith(src, block, '{% endif'))
    return undefined
  }
  if (rest.length > 0 && rest[0]?.text !== '|')
    return rest.some((token) => token.text === '=')
      ? unsupported(src, first.start, '{% set a.b, c.d = … %}', SET_ATTRIBUTE)
      : undefined
  // A set block: captured under its own name (or a helper's), then filtered and marked safe.
  const filters = rest.length > 0 ? src.slice((rest[0] as Token).start, last.end) : ''
  walk.sets.push({ target: target.text, attribute: attribute?.text, filters })
  if (dotted || filters !== '')
    edits.push(replaceKeepingLines(src, target.start, last.end, dotted ? BLOCK_VALUE : target.text))
  return undefined
}

const SET_ATTRIBUTE = 'assign one attribute per tag: {% set ns.a = … %}{% set ns.b = … %}'

/** The end of a set block: the captured text is marked safe when escaping (as Jinja's Markup), then filtered. */
function endSetEdits(
  src: string,
  block: Block,
  walk: Walk,
  edits: Edit[],
): UnsupportedConstruct | undefined {
  const open = walk.sets.pop()
  if (open === undefined) return undefined
  const captured = `${open.attribute === undefined ? open.target : BLOCK_VALUE}|${methodFilter('captured')}${open.filters}`
  edits.push(
    ...closeWith(
      src,
      block,
      open.attribute === undefined
        ? `{% set ${open.target} = ${captured}`
        : `{% if ${open.target}|${methodFilter('setattr')}('${open.attribute}', ${captured}) %}{% endif`,
    ),
  )
  return undefined
}

/** What Jinja's loops have that nunjucks' lack, named. */
function loopCheck(src: string, tokens: readonly Token[]): UnsupportedConstruct | undefined {
  const recursive = tokens.findLast((token) => token.text === 'recursive')
  if (recursive !== undefined && recursive === tokens.at(-1))
    return unsupported(src, recursive.start, 'recursive loops', LOOP_ADVICE.depth as string)
  const inAt = tokens.findIndex((token) => token.text === 'in')
  let depth = 0
  for (let i = inAt + 1; inAt > 0 && i < tokens.length; i++) {
    const text = (tokens[i] as Token).text
    if (OPEN.has(text)) depth++
    else if (CLOSE.has(text)) depth--
    else if (text === 'if' && depth === 0)
      return unsupported(
        src,
        (tokens[i] as Token).start,
        'a loop filter ({% for x in y if … %})',
        'filter the sequence first: {% for x in y|selectattr(…) %}, or an {% if %} inside the loop',
      )
  }
  return undefined
}

/**
 * `{% block x scoped required %}`: nunjucks' blocks see the enclosing scope already
 * (`scoped` is dropped); a required block renders a call that fails unless overridden.
 */
function blockEdits(
  src: string,
  block: Block,
  walk: Walk,
  edits: Edit[],
): UnsupportedConstruct | undefined {
  const { tokens } = block
  const name = tokens[1]
  const words = tokens.slice(2).map((token) => token.text)
  if (words[0] === '-')
    return unsupported(
      src,
      (name as Token).start,
      'a block name with hyphens',
      'Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead',
    )
  const known = [[], ['scoped'], ['required'], ['scoped', 'required']].some(
    (allowed) => allowed.join(' ') === words.join(' '),
  )
  if (!known) {
    const extra = tokens[2] as Token
    return unsupported(
      src,
      extra.start,
      `{% block … ${words.join(' ')} %}`,
      'write the block name, then scoped, then required, each at most once (Jinja refuses this too)',
    )
  }
  const required = words.includes('required')
  walk.blocks.push({ name: name?.text ?? '', required, body: block.after, at: block.start })
  if (words.length > 0)
    edits.push({
      at: (name as Token).end,
      length: (tokens.at(-1) as Token).end - (name as Token).end,
      text: '',
    })
  if (required)
    edits.push({ at: block.after, length: 0, text: `{{ ${REQUIRED_GLOBAL}('${name?.text}') }}` })
  return undefined
}

function endBlockEdits(
  src: string,
  block: Block,
  walk: Walk,
  _edits: Edit[],
): UnsupportedConstruct | undefined {
  const open = walk.blocks.pop()
  if (open === undefined || !open.required) return undefined
  const body = src.slice(open.body, block.open).replace(/\{#[\s\S]*?#\}/g, '')
  if (body.trim() === '') return undefined
  return unsupported(
    src,
    open.at,
    `a required block with content ({% block ${open.name} required %})`,
    'leave it empty: Required blocks can only contain comments or whitespace (Jinja refuses this too)',
  )
}

/** `{% include x with context %}` is nunjucks' include; without context or of a list it cannot be. */
function includeEdits(
  src: string,
  tokens: readonly Token[],
  edits: Edit[],
): UnsupportedConstruct | undefined {
  const [, second] = tokens
  if (second?.text === '[')
    return unsupported(
      src,
      second.start,
      'a list of templates in {% include %}',
      'include one name (choose it in the view, or with {% if %})',
    )
  const n = tokens.length
  if (tokens[n - 1]?.text !== 'context') return undefined
  const word = tokens[n - 2] as Token
  if (word.text === 'without')
    return unsupported(
      src,
      word.start,
      '{% include … without context %}',
      'nunjucks includes always see the context: import a macro and pass it what it needs',
    )
  if (word.text === 'with')
    edits.push({ at: word.start, length: (tokens[n - 1] as Token).end - word.start, text: '' })
  return undefined
}

/** Appends `{% endif %}` after a block, moving its closing `-` (if any) to the end. */
function closeWith(src: string, block: Block, tag: string): Edit[] {
  const trims = src[block.end] === '-'
  return [{ at: block.after, length: 0, text: `${tag} ${trims ? '-' : ''}%}` }].concat(
    trims ? [{ at: block.end, length: 1, text: '' }] : [],
  )
}

/** Adds the edits of method calls and slices among `tokens`, or names the first construct nunjucks lacks. */
function expressionEdits(
  src: string,
  tokens: readonly Token[],
  edits: Edit[],
): UnsupportedConstruct | undefined {
  let pair: Int32Array | undefined
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token
    const next = tokens[i + 1]
    const prev = tokens[i - 1]
    if (
      token.kind === 'name' &&
      token.text === 'namespace' &&
      next?.text === '(' &&
      tokens[i - 1]?.text !== '.'
    )
      continue // a global of templates/jinja.ts
    if (token.text === ',' && next !== undefined && CLOSE.has(next.text)) {
      // `[1, 2,]`, `f(a,)`: Jinja's trailing comma, which nunjucks' parser refuses.
      edits.push({ at: token.start, length: 1, text: '' })
      continue
    }
    if (token.text === '(' && next?.text === ')' && !endsOperand(prev))
      return unsupported(
        src,
        token.start,
        'an empty tuple ()',
        'write an empty list [] (nunjucks has no tuples)',
      )
    if (token.kind === 'number' && !PLAIN_NUMBER.test(token.text) && prev?.text !== '.') {
      // Python's `0x1f`, `1_000`, `2.5e3`: the value, as nunjucks' lexer reads numbers.
      const value = Number(token.text.replaceAll('_', ''))
      const text = PLAIN_NUMBER.test(String(value))
        ? String(value)
        : `('${token.text.replaceAll('_', '')}'|${methodFilter('number')})`
      edits.push({ at: token.start, length: token.end - token.start, text })
    }
    if ((token.text === '*' || token.text === '**') && (prev?.text === '(' || prev?.text === ','))
      return unsupported(
        src,
        token.start,
        `${token.text === '*' ? '*args' : '**kwargs'} in a call`,
        'pass the values one by one (nunjucks calls take no * or **)',
      )
    if (
      token.text === 'self' &&
      prev?.text !== '.' &&
      next?.text === '.' &&
      tokens[i + 3]?.text === '('
    )
      return unsupported(
        src,
        token.start,
        `self.${tokens[i + 2]?.text}()`,
        "nunjucks cannot call a block: put the block's content in a macro and call it",
      )
    if (token.kind === 'string' && next?.kind === 'string') {
      // Jinja joins adjacent literals ("a" "b"): `("a" ~ "b")`.
      let end = i + 1
      while (tokens[end + 1]?.kind === 'string') end++
      edits.push({ at: token.start, length: 0, text: '(' })
      for (let j = i; j < end; j++)
        edits.push({ at: (tokens[j] as Token).end, length: 0, text: ' ~' })
      edits.push({ at: (tokens[end] as Token).end, length: 0, text: ')' })
      i = end
      continue
    }
    if (token.text === 'is') {
      // `x is eq 12` -> `x is eq(12)`: a test's one argument without parentheses, as Jinja reads it.
      const test = tokens[i + 1]?.text === 'not' ? i + 2 : i + 1
      const arg = tokens[test + 1]
      if (
        tokens[test]?.kind === 'name' &&
        arg !== undefined &&
        (arg.kind === 'string' ||
          arg.kind === 'number' ||
          (arg.kind === 'name' && !KEYWORDS.has(arg.text)) ||
          arg.text === '[' ||
          arg.text === '{')
      ) {
        pair ??= partners(tokens)
        const end = operandEnd(tokens, pair, test + 1)
        if (end >= 0) {
          edits.push({ at: arg.start, length: 0, text: '(' })
          edits.push({ at: (tokens[end] as Token).end, length: 0, text: ')' })
        }
      }
    }
    if (
      token.text === '.' &&
      next?.kind === 'number' &&
      endsOperand(prev) &&
      next.start === token.end &&
      /^\d+(\.\d+)*$/.test(next.text)
    ) {
      // Jinja's `x.0` (and `x.0.1`, lexed as one number): `x[0]`, `x[0][1]`.
      const indexes = next.text
        .split('.')
        .map((n) => `[${n}]`)
        .join('')
      edits.push({ at: token.start, length: next.end - token.start, text: indexes })
      continue
    }
    if (token.kind === 'string' && next?.text === '%' && tokens[i + 2] !== undefined)
      return unsupported(
        src,
        next.start,
        "Python's % formatting ('%s' % x)",
        "use the format filter: '%s'|format(x)",
      )
    if (token.text === 'loop' && next?.text === '.' && tokens[i - 1]?.text !== '.') {
      const member = tokens[i + 2]
      const advice = member === undefined ? undefined : LOOP_ADVICE[member.text]
      if (advice !== undefined) return unsupported(src, token.start, `loop.${member?.text}`, advice)
    }
    if (
      token.text === '.' &&
      next?.kind === 'name' &&
      tokens[i + 2]?.text === '(' &&
      endsOperand(tokens[i - 1])
    ) {
      if (!METHOD_NAMES.has(next.text)) continue
      pair ??= partners(tokens)
      const start = operandStart(tokens, pair, i - 1)
      const close = pair[i + 2] as number
      if (start < 0 || close < 0) continue
      // `r.m(args)` -> `(r|__py_m(args))`
      edits.push({ at: (tokens[start] as Token).start, length: 0, text: '(' })
      edits.push({
        at: token.start,
        length: next.end - token.start,
        text: `|${methodFilter(next.text)}`,
      })
      edits.push({ at: (tokens[close] as Token).end, length: 0, text: ')' })
    } else if (token.text === '[' && endsOperand(tokens[i - 1])) {
      pair ??= partners(tokens)
      const close = pair[i] as number
      if (close < 0) continue
      const colons: number[] = []
      for (let j = i + 1; j < close; j++) {
        const text = (tokens[j] as Token).text
        if (OPEN.has(text))
          j = pair[j] as number // nested brackets are their own
        else if (text === ':') colons.push(j)
      }
      if (
        colons.length === 0 &&
        close === i + 3 &&
        tokens[i + 1]?.text === '-' &&
        /^\d+$/.test(tokens[i + 2]?.text ?? '')
      ) {
        // `r[-1]`, Python's index from the end: `(r|__py_at(-1))`.
        const start = operandStart(tokens, pair, i - 1)
        if (start < 0) continue
        edits.push({ at: (tokens[start] as Token).start, length: 0, text: '(' })
        edits.push({ at: token.start, length: 1, text: `|${methodFilter('at')}(` })
        edits.push({ at: (tokens[close] as Token).start, length: 1, text: '))' })
        continue
      }
      if (colons.length === 0 || colons.length > 2) continue
      const start = operandStart(tokens, pair, i - 1)
      if (start < 0) continue
      // `r[a:b:c]` -> `(r|__py_slice(a, b, c))`, an empty part as none.
      const bounds = [i, ...colons, close]
      edits.push({ at: (tokens[start] as Token).start, length: 0, text: '(' })
      for (let k = 0; k < bounds.length; k++) {
        const at = tokens[bounds[k] as number] as Token
        const empty = k > 0 && (bounds[k] as number) === (bounds[k - 1] as number) + 1
        const text = k === 0 ? `|${methodFilter('slice')}(` : k === bounds.length - 1 ? '))' : ', '
        edits.push({ at: at.start, length: 1, text: empty ? `none${text}` : text })
      }
    }
  }
  chainedComparisons(src, tokens, edits)
  return undefined
}

const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!='])
/** Where a comparison's operand ends: a boolean operator, a condition, an assignment, a separator. */
const OPERAND_BOUNDARY = new Set(['and', 'or', 'not', 'if', 'else', 'elif', 'in', '=', ',', ':'])

/**
 * Python's chained comparisons, `a < b < c`, as `((a < b) and (b < c))`: nunjucks compiles
 * them as JavaScript's `(a < b) < c`. The middle operand is written twice (evaluated twice).
 */
function chainedComparisons(src: string, tokens: readonly Token[], edits: Edit[]): void {
  /** Per bracket depth: where the current operand run starts, and its comparison operators. */
  const runs: { start: number; ops: number[] }[] = [{ start: 0, ops: [] }]
  const close = (end: number) => {
    const run = runs.at(-1) as { start: number; ops: number[] }
    if (run.ops.length >= 2 && end > run.start) {
      const first = tokens[run.start] as Token
      edits.push({ at: first.start, length: 0, text: '((' })
      for (let k = 1; k < run.ops.length; k++) {
        const before = run.ops[k - 1] as number
        const at = run.ops[k] as number
        const operand = src
          .slice((tokens[before + 1] as Token).start, (tokens[at - 1] as Token).end)
          .replaceAll('\n', ' ')
        edits.push({ at: (tokens[at] as Token).start, length: 0, text: `) and (${operand} ` })
      }
      edits.push({ at: (tokens[end - 1] as Token).end, length: 0, text: '))' })
    }
    run.ops = []
    run.start = end + 1
  }
  tokens.forEach((token, i) => {
    if (token.kind === 'punct' && OPEN.has(token.text)) runs.push({ start: i + 1, ops: [] })
    else if (token.kind === 'punct' && CLOSE.has(token.text)) {
      close(i)
      runs.pop()
      if (runs.length === 0) runs.push({ start: i + 1, ops: [] })
    } else if (token.kind === 'name' && OPERAND_BOUNDARY.has(token.text)) close(i)
    else if (token.kind === 'punct' && OPERAND_BOUNDARY.has(token.text)) close(i)
    else if (token.kind === 'punct' && COMPARISONS.has(token.text))
      (runs.at(-1) as { ops: number[] }).ops.push(i)
  })
  close(tokens.length)
}
