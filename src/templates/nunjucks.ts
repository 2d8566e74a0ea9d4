import { AsyncLocalStorage } from 'node:async_hooks'
import { LRUCache } from 'lru-cache'
import type nunjucks from 'nunjucks'
import {
  TemplateNotFound,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsafeTemplateName,
  UnsupportedJinjaConstruct,
} from '../errors.ts'
import { applyAdditions, isEmpty, type TemplateAdditions } from './additions.ts'
import { type MissedTemplate, TemplateChain, type TemplateFolderSet } from './chain.ts'
import type { RenderScope, TemplateEngine, TemplateFolders, TemplatePrecedence } from './engine.ts'
import { placeOf } from './error-place.ts'
import { TemplateFolder } from './folder.ts'
import type { ChainEnvironment, EnvironmentSettings } from './loader.ts'
import { innermostFile, problemOf } from './messages.ts'
import type { TemplateUrls } from './url-calls.ts'

/**
 * Which templates escape `{{ value }}`: true or false for all, file extensions
 * (without the dot), or a function of the template's path. Default: Flask's choice,
 * `['html', 'htm', 'xml', 'xhtml', 'svg']` (Jinja's `select_autoescape`).
 */
export type AutoescapeOption = boolean | readonly string[] | ((path: string) => boolean)

/** The extensions whose templates are escaped by default, as Flask's `select_jinja_autoescape`. */
const AUTOESCAPED = ['html', 'htm', 'xml', 'xhtml', 'svg'] as const

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
   * (default): each file is found and compiled once per module rendering it.
   */
  readonly dev?: boolean
  /** Which templates HTML-escape every `{{ value }}` not marked safe (see AutoescapeOption). */
  readonly autoescape?: AutoescapeOption
  readonly throwOnUndefined?: boolean
  readonly trimBlocks?: boolean
  readonly lstripBlocks?: boolean
  /** Values every template sees (nunjucks globals). */
  readonly globals?: Readonly<Record<string, unknown>>
  /** Filters to add: `{{ name | shout }}`. */
  // biome-ignore lint/suspicious/noExplicitAny: nunjucks filters take anything
  readonly filters?: Readonly<Record<string, (...args: any[]) => unknown>>
  /**
   * Last word on each nunjucks Environment the engine makes (one per module that
   * renders, and per autoescape setting): extensions, tests, async filters.
   */
  readonly configure?: (env: nunjucks.Environment) => void
  /**
   * Filters, globals and tests declared by modules: under null for every template (a
   * blueprint's appTemplateFilter…), under a module's name for its renders only.
   */
  readonly additions?: ReadonlyMap<string | null, TemplateAdditions>
  /** Called each time a template file is compiled (once per file and module in production). */
  readonly onCompile?: (file: string) => void
  /**
   * The app's URLs (its UrlMap): in production, `url_for` calls of a literal endpoint are
   * looked up when their template compiles, and those with literal values built there
   * (templates/url-calls.ts); not with `configure`. Renders must give a `url_for` building
   * with the same URLs.
   */
  readonly urls?: TemplateUrls
}

/** A nunjucks error: a position, and the error it wraps. */
interface NunjucksError extends Error {
  lineno?: number
  colno?: number
}

type LoaderModule = typeof import('./loader.ts')

/** How many names per chain keep their compiled template at hand. */
const PREPARED_KEPT = 500

/** nunjucks' message of a name its loader did not find (the name is a miss key of a chain). */
const NOT_FOUND = 'template not found: '

