import { readFileSync, statSync } from 'node:fs'
import { LRUCache } from 'lru-cache'
import nunjucks from 'nunjucks'
import {
  TemplateNotFound,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsafeTemplateName,
} from '../errors.ts'
import type { RenderScope, TemplateEngine, TemplateFolders, TemplatePrecedence } from './engine.ts'
import { TemplateFolder } from './folder.ts'
import { parseTemplateName } from './names.ts'

/** Options of the default engine. */
export interface NunjucksEngineOptions extends TemplateFolders {
  /**
   * 'module-first' (default, as Flask-MicroServices): a module's own file wins over
   * the root one of the same name. 'root-first': the root folder overrides modules'
   * templates, as a Django, Rails or Laravel host overrides a package's.
   */
  readonly precedence?: TemplatePrecedence
  /**
   * Development: every render looks at the disk again (new files, and edits through
   * each file's mtime and size), so an edit shows on the next render. Production
   * (default): each file is found and compiled once, then served from memory.
   */
  readonly dev?: boolean
  /** HTML-escape every `{{ value }}` not marked safe (default true). */
  readonly autoescape?: boolean
  readonly throwOnUndefined?: boolean
  readonly trimBlocks?: boolean
  readonly lstripBlocks?: boolean
  /** Values every template sees (nunjucks globals). */
  readonly globals?: Readonly<Record<string, unknown>>
  /** Filters to add: `{{ name | shout }}`. */
  // biome-ignore lint/suspicious/noExplicitAny: nunjucks filters take anything
  readonly filters?: Readonly<Record<string, (...args: any[]) => unknown>>
  /** Last word on the shared nunjucks Environment: extensions, tests, async filters. */
  readonly configure?: (env: nunjucks.Environment) => void
  /** Called each time a template file is compiled (once per file in production). */
  readonly onCompile?: (file: string) => void
}

/** The nunjucks internals this engine relies on (nunjucks 3.2, src/environment.js). */
interface CompiledTemplate {
  env: unknown
  readonly path: string
  render(
    context: Record<string, unknown>,
    callback: (error: Error | null, output?: string) => void,
  ): void
}
type GetTemplateCallback = (error: unknown, template?: CompiledTemplate) => void
interface RenderEnvironment {
  globals: Record<string, unknown>
  getTemplate(name: unknown, ...rest: unknown[]): CompiledTemplate | undefined
}
interface NunjucksError extends Error {
  lineno?: number
  colno?: number
  cause?: unknown
}

/** One compiled file, shared by every module that renders it. */
interface Entry {
  readonly template: CompiledTemplate
  readonly folder: TemplateFolder
  readonly path: string
  readonly mtimeMs: number
  readonly size: number
}

interface CompileSettings {
  readonly asyncFilters: string[]
  readonly extensionsList: unknown[]
  readonly opts: object
}
const compiler = (
  nunjucks as unknown as {
    compiler: {
      compile(
        source: string,
        asyncFilters: string[],
        extensions: unknown[],
        name: string,
        opts: object,
      ): string
    }
  }
).compiler

const TemplateClass = nunjucks.Template as unknown as new (
  src: string | { type: 'code'; obj: unknown },
  env: nunjucks.Environment,
  path: string,
  eagerCompile: boolean,
) => CompiledTemplate

/**
 * The default engine: nunjucks (Jinja's syntax) with per-module lookup chains.
 * Every name a render loads, `{% extends %}`, `{% include %}` and `{% import %}` inside
 * templates included, is looked up in the rendering module's chain; each file is
 * compiled once, whatever the number of modules rendering it.
 * @example
 * const engine = createNunjucksEngine({
 *   rootDir: 'templates',
 *   modules: [{ module: 'forum', dir: 'modules/forum/templates' }],
 * })
 * await engine.render('board.html', { board_id: 3 }, { module: 'forum' })
 */
export function createNunjucksEngine(options: NunjucksEngineOptions = {}): NunjucksTemplateEngine {
  return new NunjucksTemplateEngine(options)
}

export class NunjucksTemplateEngine implements TemplateEngine {
  /** The one Environment templates are compiled with; renders use cheap children of it. */
  readonly environment: nunjucks.Environment
  readonly dev: boolean
  readonly #root: TemplateFolder | null
  readonly #modules = new Map<string, TemplateFolder>()
  readonly #chains = new Map<string | null, TemplateFolder[]>()
  readonly #compiled = new Map<string, Entry>()
  /**
   * Production only: '<module>\0<name asked>' -> compiled template. Names may come from
   * requests (`reply.render(request.query.name)`), so this is bounded: each spelling of a
   * file shares the file's one compiled template, and the least used names are forgotten.
   */
  readonly #found = new LRUCache<string, CompiledTemplate>({ max: NAMES_KEPT })
  readonly #onCompile: ((file: string) => void) | undefined
  readonly #empty: CompiledTemplate

