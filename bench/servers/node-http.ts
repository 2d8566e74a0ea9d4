import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type OutgoingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { HELLO, HTML, STATIC_FILE } from '../shapes.ts'
import type { ServerFactory } from './types.ts'

const LENGTH = String(Buffer.byteLength(HELLO))

/**
 * The headers the static chain sends with a whole file (but Date, Connection, Keep-Alive,
 * which node:http adds to both), from the file's stat.
 */
function fileHeaders(path: string, body: Buffer): OutgoingHttpHeaders {
  const { size, mtimeMs } = statSync(path)
  const mtime = Math.floor(mtimeMs)
  return {
    etag: `"${size.toString(16)}-${mtime.toString(16)}"`,
    'last-modified': new Date(mtime).toUTCString(),
    'x-content-type-options': 'nosniff',
    'accept-ranges': 'bytes',
    'content-type': 'text/css; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'public, max-age=0',
  }
}

/**
 * The ceiling: node:http answering the hello route and nothing else; with `roots` (or an
 * app's `root`, for its static/), also `/static/<the bench's file>` from one Buffer read at
 * start, with the chain's headers: the least any Node server spends on that file (no
 * lookup, no check, no framework).
 */
const create: ServerFactory = async ({ roots, root: app }) => {
  const root = roots?.[0] ?? (app === undefined ? undefined : join(app, 'static'))
  const file = root === undefined ? undefined : join(root, STATIC_FILE)
  const path = file !== undefined && existsSync(file) ? file : undefined
  const body = path === undefined ? undefined : readFileSync(path)
  const headers = path === undefined || body === undefined ? {} : fileHeaders(path, body)
  const staticUrl = `/static/${STATIC_FILE}`
  return createServer((request, response) => {
    if (request.url === '/hello') {
      response.writeHead(200, { 'content-type': HTML, 'content-length': LENGTH })
      response.end(HELLO)
    } else if (body !== undefined && request.url === staticUrl) {
      response.writeHead(200, headers).end(body)
    } else {
      response.writeHead(404).end()
    }
  })
}
export default create