/**
 * The default engine: nunjucks (Jinja's syntax) with per-module lookup chains, on
 * nunjucks' public API: one Environment per module chain, whose Loader resolves every
 * name (`{% extends %}`, `{% include %}`, `{% import %}` included) in that chain.
 * nunjucks itself is imported on the first render.
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
  readonly dev: boolean
  readonly #set: TemplateFolderSet
  readonly #additions: ReadonlyMap<string | null, TemplateAdditions>
  readonly #settings: EnvironmentSettings
  readonly #autoescape: (path: string) => boolean
  readonly #chains = new Map<string | null, TemplateChain>()
  /** Per chain: its Environments, [not escaping, escaping], made when first needed. */
  readonly #environments = new Map<TemplateChain, (ChainEnvironment | undefined)[]>()
  /** Production, per chain: name as asked -> its compiled template (names may come from requests: bounded). */
  readonly #prepared = new Map<TemplateChain, LRUCache<string, nunjucks.Template>>()
  /** The functions among renders' globals, seen by every template through the render's store. */
  readonly #renderGlobals = new Map<string, () => unknown>()
  readonly #store = new AsyncLocalStorage<Readonly<Record<string, unknown>>>()
  /** Whether every render completes within template.render() (see render). */
  readonly #synchronous: boolean
  /** The functions of the render running now, when renders are synchronous. */
  readonly #now: { functions: Readonly<Record<string, unknown>> | undefined } = {
    functions: undefined,
  }
  #loading: Promise<LoaderModule> | undefined
  #loader: LoaderModule | undefined

  constructor(options: NunjucksEngineOptions) {
    this.dev = options.dev ?? false
    const modules = new Map<string, TemplateFolder>()
    const installed = new Set<string>()
    for (const { module, dir, installed: fromNpm } of options.modules ?? []) {
      modules.set(module, new TemplateFolder(module, dir))
      if (fromNpm === true) installed.add(module)
    }
    this.#set = {
      root: options.rootDir ? new TemplateFolder(null, options.rootDir) : null,
      modules,
      precedence: options.precedence ?? 'module-first',
      installed,
    }
    this.#settings = {
      throwOnUndefined: options.throwOnUndefined ?? false,
      trimBlocks: options.trimBlocks ?? false,
      lstripBlocks: options.lstripBlocks ?? false,
      globals: options.globals ?? {},
      filters: options.filters ?? {},
      configure: options.configure,
      onCompile: options.onCompile,
      urls: options.urls,
    }
    this.#autoescape = autoescaper(options.autoescape ?? AUTOESCAPED)
    this.#additions = options.additions ?? new Map()
    // `configure` may add asynchronous filters or extensions: renders then keep their
    // functions in an AsyncLocalStorage, which follows them across awaits.
    this.#synchronous = options.configure === undefined
    // Calls compiled ahead compare what they find under `url_for` with this global: it
    // exists from the first Environment on.
    if (options.urls !== undefined) this.#addRenderGlobal('url_for')
  }

  render(
    name: string,
    context: Record<string, unknown>,
    scope: RenderScope,
  ): string | Promise<string> {
    const loader = this.#loader
    if (loader === undefined) {
      this.#loading ??= import('./loader.ts')
      return this.#loading.then((module) => {
        this.#loader = module
        return this.render(name, context, scope)
      })
    }
    const chain = this.#chain(scope.module)
    const lookup = this.#lookupChain(chain)
    // Production: a name rendered before for this chain is one lookup away from its template.
    const prepared = this.dev ? undefined : this.#prepared.get(lookup)
    let template = prepared?.get(name)
    if (template === undefined) {
      try {
        template = this.#template(name, chain, lookup, loader)
        prepared?.set(name, template)
      } catch (error) {
        return Promise.reject(this.#explain(error, chain, lookup))
      }
    }
    // Functions (url_for) are globals, reaching imported macro files too; other values
    // (request, module) join the context, under the caller's own.
    let functions: Readonly<Record<string, unknown>> | undefined
    let values = context
    for (const key in scope.globals) {
      const value = scope.globals[key]
      if (typeof value === 'function') {
        functions = scope.globals
        if (!this.#renderGlobals.has(key)) this.#addRenderGlobal(key)
      } else if (!(key in context)) {
        if (values === context) values = { ...context }
        values[key] = value
      }
    }
    if (!this.#synchronous) {
      // `configure` may have made renders asynchronous: the render's functions follow it
      // across awaits in the context store.
      return new Promise((resolve, reject) => {
        this.#store.run(functions ?? {}, () =>
          template.render(values, (error: Error | null, output: string | null) => {
            if (error) reject(this.#explain(error, chain, lookup))
            else resolve(output ?? '')
          }),
        )
      })
    }
    // Without `configure`, nothing can make a render asynchronous (the engine's loader
    // answers at once, its filters are synchronous): the template renders within this call,
    // with the render's functions the current ones for exactly that time.
    const now = this.#now
    const outer = now.functions
    now.functions = functions
    try {
      return template.render(values) ?? ''
    } catch (error) {
      return Promise.reject(this.#explain(error, chain, lookup))
    } finally {
      now.functions = outer
    }
  }

  /** The compiled template `name` stands for in `lookup`'s chain, found and compiled if need be. */
  #template(
    name: string,
    chain: TemplateChain,
    lookup: TemplateChain,
    loader: LoaderModule,
  ): nunjucks.Template {
    if (typeof name !== 'string') throw new UnsafeTemplateName(name, 'it is not a string')
    const key = lookup.resolve(name)
    const found = lookup.found(key)
    if (found === undefined) throw this.#notFound(lookup.missed(key), chain)
    const { env, loader: chainLoader } = this.#environment(
      lookup,
      this.#autoescape(found.path),
      loader,
    )
    if (this.dev) chainLoader.refresh(key)
    return env.getTemplate(key, true)
  }

  /** Forgets every compiled template and file list (they are read again on next use). */
  close(): void {
    this.#prepared.clear()
    this.#environments.clear()
    for (const chain of this.#chains.values()) chain.forget()
    this.#set.root?.forget()
    for (const folder of this.#set.modules.values()) folder.forget()
  }

  /** The chain a module's names are looked up in (its own, even when its folder is missing). */
  #chain(module: string | null): TemplateChain {
    let chain = this.#chains.get(module)
    if (chain === undefined) {
      chain = new TemplateChain(module, this.#set, this.dev)
      this.#chains.set(module, chain)
    }
    return chain
  }

  /**
   * The chain whose Environment renders for `chain`: in production, a module without a
   * templates folder finds what the root chain finds, so it shares that chain's
   * compiled templates.
   */
  #lookupChain(chain: TemplateChain): TemplateChain {
    if (this.dev || chain.module === null) return chain
    // A module with filters of its own keeps its own Environment for them.
    if (!isEmpty(this.#additions.get(chain.module))) return chain
    // Its folders, and a child module's parents' folders, come before the root's.
    const root = this.#set.root
    return chain.folders.some((folder) => folder !== root && folder.exists(false))
      ? chain
      : this.#chain(null)
  }

  #environment(chain: TemplateChain, escaping: boolean, loader: LoaderModule): ChainEnvironment {
    let pair = this.#environments.get(chain)
    if (pair === undefined) {
      pair = [undefined, undefined]
      this.#environments.set(chain, pair)
      if (!this.dev) this.#prepared.set(chain, new LRUCache({ max: PREPARED_KEPT }))
    }
    const index = escaping ? 1 : 0
    let environment = pair[index]
    if (environment === undefined) {
      environment = loader.createChainEnvironment(chain, escaping, this.#settings)
      const every = this.#additions.get(null)
      const own = chain.module === null ? undefined : this.#additions.get(chain.module)
      if (every !== undefined) applyAdditions(environment.env, every)
      if (own !== undefined) applyAdditions(environment.env, own)
      for (const [name, proxy] of this.#renderGlobals) environment.env.addGlobal(name, proxy)
      pair[index] = environment
    }
    return environment
  }

  /**
   * A function given in renders' globals (`url_for`) becomes one global of every
   * Environment, calling the current render's own: as Jinja's globals, imported macro
   * files see it too.
   */
  #addRenderGlobal(name: string): void {
    const now = this.#now
    const store = this.#store
    const proxy = function (this: unknown): unknown {
      const own = (now.functions ?? store.getStore())?.[name]
      if (typeof own !== 'function')
        throw new TypeError(`'${name}' is not given to this render of the template`)
      // biome-ignore lint/complexity/noArguments: handed on as is, which V8 does without copying
      return own.apply(this, arguments)
    }
    this.#renderGlobals.set(name, proxy)
    for (const pair of this.#environments.values())
      for (const environment of pair) environment?.env.addGlobal(name, proxy)
  }

  #notFound(miss: MissedTemplate | undefined, chain: TemplateChain): Error {
    if (miss === undefined) return new TemplateNotFound('(forgotten)', chain.module, [])
    const { folders, detail } = chain.searched(miss)
    return new TemplateNotFound(
      miss.name,
      chain.module,
      folders.map((folder) => folder.describe(this.dev)),
      detail,
    )
  }

  /** Our own errors pass through; nunjucks' are named after the template, line and module. */
  #explain(error: unknown, chain: TemplateChain, lookup: TemplateChain): Error {
    for (let e: unknown = error; e instanceof Error; e = e.cause) {
      if (
        e instanceof TemplateNotFound ||
        e instanceof UnsafeTemplateName ||
        e instanceof TemplateSyntaxError ||
        e instanceof UnsupportedJinjaConstruct ||
        e instanceof TemplateRenderError
      )
        return e
      if (e.message.startsWith(NOT_FOUND)) {
        const miss = lookup.missed(e.message.slice(NOT_FOUND.length))
        if (miss) return this.#notFound(miss, chain)
      }
    }
    const err = error as NunjucksError
    const cause = err.cause instanceof Error ? err.cause : undefined
    const file = innermostFile(err.message)
    const found = file === undefined ? undefined : lookup.found(file)
    // runtime.handleError wraps a thrown error with 0-based positions; nunjucks' own
    // render errors (ensureDefined) and parse errors count from 1.
    const shift = cause && err.lineno !== undefined ? 1 : 0
    let problem = cause ? `${cause.name}: ${cause.message}` : problemOf(err)
    let line = err.lineno === undefined ? undefined : err.lineno + shift
    let column = err.colno === undefined ? undefined : err.colno + shift
    let where = found
    // nunjucks reports an error in a layout reached by {% extends %}, or in an imported
    // macro, under the name of the template that asked for it: the file is found again.
    const asked = file === undefined ? [] : lookup.asked(file)
    if (found !== undefined) {
      const place = placeOf(problem, line, column, [found, ...asked])
      if (place === undefined && asked.length > 0)
        problem += `\n  (the line may be in a template it extends or imports: ${asked.map((t) => `'${t.path}'`).join(', ')})`
      else if (place !== undefined) {
        if (place.template !== found) problem += `\n  (reached from '${found.path}')`
        where = place.template
        line = place.line
        column = place.column
      }
    }
    return new TemplateRenderError(
      where?.path ?? file ?? '(unknown)',
      where?.file ?? file,
      chain.module,
      line,
      column,
      problem,
      cause ?? error,
    )
  }
}

/** A template's path -> whether it is escaped. */
function autoescaper(option: AutoescapeOption): (path: string) => boolean {
  if (typeof option === 'boolean') return () => option
  if (typeof option === 'function') return option
  const extensions = new Set(option.map((extension) => extension.toLowerCase()))
  return (path) => {
    const dot = path.lastIndexOf('.')
    return dot > path.lastIndexOf('/') && extensions.has(path.slice(dot + 1).toLowerCase())
  }
}
