import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { TemplateLinkBroken } from '../errors.ts'
import type { LoadedModule } from '../modules/load.ts'
import { mountedRoutes } from '../modules/mounted-routes.ts'
import { listFilesSync, relativePosix } from '../paths.ts'
import type { StaticIndex } from '../static/file-index.ts'
import { staticEndpoints } from '../static/url.ts'
import type { Builder } from '../urls/builder.ts'
import { type CompiledRoute, compileRoutes } from '../urls/compile.ts'
import { type Converter, type ConverterDefinition, instantiate } from '../urls/converters.ts'
import { UrlMap } from '../urls/url-map.ts'

/** A literal a template passes: what nunjucks would hand to url_for. */
type Literal = string | number | boolean | null

/** One `url_for(...)` / `urlFor(...)` found in a template. */
export interface UrlForCall {
  /** 1-based line of the call in the template. */
  readonly line: number
  /** The call as written, whitespace collapsed. */
  readonly text: string
  /** The endpoint when it is a string literal; undefined when it is computed. */
  readonly endpoint: string | undefined
  /** Every value name passed, or undefined when values come from an expression (`url_for('x', **v)`, a variable). */
  readonly names: ReadonlySet<string> | undefined
  /** The values passed as literals, by name. */
  readonly literals: ReadonlyMap<string, Literal>
}

