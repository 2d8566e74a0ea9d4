import { relative } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { boardBody, HELLO } from '../shapes.ts'
import type { ServerFactory } from './types.ts'

/**
 * Hono on @hono/node-server, as its users would write the same routes: the hello and
 * board routes (params parsed by hand) and serveStatic for the static folders.
 */
const create: ServerFactory = async ({ roots = [] }) => {
  const app = new Hono()
  app.get('/hello', (c) => c.html(HELLO))
  app.get('/board/:id/:slug', (c) => {
    const id = Number.parseInt(c.req.param('id'), 10)
    if (Number.isNaN(id)) return c.notFound()
    return c.html(boardBody(id, c.req.param('slug')))
  })
  for (const dir of roots) {
    // serveStatic takes a root relative to the working folder.
    app.use(
      '/static/*',
      serveStatic({ root: relative(process.cwd(), dir), rewriteRequestPath: (p) => p.slice(7) }),
    )
  }
  return createAdaptorServer({ fetch: app.fetch }) as ReturnType<typeof createAdaptorServer> &
    import('node:http').Server
}
export default create
