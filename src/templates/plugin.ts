import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { UrlMap } from '../urls/url-map.ts'
import { templateType } from './content-type.ts'
import { type ContextProcessor, ContextProcessors, templateValues } from './context.ts'
import type { TemplateEngine } from './engine.ts'

/** What decorateTemplates needs: the engine, urlFor for templates, the context processors. */
export interface TemplatePluginOptions {
  readonly engine: TemplateEngine
  /** The app's context processors; a new, empty set when omitted. */
  readonly processors?: ContextProcessors
  /** Builds URLs for `url_for` (the app's urlMap.urlFor), given the request when the render is for one. */
  readonly urlFor?: UrlMap['urlFor']
}

export interface RenderOptions {
  /** The module whose templates are searched first; null (default) for the root folder only. */
  readonly module?: string | null
  /** The request the render is for, when there is one: templates see it as `request`. */
  readonly request?: FastifyRequest
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Renders a template of the request's module and sends it with its extension's type
     * (`.html` text/html, `.txt` text/plain…), unless the view set one. Return or await
     * what it gives: the reply once sent, or a promise of it while the render runs.
     * @example return reply.render('board.html', { board_id })
     */
    render(name: string, context?: Record<string, unknown>): FastifyReply | Promise<FastifyReply>
  }
  interface FastifyInstance {
    /**
     * Renders a template outside a request (mails, static pages); root folder unless a module is given.
     * @example const html = await app.render('mail/welcome.html', { user }, { module: 'home' })
     */
    render(
      name: string,
      context?: Record<string, unknown>,
      options?: RenderOptions,
    ): Promise<string>
    /**
     * Adds a context processor: for every template, or for one module's templates.
     * @example app.addContextProcessor(() => ({ year: new Date().getFullYear() }))
     */
    addContextProcessor(processor: ContextProcessor, options?: { module?: string }): void
  }
}

/** What the core decorates on each request; read through this type so both stay independent. */
interface ModuleRequest {
  readonly blueprint?: string | null | undefined
}

/** Sends a rendered template with its own type (a `.txt` is text), unless the view set one. */
function send(
  reply: FastifyReply,
  name: string,
  text: string,
): FastifyReply | Promise<FastifyReply> {
  if (reply.hasHeader('content-type')) return reply.send(text)
  const type = templateType(name)
  if (typeof type === 'string') return reply.type(type).send(text)
  return type.then((found) => reply.type(found).send(text))
}

/**
 * Decorates `fastify` at once (no plugin to wait for) with `reply.render()`,
 * `fastify.render()` and `fastify.addContextProcessor()`; the module of a request is its
 * `request.blueprint`. The core calls it so that they exist as soon as the app does.
 */
export function decorateTemplates(fastify: FastifyInstance, options: TemplatePluginOptions): void {
  const { engine, urlFor } = options
  const processors = options.processors ?? new ContextProcessors()

  function render(
    name: string,
    context: Record<string, unknown> | undefined,
    module: string | null,
    request: FastifyRequest | undefined,
  ): string | Promise<string> {
    const values = templateValues({
      module,
      request,
      urlFor,
      processors,
      context,
    })
    if (values instanceof Promise) {
      return values.then((v) => engine.render(name, v.context, { module, globals: v.globals }))
    }
    return engine.render(name, values.context, { module, globals: values.globals })
  }

  fastify.decorate(
    'render',
    async (name: string, context?: Record<string, unknown>, renderOptions: RenderOptions = {}) =>
      render(name, context, renderOptions.module ?? null, renderOptions.request),
  )
  fastify.decorate(
    'addContextProcessor',
    (processor: ContextProcessor, processorOptions: { module?: string } = {}) => {
      processors.add(processor, processorOptions.module)
    },
  )
  // The module comes from the request's own encapsulated decoration: no lookup by URL.
  fastify.decorateReply(
    'render',
    function (this: FastifyReply, name: string, context?: Record<string, unknown>) {
      const request = this.request
      const text = render(name, context, (request as ModuleRequest).blueprint ?? null, request)
      // Rendered at once: sent now, and the reply itself (a thenable Fastify knows as "sent")
      // is the answer, without a promise in between.
      if (typeof text === 'string') return send(this, name, text)
      return text.then((rendered) => send(this, name, rendered))
    },
  )
  if (engine.close) {
    const close = engine.close.bind(engine)
    fastify.addHook('onClose', async () => {
      await close()
    })
  }
}
