import type { FastifyRequest } from 'fastify'
import { BuildError } from '../errors.ts'
import { isPlainObject } from '../plain-object.ts'
import type { UrlMap } from '../urls/url-map.ts'

/** Builds a URL for templates: the app's `urlMap.urlFor`, given the request being answered. */
type BuildUrl = UrlMap['urlFor']

/**
 * Flask's `context_processor`: returns values merged into the context of every
 * template (app-wide) or of one module's templates. `request` is undefined outside a request.
 * @example blueprint.contextProcessor((request) => ({ user: request?.user }))
 */
export type ContextProcessor = (
  request: FastifyRequest | undefined,
) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>

/**
 * The context processors of one app: app-wide ones run for every render, a module's
 * only for renders of that module, in the order they were added.
 * @example processors.add(() => ({ siteName: 'Forum' })).add(countUnread, 'forum')
 */
export class ContextProcessors {
  readonly #app: ContextProcessor[] = []
  readonly #modules = new Map<string, ContextProcessor[]>()

  /** Adds a processor for every template, or for `module`'s templates only. */
  add(processor: ContextProcessor, module?: string | null): this {
    if (module === undefined || module === null) this.#app.push(processor)
    else {
      const list = this.#modules.get(module)
      if (list) list.push(processor)
      else this.#modules.set(module, [processor])
    }
    return this
  }

  /** True when a render of `module` has processors to run. */
  has(module: string | null): boolean {
    return this.#app.length > 0 || (module !== null && this.#modules.has(module))
  }

  /** Runs the app-wide processors, then the module's, merging what they return (later wins). */
  async run(
    module: string | null,
    request: FastifyRequest | undefined,
  ): Promise<Record<string, unknown>> {
    const own = module === null ? undefined : this.#modules.get(module)
    const merged: Record<string, unknown> = {}
    for (const processor of own ? [...this.#app, ...own] : this.#app)
      Object.assign(merged, await processor(request))
    return merged
  }
}

/** How nunjucks marks its object of keyword arguments (`url_for('x', a=1)`): not a value. */
const KEYWORDS = '__keywords'

/** The values of nunjucks' keyword object, without its marker: a copy, which V8 builds faster than it deletes. */
function valuesOf(object: Record<string, unknown>): Record<string, unknown> {
  if (object[KEYWORDS] !== true) return object
  const values: Record<string, unknown> = {}
  for (const key in object) if (key !== KEYWORDS) values[key] = object[key]
  return values
}

/**
 * Wraps `urlFor` for templates, taking Jinja's keyword form:
 * `{{ url_for('forum.board', board_id=3) }}`; a plain object as second argument works too.
 * @example env.addGlobal('url_for', templateUrlFor(urlFor, request))
 */
export function templateUrlFor(
  urlFor: BuildUrl,
  request?: FastifyRequest,
): (endpoint: string, ...args: unknown[]) => string {
  return function url_for(endpoint: string, first?: unknown): string {
    // The common cases first, with nothing allocated: url_for('x') and url_for('x', a=1).
    // biome-ignore lint/complexity/noArguments: counted without a rest array on every call
    if (arguments.length <= 2) {
      if (first === undefined) return urlFor(endpoint, {}, request)
      if (isPlainObject(first)) return urlFor(endpoint, valuesOf(first), request)
    }
    // biome-ignore lint/complexity/noArguments: the rare forms, read without a rest array on every call
    const args: unknown[] = Array.prototype.slice.call(arguments, 1)
    const last = args.at(-1)
    const values = isPlainObject(last) ? valuesOf(last) : undefined
    const positional = values === undefined ? args : args.slice(0, -1)
    // A macro passing an undefined `values` argument along is not a mistake.
    if (positional.some((arg) => arg !== undefined)) {
      throw new BuildError(
        String(endpoint),
        values ?? {},
        `url_for takes the endpoint, then keyword values: url_for('${endpoint}', name=value); it got ${positional.length} more positional argument(s)`,
        [],
      )
    }
    return urlFor(endpoint, values ?? {}, request)
  }
}

/** What a render knows of where it happens. */
export interface TemplateRenderInput {
  /** The module rendering, or null outside modules. */
  readonly module: string | null
  /** The request being answered, if any (templates see it as `request`). */
  readonly request?: FastifyRequest | undefined
  /** Builds URLs for `url_for`; without it, templates have no `url_for`. */
  readonly urlFor?: BuildUrl | undefined
  readonly processors?: ContextProcessors | undefined
  /** The caller's own values: they win over every other source. */
  readonly context?: Readonly<Record<string, unknown>> | undefined
}

/**
 * A render's values: `globals` are functions every template sees, imported macro files
 * included (as Jinja's globals); `context` the values of the rendered templates.
 */
export interface TemplateValues {
  readonly globals: Record<string, unknown>
  readonly context: Record<string, unknown>
}

/**
 * What every template sees: `url_for` (and its alias `urlFor`) as globals, as Flask's
 * `url_for` is a Jinja global; `request` and `module` (the rendering module's name, or
 * null), then the context processors' values, then the caller's, which win.
 * @example const { globals, context } = await templateValues({ module: 'forum', request, urlFor, context: { board_id: 3 } })
 */
export function templateValues(
  input: TemplateRenderInput,
): TemplateValues | Promise<TemplateValues> {
  const globals: Record<string, unknown> = {}
  if (input.urlFor) {
    const url_for = templateUrlFor(input.urlFor, input.request)
    globals.url_for = url_for
    globals.urlFor = url_for
  }
  const own = { module: input.module, request: input.request }
  // Without processors, no promise: a render stays as cheap as the engine's own.
  if (!input.processors?.has(input.module))
    return { globals, context: { ...own, ...input.context } }
  return input.processors
    .run(input.module, input.request)
    .then((processed) => ({ globals, context: { ...own, ...processed, ...input.context } }))
}
