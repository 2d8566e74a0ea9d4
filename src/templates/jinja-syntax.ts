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
  /** The offset after the block's closing delimiter. */
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
const PUNCTUATION = ['**', '//', '==', '!=', '<=', '>=']
const OPEN = new Set(['(', '[', '{'])
const CLOSE = new Set([')', ']', '}'])
/** Words that begin an expression rather than end one: `not (x)` is no call. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'elif'])
const RAW = /\{%-?\s*(raw|verbatim)\s*-?%\}/y

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
      while (i < src.length && /[0-9.]/.test(src[i] as string)) i++
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
      const end = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g')
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
    blocks.push({ tag: kind === '%', tokens: found.tokens, start, end: found.end, after })
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

const SET_IN_LOOP =
  "nunjucks' {% set %} inside a loop changes the variable outside it: set a plain variable before the loop and assign it inside"
const LOOP_ADVICE: Readonly<Record<string, string>> = {
  previtem: 'index the sequence: {{ items[loop.index0 - 1] }}',
  nextitem: 'index the sequence: {{ items[loop.index0 + 1] }}',
  changed: 'compare with a variable set in the loop ({% set last = item.x %})',
  depth: 'nunjucks has no recursive loops: call a macro recursively',
  depth0: 'nunjucks has no recursive loops: call a macro recursively',
}
const TAG_ADVICE: Readonly<Record<string, string>> = {
  with: 'set the values with {% set %} before the block (nunjucks has no block-scoped variables), or pass them to a macro',
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

/**
 * Rewrites Jinja's syntax of `src` that nunjucks can give otherwise, or names the first
 * construct it cannot. The source is given back as it is when there is nothing to do.
 * @example jinjaSource("{% for k, v in d.items() %}").src // "{% for k, v in (d|__py_items()) %}"
 */
export function jinjaSource(src: string): JinjaSource {
  // Fast path: most templates have no `.name(`, `[…:`, `{% do`, `{% set x.y` or `{% with`.
  const edits: Edit[] = []
  for (const block of blocksOf(src)) {
    const { tokens } = block
    const first = tokens[0]
    if (block.tag && first?.kind === 'name') {
      const name = first.text
      const base = name.startsWith('end') ? name.slice(3) : name
      const advice = TAG_ADVICE[base]
      if (advice !== undefined)
        return { unsupported: unsupported(src, first.start, `{% ${name} %}`, advice) }
      if (name === 'do') {
        // `{% do x %}` evaluates x and prints nothing: `{% if x %}{% endif %}` does the same.
        edits.push({ at: first.start, length: 2, text: 'if' })
        edits.push(...closeWith(src, block, '{% endif'))
      } else if (name === 'set' && tokens[2]?.text === '.') {
        const target = tokens[1] as Token
        const attribute = tokens[3]
        if (tokens[4]?.text !== '=' || attribute?.kind !== 'name' || target.kind !== 'name')
          return {
            unsupported: unsupported(src, first.start, '{% set a.b %}', SET_IN_LOOP),
          }
        // `{% set ns.x = v %}`: an attribute of a namespace() object, set by a filter.
        const last = tokens.at(-1) as Token
        edits.push({
          at: first.start,
          length: (tokens[5] as Token).start - first.start,
          text: `if ${target.text}|${methodFilter('setattr')}('${attribute.text}', (`,
        })
        edits.push({ at: last.end, length: 0, text: '))' })
        edits.push(...closeWith(src, block, '{% endif'))
      } else if (name === 'for') {
        const recursive = tokens.findLast((token) => token.text === 'recursive')
        if (recursive !== undefined && recursive === tokens.at(-1))
          return {
            unsupported: unsupported(
              src,
              recursive.start,
              'recursive loops',
              LOOP_ADVICE.depth as string,
            ),
          }
        const inAt = tokens.findIndex((token) => token.text === 'in')
        let depth = 0
        for (let i = inAt + 1; inAt > 0 && i < tokens.length; i++) {
          const text = (tokens[i] as Token).text
          if (OPEN.has(text)) depth++
          else if (CLOSE.has(text)) depth--
          else if (text === 'if' && depth === 0)
            return {
              unsupported: unsupported(
                src,
                (tokens[i] as Token).start,
                'a loop filter ({% for x in y if … %})',
                'filter the sequence first: {% for x in y|selectattr(…) %}, or an {% if %} inside the loop',
              ),
            }
        }
      } else if (name === 'block' && tokens.length > 2) {
        const extra = tokens[2] as Token
        return {
          unsupported: unsupported(
            src,
            extra.start,
            `{% block … ${extra.text} %}`,
            'nunjucks blocks see the context already and cannot be required: drop the word',
          ),
        }
      }
    }
    const found = expressionEdits(src, tokens, edits)
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
    if (
      token.kind === 'name' &&
      token.text === 'namespace' &&
      next?.text === '(' &&
      tokens[i - 1]?.text !== '.'
    )
      continue // a global of templates/jinja.ts
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
  return undefined
}
