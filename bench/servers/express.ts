import { createServer } from 'node:http'
import express from 'express'
import { HELLO, HTML } from '../shapes.ts'
import type { ServerFactory } from './types.ts'

/** Express 5 with its defaults (ETag, X-Powered-By): what users would pick instead. */
const create: ServerFactory = async () => {
  const app = express()
  app.get('/hello', (_request, response) => {
    response.type(HTML).send(HELLO)
  })
  return createServer(app)
}
export default create
