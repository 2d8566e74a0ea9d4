import fastifyStatic from '@fastify/static'
import Fastify from 'fastify'
import type { ServerFactory } from './types.ts'

/** @fastify/static at /static/ with its defaults, over one root or several (tried in order). */
const create: ServerFactory = async ({ roots = [] }) => {
  const app = Fastify({ logger: false })
  const [first, ...rest] = roots
  if (first === undefined) throw new Error('fastify-static needs at least one root')
  await app.register(fastifyStatic, {
    root: rest.length === 0 ? first : [first, ...rest],
    prefix: '/static/',
  })
  return app
}
export default create
