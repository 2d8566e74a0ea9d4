import type { FastifyRequest } from 'fastify'
import { BuildError } from '../errors.ts'

/** Builds a URL from an endpoint and its values (the core's `request.urlFor`). */
export type UrlFor = (endpoint: string, values?: Record<string, unknown>) => string

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

/** Keyword values without the `__keywords` marker nunjucks adds. */
function withoutMarker(keywords: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const key in keywords) if (key !== '__keywords') values[key] = keywords[key]
  return values
}

/**
 * Wraps `urlFor` for templates, taking Jinja's keyword form:
 * `{{ url_for('forum.board', board_id=3) }}`. nunjucks passes keyword arguments as a
 * last object marked `__keywords: true`; a plain object as second argument works too.
 * @example env.addGlobal('url_for', templateUrlFor(request.urlFor.bind(request)))
 */
export function templateUrlFor(urlFor: UrlFor): (endpoint: string, ...args: unknown[]) => string {
  return function url_for(endpoint: string, ...args: unknown[]): string {
    // The common cases first: url_for('x') and url_for('x', a=1).
    if (args.length === 0) return urlFor(endpoint, {})
    if (args.length === 1 && isPlainObject(args[0])) return urlFor(endpoint, withoutMarker(args[0]))
    const last = args.at(-1)
    let values: Record<string, unknown> | undefined
    let positional = args
    if (isPlainObject(last)) {
      const { __keywords: _marker, ...rest } = last
      values = rest
      positional = args.slice(0, -1)
    }
    // A macro passing an undefined `values` argument along is not a mistake.
    if (positional.some((arg) => arg !== undefined))
      throw new BuildError(
        String(endpoint),
        values ?? {},
        `url_for takes the endpoint, then keyword values: url_for('${endpoint}', name=value); it got ${positional.length} more positional argument(s)`,
        [],
      )
    return urlFor(endpoint, values ?? {})
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
    const url_for = templateUrlFor(input.urlFor)
    globals.url_for = url_for
    globals.urlFor = url_for
  }
  // Without processors, no promise: a render stays as cheap as the engine's own.
  if (!input.processors?.has(input.module)) return { globals, context: { ...input.context } }
  return input.processors
    .run(input.module, input.request)
    .then((processed) => ({ globals, context: Object.assign(processed, input.context) }))
}