  constructor(options: NunjucksEngineOptions) {
    this.dev = options.dev ?? false
    this.#onCompile = options.onCompile
    this.environment = new nunjucks.Environment([], {
      autoescape: options.autoescape ?? true,
      throwOnUndefined: options.throwOnUndefined ?? false,
      trimBlocks: options.trimBlocks ?? false,
      lstripBlocks: options.lstripBlocks ?? false,
      // Keeps nunjucks' errors whole (line, column, cause) so they can be explained.
      dev: true,
    })
    for (const [name, value] of Object.entries(options.globals ?? {}))
      this.environment.addGlobal(name, value)
    for (const [name, filter] of Object.entries(options.filters ?? {}))
      this.environment.addFilter(name, filter)
    options.configure?.(this.environment)

    this.#root = options.rootDir ? new TemplateFolder(null, options.rootDir) : null
    const rootChain = this.#root ? [this.#root] : []
    this.#chains.set(null, rootChain)
    for (const { module, dir } of options.modules ?? []) {
      const folder = new TemplateFolder(module, dir)
      this.#modules.set(module, folder)
      const chain =
        options.precedence === 'root-first' ? [...rootChain, folder] : [folder, ...rootChain]
      this.#chains.set(module, chain)
    }
    this.#empty = new TemplateClass(
      {
        type: 'code',
        obj: { root: (...args: unknown[]) => (args[4] as GetTemplateCallback)(null, '' as never) },
      },
      this.environment,
      '',
      true,
    )
  }

  /** The modules this engine knows, in enabled order. */
  get modules(): string[] {
    return [...this.#modules.keys()]
  }

  render(name: string, context: Record<string, unknown>, scope: RenderScope): Promise<string> {
    const env = this.#renderEnvironment(scope)
    return new Promise((resolve, reject) => {
      let template: CompiledTemplate | undefined
      try {
        template = env.getTemplate(name)
      } catch (error) {
        reject(this.#explain(error, scope.module))
        return
      }
      template?.render(context, (error, output) => {
        if (error) reject(this.#explain(error, scope.module))
        else resolve(output ?? '')
      })
    })
  }

  /** Forgets every compiled template and file list (they are read again on next use). */
  close(): void {
    this.#compiled.clear()
    this.#found.clear()
    this.#root?.forget()
    for (const folder of this.#modules.values()) folder.forget()
  }

  /**
   * A child of the shared Environment for one render: its getTemplate searches this
   * render's chain, and its globals add the render's own (url_for, request). Compiled
   * templates call `env.getTemplate` on the Environment they render with, so handing
   * them this child is what keeps one module's names from resolving in another's.
   */
  #renderEnvironment(scope: RenderScope): RenderEnvironment {
    const base = this.environment as unknown as RenderEnvironment
    const env = Object.create(base) as RenderEnvironment
    if (scope.globals) env.globals = Object.assign(Object.create(base.globals), scope.globals)
    // nunjucks calls getTemplate(name, eagerCompile, parentName, ignoreMissing, cb).
    env.getTemplate = (name: unknown, ...rest: unknown[]) => {
      const callback = rest.find((arg) => typeof arg === 'function') as
        | GetTemplateCallback
        | undefined
      const parentName = typeof rest[1] === 'string' ? rest[1] : undefined
      const ignoreMissing = rest[2] === true
      let view: CompiledTemplate
      try {
        const template = this.#find(name, scope.module, parentName, ignoreMissing)
        // The compiled code stays shared; only the Environment it runs with is this render's.
        view = Object.create(template) as CompiledTemplate
        view.env = env
      } catch (error) {
        if (callback) {
          callback(error)
          return undefined
        }
        throw error
      }
      if (callback) {
        callback(null, view)
        return undefined
      }
      return view
    }
    return env
  }

  #find(
    raw: unknown,
    module: string | null,
    parentFile: string | undefined,
    ignoreMissing: boolean,
  ): CompiledTemplate {
    let name = raw
    if (name && typeof name === 'object' && 'raw' in name) name = name.raw // a SafeString
    if (name instanceof nunjucks.Template) return name as unknown as CompiledTemplate
    if (typeof name !== 'string') throw new UnsafeTemplateName(name, 'it is not a string')
    // Production: a name found once for a module is found again with one Map lookup
    // (relative names depend on their parent, so they are not kept).
    const key = `${module ?? ''}\0${name}`
    const known = this.dev ? undefined : this.#found.get(key)
    if (known !== undefined) return known
    const parent = parentFile === undefined ? undefined : this.#compiled.get(parentFile)
    const asked = parseTemplateName(name, parent?.path)

    let folders: TemplateFolder[]
    let detail: string | undefined
    if (asked.relative && parent) folders = [parent.folder]
    else if (asked.module === null) folders = this.#root ? [this.#root] : []
    else if (asked.module !== undefined) {
      const folder = this.#modules.get(asked.module)
      folders = folder ? [folder] : []
      if (!folder) detail = `No module '${asked.module}' is enabled; enabled: ${this.#enabled()}.`
    } else {
      const chain = this.#chains.get(module)
      folders = chain ?? this.#chains.get(null) ?? []
      if (!chain)
        detail = `Module '${module}' has no templates folder here; enabled: ${this.#enabled()}.`
    }
    if (parent && !detail) detail = `Asked for by '${parent.path}' (${parent.folder.dir}).`

    for (const folder of folders) {
      const file = folder.find(asked.path, this.dev)
      if (file === null) continue
      const template = this.#load(file, folder, asked.path, module)
      if (!this.dev && !asked.relative) this.#found.set(key, template)
      return template
    }
    if (ignoreMissing) return this.#empty
    throw new TemplateNotFound(
      name,
      module,
      folders.map((folder) => folder.describe(this.dev)),
      detail,
    )
  }

  #load(
    file: string,
    folder: TemplateFolder,
    path: string,
    module: string | null,
  ): CompiledTemplate {
    const cached = this.#compiled.get(file)
    if (cached && !this.dev) return cached.template
    let stats = { mtimeMs: 0, size: 0 }
    if (this.dev) {
      stats = statSync(file)
      if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size)
        return cached.template
    }
    const source = readFileSync(file, 'utf8')
    let template: CompiledTemplate
    try {
      const env = this.environment as unknown as CompileSettings
      const code = compiler.compile(source, env.asyncFilters, env.extensionsList, file, env.opts)
      // Named after its file, so a stack trace (and #explain) tells which template failed:
      // nunjucks reports an error in a layout reached by {% extends %} as the child's.
      const props: unknown = new Function(`${code}\n//# sourceURL=${file}.js`)()
      template = new TemplateClass({ type: 'code', obj: props }, this.environment, file, true)
    } catch (error) {
      const err = error as NunjucksError
      throw new TemplateSyntaxError(
        path,
        file,
        module,
        err.lineno,
        err.colno,
        problemOf(err),
        error,
      )
    }
    this.#onCompile?.(file)
    this.#compiled.set(file, { template, folder, path, ...pick(stats) })
    return template
  }

  /** Our own errors pass through; nunjucks' are named after the template, line and module. */
  #explain(error: unknown, module: string | null): Error {
    for (let e: unknown = error; e instanceof Error; e = e.cause) {
      if (
        e instanceof TemplateNotFound ||
        e instanceof UnsafeTemplateName ||
        e instanceof TemplateSyntaxError ||
        e instanceof TemplateRenderError
      )
        return e
    }
    const err = error as NunjucksError
    const cause = err.cause instanceof Error ? err.cause : undefined
    const file = this.#failedFile(cause ?? err) ?? innermostFile(err.message)
    const entry = file === undefined ? undefined : this.#compiled.get(file)
    // runtime.handleError wraps a thrown error with 0-based positions; nunjucks' own
    // render errors (ensureDefined) and parse errors count from 1.
    const shift = cause && err.lineno !== undefined ? 1 : 0
    return new TemplateRenderError(
      entry?.path ?? file ?? '(unknown)',
      file,
      module,
      err.lineno === undefined ? undefined : err.lineno + shift,
      err.colno === undefined ? undefined : err.colno + shift,
      cause ? `${cause.name}: ${cause.message}` : problemOf(err),
      cause ?? error,
    )
  }

  /** The innermost compiled template in the error's stack (see the sourceURL in #load). */
  #failedFile(error: Error): string | undefined {
    for (const line of String(error.stack).split('\n')) {
      const file = STACK_FRAME.exec(line)?.[1]
      if (file !== undefined && this.#compiled.has(file)) return file
    }
    return undefined
  }

  #enabled(): string {
    return this.#modules.size === 0
      ? '(none)'
      : [...this.#modules.keys()].map((name) => `'${name}'`).join(', ')
  }
}

/** How many names asked for (all modules together) keep their template at hand. */
const NAMES_KEPT = 2000

const pick = ({ mtimeMs, size }: { mtimeMs: number; size: number }) => ({ mtimeMs, size })

const STACK_FRAME = /^\s*at (?:.*? \()?(.+?)\.js:\d+:\d+\)?$/

/** nunjucks prefixes each message with '(file) [Line l, Column c]' lines, innermost last. */
const PREFIX = /^\s*\((.*)\)(?: \[Line \d+(?:, Column \d+)?\])?$/

function innermostFile(message: string): string | undefined {
  let file: string | undefined
  for (const line of message.split('\n')) {
    const match = PREFIX.exec(line)
    if (!match) break
    file = match[1]
  }
  return file
}

function problemOf(error: Error): string {
  const lines = error.message.split('\n')
  while (lines.length > 1 && PREFIX.test(lines[0] ?? '')) lines.shift()
  return lines.join('\n').trim()
}
