import { join } from 'node:path'
import view from '@fastify/view'
import Fastify from 'fastify'
import nunjucks from 'nunjucks'
import { boardBody, HAND_URLS, HELLO, HTML, PAGE_CONTEXT } from '../shapes.ts'
import type { ServerFactory } from './types.ts'

/** nunjucks' keyword arguments arrive as a last object marked `__keywords`. */
function url_for(endpoint: string, keywords: Record<string, unknown> = {}): string {
  const build = HAND_URLS[endpoint]
  if (build === undefined) throw new Error(`no URL written by hand for ${endpoint}`)
  return build(keywords)
}

/**
 * The site fixture's routes written for bare Fastify as its users would: the same
 * bodies and content type, params parsed by hand, the same template files through
 * @fastify/view (module folder, then root folder, as the module app looks them up).
 */
const create: ServerFactory = async ({ root = '.', preload = [] }) => {
  for (const name of preload) await import(name)
  const app = Fastify({ logger: false })
  await app.register(view, {
    engine: { nunjucks },
    templates: [join(root, 'modules/m/templates'), join(root, 'templates')],
    production: true,
    options: {
      autoescape: true,
      onConfigure: (env: nunjucks.Environment) => env.addGlobal('url_for', url_for),
    },
  })
  app.get('/hello', (_request, reply) => {
    reply.type(HTML)
    return HELLO
  })
  app.get<{ Params: { id: string; slug: string } }>('/board/:id/:slug', (request, reply) => {
    const id = Number.parseInt(request.params.id, 10)
    if (Number.isNaN(id)) return reply.callNotFound()
    reply.type(HTML)
    return boardBody(id, request.params.slug)
  })
  app.get('/page', (_request, reply) => reply.view('page.html', PAGE_CONTEXT))
  return app
}
export default create
