import { readFileSync } from 'node:fs'
import nunjucks from 'nunjucks'
import { TemplateSyntaxError, UnsupportedJinjaConstruct } from '../errors.ts'
import { stampOf, type TemplateChain } from './chain.ts'
import { addJinja } from './jinja.ts'
import { jinjaSource } from './jinja-syntax.ts'
import { problemOf } from './messages.ts'
import { compileUrlCalls, type TemplateUrls } from './url-calls.ts'

/** The render global compiled calls compare against (see templates/url-calls.ts). */
const URL_FOR = 'url_for'

/** What every Environment of an engine is made with. */
export interface EnvironmentSettings {
  readonly throwOnUndefined: boolean
  readonly trimBlocks: boolean
  readonly lstripBlocks: boolean
  readonly globals: Readonly<Record<string, unknown>>
  // biome-ignore lint/suspicious/noExplicitAny: nunjucks filters take anything
  readonly filters: Readonly<Record<string, (...args: any[]) => unknown>>
  readonly configure: ((env: nunjucks.Environment) => void) | undefined
  readonly onCompile: ((file: string) => void) | undefined
  /** The app's URLs: production compiles url_for calls of literal endpoints ahead. */
  readonly urls: TemplateUrls | undefined
}

/** nunjucks' errors carry the position they were raised at. */
interface PositionedError extends Error {
  lineno?: number
  colno?: number
}

/**
 * A nunjucks Loader over one module's chain of folders (nunjucks documents custom
 * loaders: `getSource(name)` giving `{ src, path, noCache }`, and an 'update' event that
 * drops a cached template). Every name nunjucks meets, `{% extends %}`, `{% include %}`
 * and `{% import %}` included, goes through `resolve()`, so that nunjucks caches one
 * compiled template per file, under the file's real path, however the name was spelled.
 * It answers at once: `async` only because nunjucks' types allow "not found" (null) there.
 */
class ChainLoader extends nunjucks.Loader {
  readonly async = true
  readonly chain: TemplateChain
  /** The Environment this loader serves: syntax errors are checked with its settings. */
  env: nunjucks.Environment | undefined
  readonly #onCompile: ((file: string) => void) | undefined
  readonly #urls: TemplateUrls | undefined
  /** Development: file -> modification stamp of the source compiled. */
  readonly #stamps = new Map<string, string>()
  /** The next name of a filter of a call compiled ahead (see compileUrlCalls). */
  readonly #filters = { next: 0 }

  constructor(chain: TemplateChain, settings: EnvironmentSettings) {
    super()
    this.chain = chain
    this.#onCompile = settings.onCompile
    // Development renders each edit at once: its calls are looked up at render time. With
    // `configure`, extensions may read a template otherwise than nunjucks' own syntax does.
    this.#urls = chain.dev || settings.configure !== undefined ? undefined : settings.urls
  }

  /** Every name is resolved by the chain, relative to the template asking for it. */
  override isRelative(): boolean {
    return true
  }

  override resolve(parentKey: string, name: string): string {
    const key = this.chain.resolve(name, parentKey)
    if (this.chain.dev) this.refresh(key)
    return key
  }

  /** Development: drops the compiled template of a file edited since it was compiled. */
  refresh(key: string): void {
    const stamp = this.#stamps.get(key)
    if (stamp !== undefined && stamp !== stampOf(key)) {
      this.#stamps.delete(key)
      this.emit('update', key, key)
    }
  }

  getSource(key: string, callback: nunjucks.Callback<Error, nunjucks.LoaderSource>): void {
    const found = this.chain.found(key)
    if (found === undefined || this.env === undefined) {
      callback(null, null)
      return
    }
    const stamp = this.chain.dev ? stampOf(key) : ''
    const env = this.env
    const checked = compiledSource(
      readFileSync(key, 'utf8'),
      env,
      found.path,
      key,
      this.chain.module,
    )
    if (checked instanceof Error) {
      callback(checked, null)
      return
    }
    let src = checked
    // Only a template that compiled as written is rewritten (the Environment has nunjucks'
    // own delimiters: it is made without `tags`).
    const app = this.#urls === undefined ? undefined : globalOf(env, URL_FOR)
    if (this.#urls !== undefined && app !== undefined) {
      src = compileUrlCalls(src, {
        urls: this.#urls,
        app,
        addFilter: (name, filter) => env.addFilter(name, filter),
        taken: (name) => hasFilter(env, name),
        counter: this.#filters,
      })
    }
    if (this.chain.dev) this.#stamps.set(key, stamp)
    this.#onCompile?.(key)
    callback(null, { src, path: key, noCache: false })
  }
}

/**
 * A template's source as nunjucks compiles it (Jinja's syntax rewritten), or the error that
 * names its file and line: a Jinja construct nunjucks cannot give, or a syntax error. Compiled
 * here once to tell a syntax error (named after its own file) from a render error.
 * @example compiledSource('{{ d.items() }}', env, 'page.html', '/app/templates/page.html', null)
 */
export function compiledSource(
  source: string,
  env: nunjucks.Environment,
  name: string,
  file: string,
  module: string | null,
): string | Error {
  const jinja = jinjaSource(source)
  if (jinja.unsupported !== undefined) {
    const { line, column, construct, advice } = jinja.unsupported
    return new UnsupportedJinjaConstruct(name, file, module, line, column, construct, advice)
  }
  try {
    new nunjucks.Template(jinja.src, env, file, true)
  } catch (error) {
    const err = error as PositionedError
    return new TemplateSyntaxError(name, file, module, err.lineno, err.colno, problemOf(err), error)
  }
  return jinja.src
}

/**
 * An Environment with Jinja's additions and no loader, for `check`: it compiles a template
 * as the engine does, without rendering.
 * @example compiledSource(src, checkEnvironment(), 'page.html', file, null)
 */
export function checkEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { dev: true })
  addJinja(env)
  return env
}

/** Whether `env` has a filter of that name (getFilter throws for an unknown one). */
function hasFilter(env: nunjucks.Environment, name: string): boolean {
  try {
    env.getFilter(name)
    return true
  } catch {
    return false
  }
}

/** The global `name` of `env`, or undefined (getGlobal throws for an unknown one). */
function globalOf(env: nunjucks.Environment, name: string): unknown {
  try {
    return env.getGlobal(name)
  } catch {
    return undefined
  }
}

/** One Environment: a chain's templates, escaped or not. */
export interface ChainEnvironment {
  readonly env: nunjucks.Environment
  readonly loader: ChainLoader
}

/**
 * An Environment for one chain of folders, with the engine's settings.
 * @example const { env } = createChainEnvironment(chain, true, settings)
 */
export function createChainEnvironment(
  chain: TemplateChain,
  autoescape: boolean,
  settings: EnvironmentSettings,
): ChainEnvironment {
  const loader = new ChainLoader(chain, settings)
  const env = new nunjucks.Environment(loader, {
    autoescape,
    throwOnUndefined: settings.throwOnUndefined,
    trimBlocks: settings.trimBlocks,
    lstripBlocks: settings.lstripBlocks,
    // Keeps nunjucks' errors whole (line, column, cause) so they can be explained.
    dev: true,
  })
  loader.env = env
  addJinja(env)
  for (const [name, value] of Object.entries(settings.globals)) env.addGlobal(name, value)
  for (const [name, filter] of Object.entries(settings.filters)) env.addFilter(name, filter)
  settings.configure?.(env)
  return { env, loader }
}
