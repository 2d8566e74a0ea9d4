import { createServer } from 'node:http'
import { HELLO, HTML } from '../shapes.ts'
import type { ServerFactory } from './types.ts'

const LENGTH = String(Buffer.byteLength(HELLO))

/** The ceiling: node:http answering the hello route and nothing else. */
const create: ServerFactory = async () =>
  createServer((request, response) => {
    if (request.url === '/hello') {
      response.writeHead(200, { 'content-type': HTML, 'content-length': LENGTH })
      response.end(HELLO)
    } else {
      response.writeHead(404).end()
    }
  })
export default create