const CALL = /(?<![\w.$])(?:url_for|urlFor)\s*\(/g
const RAW = /^-?\s*raw\s*-?$/
const ENDRAW = /^-?\s*endraw\s*-?$/

/** Splits `a, b=(1, 2), 'c,d'` at its top-level commas, up to the closing bracket; returns the parts and the end. */
function splitArgs(source: string, start: number, close: string): { parts: string[]; end: number } {
  const parts: string[] = []
  let depth = 0
  let quote: string | undefined
  let current = ''
  for (let i = start; i < source.length; i++) {
    const char = source[i] as string
    if (quote !== undefined) {
      current += char
      if (char === '\\') current += source[++i] ?? ''
      else if (char === quote) quote = undefined
      continue
    }
    if (char === '"' || char === "'") quote = char
    else if ('([{'.includes(char)) depth++
    else if (')]}'.includes(char)) {
      if (depth === 0) {
        if (char !== close) break
        if (current.trim() !== '') parts.push(current.trim())
        return { parts, end: i + 1 }
      }
      depth--
    } else if (char === ',' && depth === 0) {
      parts.push(current.trim())
      current = ''
      continue
    }
    current += char
  }
  return { parts, end: -1 }
}

/** A literal's value, or undefined when the expression is not a plain literal. */
function literal(expression: string): Literal | undefined {
  const string = /^(['"])((?:\\.|(?!\1)[^\\])*)\1$/s.exec(expression)
  if (string) return (string[2] as string).replace(/\\(.)/g, '$1')
  if (/^-?\d+(?:\.\d+)?$/.test(expression)) return Number(expression)
  if (/^(?:true|True)$/.test(expression)) return true
  if (/^(?:false|False)$/.test(expression)) return false
  if (/^(?:none|None|null)$/.test(expression)) return null
  return undefined
}

/** `{ board_id: 3, 'page': p }`: a dict literal's names and literal values, or undefined. */
function dict(expression: string): Map<string, string> | undefined {
  if (!expression.startsWith('{')) return undefined
  const { parts, end } = splitArgs(expression, 1, '}')
  if (end !== expression.length) return undefined
  const entries = new Map<string, string>()
  for (const part of parts) {
    const pair = /^(?:(['"])(.*?)\1|([A-Za-z_$][\w$]*))\s*:\s*([\s\S]+)$/.exec(part)
    if (!pair) return undefined
    entries.set((pair[2] ?? pair[3]) as string, pair[4] as string)
  }
  return entries
}

/** A tag opened and never closed: nunjucks cannot compile the template. */
export interface UnclosedTag {
  readonly line: number
  /** The opening delimiter: `{{`, `{%`, `{#`, or `{% raw %}`. */
  readonly open: string
}

/** What `scanTemplate` reads of a template's source. */
export interface TemplateScan {
  readonly calls: UrlForCall[]
  /** The first tag left open; the calls are those found before it. */
  readonly unclosed?: UnclosedTag
}

/**
 * The tags nunjucks evaluates (output and statements: comments and raw blocks skipped), as
 * offsets of their inside, read left to right as its lexer does, in time linear in the
 * source: each delimiter's close is found once with indexOf (the regexes this replaces
 * took 8-17 s on 300 KB of `{{`).
 */
function evaluatedTags(source: string): { tags: [number, number][]; unclosed?: number } {
  const tags: [number, number][] = []
  for (let i = source.indexOf('{'); i !== -1; i = source.indexOf('{', i)) {
    const kind = source[i + 1]
    if (kind !== '{' && kind !== '%' && kind !== '#') {
      i++
      continue
    }
    const end = source.indexOf(kind === '{' ? '}}' : `${kind}}`, i + 2)
    if (end === -1) return { tags, unclosed: i }
    if (kind === '%' && RAW.test(source.slice(i + 2, end))) {
      // Skip to the matching endraw; none is an unclosed raw block.
      let next = end + 2
      for (;;) {
        const open = source.indexOf('{%', next)
        const close = open === -1 ? -1 : source.indexOf('%}', open + 2)
        if (close === -1) return { tags, unclosed: i }
        next = close + 2
        if (ENDRAW.test(source.slice(open + 2, close))) break
      }
      i = next
      continue
    }
    if (kind !== '#') tags.push([i + 2, end])
    i = end + 2
  }
  return { tags }
}

/** Every url_for/urlFor call in a template's source, with what can be known without rendering. */
export const findUrlForCalls = (source: string): UrlForCall[] => scanTemplate(source).calls

/** The template's url_for/urlFor calls, and the first tag it leaves open (a broken template). */
export function scanTemplate(source: string): TemplateScan {
  const { tags, unclosed } = evaluatedTags(source)
  const calls: UrlForCall[] = []
  // Lines counted forward once: offsets only grow.
  let line = 1
  let counted = 0
  const lineOf = (offset: number): number => {
    for (
      let i = source.indexOf('\n', counted);
      i !== -1 && i < offset;
      i = source.indexOf('\n', i + 1)
    )
      line++
    counted = Math.max(counted, offset)
    return line
  }
  for (const [start, end] of tags) {
    const tag = source.slice(start, end)
    for (const call of tag.matchAll(CALL)) {
      const { parts, end: close } = splitArgs(tag, (call.index as number) + call[0].length, ')')
      if (close < 0) continue
      const [first, ...rest] = parts
      const endpoint = first === undefined ? undefined : literal(first)
      const names = new Set<string>()
      const literals = new Map<string, Literal>()
      let known = true
      const add = (name: string, expression: string) => {
        names.add(name)
        const value = literal(expression)
        if (value !== undefined) literals.set(name, value)
      }
      for (const arg of rest) {
        const keyword = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg)
        const entries = keyword ? undefined : dict(arg)
        if (keyword) add(keyword[1] as string, keyword[2] as string)
        else if (entries) for (const [name, expression] of entries) add(name, expression)
        else known = false // values from a variable: their names cannot be known
      }
      calls.push({
        line: lineOf(start + (call.index as number)),
        text: tag
          .slice(call.index as number, close)
          .replace(/\s+/g, ' ')
          .replace(/\( /g, '(')
          .replace(/ \)/g, ')'),
        endpoint: typeof endpoint === 'string' ? endpoint : undefined,
        names: known ? names : undefined,
        literals,
      })
    }
  }
  if (unclosed === undefined) return { calls }
  const open = RAW.test(source.slice(unclosed + 2, source.indexOf('%}', unclosed + 2)))
    ? '{% raw %}'
    : source.slice(unclosed, unclosed + 2)
  return { calls, unclosed: { line: lineOf(unclosed), open } }
}

/** Every file under a templates folder, dotfiles aside. */
export const templateFiles = (dir: string): string[] => {
  const visible = (name: string) => !name.startsWith('.')
  return listFilesSync(dir, { enter: visible, keep: visible })
}

/** The route table as check knows it: compiled as start-up does, module by module when something conflicts. */
function routeTable(
  modules: readonly LoadedModule[],
  converters: Readonly<Record<string, ConverterDefinition>>,
): CompiledRoute[] {
  const all = modules.map(mountedRoutes)
  try {
    return compileRoutes(all, converters)
  } catch {
    // Conflicts are reported by check already; links are checked against what compiles.
  }
  return all.flatMap((module) => {
    try {
      return compileRoutes([module], converters)
    } catch {
      return module.patterns.flatMap((pattern) => {
        try {
          return compileRoutes([{ ...module, patterns: [pattern] }], converters)
        } catch {
          return []
        }
      })
    }
  })
}

interface Endpoint {
  readonly builder: Builder
  /** The converter of each value of the rule, for literal values. */
  readonly converters: ReadonlyMap<string, { readonly name: string; readonly converter: Converter }>
  /** For static endpoints: whose folder serves it (owner undefined: the whole chain). */
  readonly static?: { readonly owner: string | undefined }
}

/** What the link check needs of the app. */
export interface TemplateLinkSource {
  readonly root: string
  readonly modules: readonly LoadedModule[]
  readonly converters: Readonly<Record<string, ConverterDefinition>>
  /** The static index, to check literal file names given to 'static' endpoints. */
  readonly staticIndex?: StaticIndex
}

/** A broken link, as check reports it. */
export interface BrokenLink {
  readonly template: string
  readonly line: number
  readonly error: InstanceType<typeof TemplateLinkBroken>
}

/**
 * Checks every url_for/urlFor of every template of the app against its route table, in
 * the module chain each template resolves in: a module's templates in that module, a
 * root template in every enabled module (each may render or include it). Reports an
 * unknown endpoint (with the closest names), a relative '.name' no module applies to, a
 * rule value left out, and a literal value its converter refuses (or a static file no
 * folder holds).
 */
export function brokenTemplateLinks(source: TemplateLinkSource): BrokenLink[] {
  const { root, modules } = source
  const map = new UrlMap()
  const endpoints = new Map<string, Endpoint>()
  for (const route of routeTable(modules, source.converters)) {
    const converters = new Map(
      route.pattern.parsed.variables.flatMap((variable) => {
        const definition = source.converters[variable.converter]
        if (definition === undefined) return []
        try {
          const converter = instantiate(definition, variable.args)
          return [[variable.name, { name: variable.converter, converter }] as const]
        } catch {
          return []
        }
      }),
    )
    map.add(route.builder)
    endpoints.set(route.endpoint, { builder: route.builder, converters })
  }
  for (const { endpoint, rule, owner } of staticEndpoints(modules.map((m) => m.name))) {
    const builder: Builder = {
      endpoint,
      rule,
      methods: ['GET'],
      names: new Set(['filename']),
      build: () => rule,
    }
    map.add(builder)
    endpoints.set(endpoint, { builder, converters: new Map(), static: { owner } })
  }

  const show = (file: string) => relativePosix(root, file)
  const broken: BrokenLink[] = []
  const folders = [
    { dir: join(root, 'templates'), chain: modules.map((m) => m.name), isRoot: true },
    ...modules.map((m) => ({
      dir: m.blueprint.templateFolder,
      // A parent's templates are its child modules' too.
      chain: modules
        .filter((c) => c.name === m.name || c.name.startsWith(`${m.name}.`))
        .map((c) => c.name),
      isRoot: false,
    })),
  ]
  for (const { dir, chain, isRoot } of folders) {
    for (const file of templateFiles(dir)) {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        continue
      }
      const scan = scanTemplate(text)
      if (scan.unclosed !== undefined) {
        const { line, open } = scan.unclosed
        const close = open === '{% raw %}' ? '{% endraw %}' : `${open[1] === '{' ? '}' : open[1]}}`
        broken.push({
          template: show(file),
          line,
          error: new TemplateLinkBroken(
            `${show(file)}:${line}`,
            open,
            `is never closed (no '${close}' after it): nunjucks cannot compile this template; close it, and the links after it are checked.`,
          ),
        })
      }
      for (const call of scan.calls) {
        const where = `${show(file)}:${call.line}`
        const report = (problem: string) =>
          broken.push({
            template: show(file),
            line: call.line,
            error: new TemplateLinkBroken(where, call.text, problem),
          })
        const endpoint = call.endpoint
        if (endpoint === undefined) continue // computed: only a render can tell
        const names = endpoint.startsWith('.') ? chain.map((m) => m + endpoint) : [endpoint]
        if (endpoint.startsWith('.')) {
          const lacking = chain.filter((m) => !endpoints.has(m + endpoint))
          if (chain.length === 0) {
            report(
              `uses the relative name '${endpoint}', but no module applies: a root template resolves it in the module rendering it, and no module is enabled. Name the endpoint in full ('<module>${endpoint}').`,
            )
            continue
          }
          if (lacking.length > 0) {
            const where = isRoot
              ? `a root template resolves it in the module rendering it, and ${lacking.length === 1 ? 'module' : 'modules'} ${lacking.map((m) => `'${m}'`).join(', ')} ${lacking.length === 1 ? 'has' : 'have'} no '${endpoint.slice(1)}'`
              : `module '${chain[0]}' has no endpoint '${endpoint.slice(1)}'`
            const near = map.closest(`${lacking[0]}${endpoint}`)
            report(`uses the relative name '${endpoint}', but ${where}.${suggest(near)}`)
            continue
          }
        } else if (!endpoints.has(endpoint)) {
          report(`names no endpoint '${endpoint}'.${suggest(map.closest(endpoint))}`)
          continue
        }
        for (const name of names) {
          const target = endpoints.get(name) as Endpoint
          const problem = valueProblem(target, call, source.staticIndex)
          if (problem !== undefined) {
            report(`${problem} (endpoint '${name}', rule '${target.builder.rule}').`)
            break
          }
        }
      }
    }
  }
  return broken
}

const suggest = (near: readonly string[]): string =>
  near.length === 0
    ? ' No endpoint is close: `fastify-microservices routes` lists them all.'
    : ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?`

const quoteLiteral = (value: Literal): string =>
  typeof value === 'string' ? `'${value}'` : String(value)

/** A rule value left out, or a literal value refused: what rendering would throw as BuildError. */
function valueProblem(
  target: Endpoint,
  call: UrlForCall,
  index: StaticIndex | undefined,
): string | undefined {
  if (call.names !== undefined) {
    const missing = [...target.builder.names].filter((name) => !call.names?.has(name))
    if (missing.length > 0) {
      return `misses ${missing.length === 1 ? 'a value' : 'values'} for ${missing.map((n) => `'${n}'`).join(', ')}`
    }
  }
  for (const [name, value] of call.literals) {
    const slot = target.converters.get(name)
    if (slot === undefined) continue
    try {
      if (value === null) throw new Error('no value')
      slot.converter.toUrl(value)
    } catch {
      return `passes ${name}=${quoteLiteral(value)}, which the converter '${slot.name}' refuses`
    }
  }
  const filename = call.literals.get('filename')
  if (target.static !== undefined && index !== undefined && typeof filename === 'string') {
    const { owner } = target.static
    if (index.lookup(filename.replace(/^\/+/, ''), owner) === undefined) {
      const folder =
        owner === undefined ? 'no static folder holds' : `module '${owner}' has no such static file`
      return `passes filename='${filename}', which ${folder}`
    }
  }
  return undefined
}
