import { createServer } from 'node:http'
import { join } from 'node:path'
import express from 'express'
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
 * Express 5 with its defaults (ETag, X-Powered-By), as its users would pick instead: the
 * same routes, nunjucks (Jinja's syntax) over the same template folders, and
 * express.static for the static folders (tried in order).
 */
const create: ServerFactory = async ({ root = '.', roots = [] }) => {
  const app = express()
  const env = nunjucks.configure([join(root, 'modules/m/templates'), join(root, 'templates')], {
    autoescape: true,
    express: app,
  })
  env.addGlobal('url_for', url_for)
  app.get('/hello', (_request, response) => {
    response.type(HTML).send(HELLO)
  })
  app.get('/board/:id/:slug', (request, response, next) => {
    const id = Number.parseInt(request.params.id, 10)
    if (Number.isNaN(id)) return next()
    response.type(HTML).send(boardBody(id, request.params.slug))
  })
  app.get('/page', (_request, response) => response.render('page.html', PAGE_CONTEXT))
  for (const dir of roots) app.use('/static', express.static(dir))
  return createServer(app)
}
export default create
