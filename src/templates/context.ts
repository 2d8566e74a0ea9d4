import type { FastifyRequest } from 'fastify'
import { BuildError } from '../errors.ts'

/**
 * Builds a URL from an endpoint and its values, for the request being answered when there
 * is one (the core's `urlMap.urlFor`). The values may carry nunjucks' `__keywords: true`
 * marker of keyword arguments, which is not a value: the core's urlFor skips it.
 */
export type UrlFor = (
  endpoint: string,
  values: Record<string, unknown>,
  request?: FastifyRequest,
) => string

/**
 * Flask's `context_processor`: returns values merged into the context of every
 * template (app-wide) or of one module's templates. `request` is undefined outside a request.
 */
export type TemplateContextProcessor = (
  request: FastifyRequest | undefined,
) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>

/**
 * The context processors of one app: app-wide ones run for every render, a module's
 * only for renders of that module, in the order they were added.
 * @example processors.add(() => ({ siteName: 'Forum' })).add(countUnread, 'forum')
 */
export class ContextProcessors {
  readonly #app: TemplateContextProcessor[] = []
  readonly #modules = new Map<string, TemplateContextProcessor[]>()

  /** Adds a processor for every template, or for `module`'s templates only. */
  add(processor: TemplateContextProcessor, module?: string | null): this {
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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)

/** nunjucks' keyword marker (`__keywords: true`) is not a value: urlFor gets the values without it. */
function withoutMarker(values: Record<string, unknown>): Record<string, unknown> {
  if (!('__keywords' in values)) return values
  const { __keywords: _marker, ...rest } = values
  return rest
}

/**
 * Wraps `urlFor` for templates, taking Jinja's keyword form:
 * `{{ url_for('forum.board', board_id=3) }}`. nunjucks passes keyword arguments as a
 * last object marked `__keywords: true`, handed on as it is (no copy per call); a plain
 * object as second argument works too.
 * @example env.addGlobal('url_for', templateUrlFor(urlFor, request))
 */
export function templateUrlFor(
  urlFor: UrlFor,
  request?: FastifyRequest,
): (endpoint: string, ...args: unknown[]) => string {
  return function url_for(endpoint: string, first?: unknown, ...more: unknown[]): string {
    // The common cases first, with nothing allocated: url_for('x') and url_for('x', a=1).
    if (more.length === 0) {
      if (first === undefined) return urlFor(endpoint, {}, request)
      if (isPlainObject(first)) return urlFor(endpoint, withoutMarker(first), request)
    }
    const args = [first, ...more]
    const last = args.at(-1)
    const values = isPlainObject(last) ? last : undefined
    const positional = values === undefined ? args : args.slice(0, -1)
    // A macro passing an undefined `values` argument along is not a mistake.
    if (positional.some((arg) => arg !== undefined)) {
      throw new BuildError(
        String(endpoint),
        values === undefined ? {} : withoutMarker(values),
        `url_for takes the endpoint, then keyword values: url_for('${endpoint}', name=value); it got ${positional.length} more positional argument(s)`,
        [],
      )
    }
    return urlFor(endpoint, values === undefined ? {} : withoutMarker(values), request)
  }
}

/** What a render knows of where it happens. */
export interface TemplateRenderInput {
  /** The module rendering, or null outside modules. */
  readonly module: string | null
  /** The request being answered, if any (templates see it as `request`). */
  readonly request?: FastifyRequest | undefined
  /** Builds URLs for `url_for`; without it, templates have no `url_for`. */
  readonly urlFor?: UrlFor | undefined
  readonly processors?: ContextProcessors | undefined
  /** The caller's own values: they win over every other source. */
  readonly context?: Readonly<Record<string, unknown>> | undefined
}

/** A render's values: `globals` reach imported macro files too, `context` the rendered templates. */
export interface TemplateValues {
  readonly globals: Record<string, unknown>
  readonly context: Record<string, unknown>
}

/**
 * What every template sees: `url_for` (and its alias `urlFor`), `request` and `module`
 * (the rendering module's name, or null) as globals, as Flask's `url_for` and `request`
 * are Jinja globals; then the context processors' values, then the caller's, which win.
 * @example const { globals, context } = await templateValues({ module: 'forum', request, urlFor, context: { board_id: 3 } })
 */
export function templateValues(
  input: TemplateRenderInput,
): TemplateValues | Promise<TemplateValues> {
  const globals: Record<string, unknown> = { module: input.module, request: input.request }
  if (input.urlFor) {
    const url_for = templateUrlFor(input.urlFor, input.request)
    globals.url_for = url_for
    globals.urlFor = url_for
  }
  // Without processors, no promise: a render stays as cheap as the engine's own.
  if (!input.processors?.has(input.module)) return { globals, context: { ...input.context } }
  return input.processors
    .run(input.module, input.request)
    .then((processed) => ({ globals, context: Object.assign(processed, input.context) }))
}
