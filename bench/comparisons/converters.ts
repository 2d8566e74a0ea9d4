import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { bareFastify, bareFastifyLibraryLoaded, moduleApp, runHttpComparison } from './http.ts'

const LOADED = 'bare Fastify, library loaded'

/** 2. `/board/<int:id>/<slug>` against `/board/:id/:slug` and a parseInt written by hand. */
export const converters = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 2,
      title: 'Route with converters: /board/<int:id>/<slug> vs Fastify :id/:slug + parseInt',
      targets: [
        { label: 'module', server: moduleApp, path: '/board/7/hello' },
        { label: 'bare Fastify', server: bareFastify, path: '/board/7/hello' },
        { label: LOADED, server: bareFastifyLibraryLoaded, path: '/board/7/hello' },
        { label: 'Express 5', server: { kind: 'express' }, path: '/board/7/hello' },
        { label: 'Hono', server: { kind: 'hono' }, path: '/board/7/hello' },
      ],
      base: 'bare Fastify',
      ratios: [
        {
          name: 'module / bare Fastify',
          a: 'module',
          b: 'bare Fastify',
          target: { op: '>=', value: 0.95 },
        },
        { name: `module / ${LOADED}`, a: 'module', b: LOADED },
        { name: 'module / Express 5', a: 'module', b: 'Express 5' },
        { name: 'module / Hono', a: 'module', b: 'Hono' },
      ],
      notes: [
        "The module route is a plain `/board/:id/:slug` in find-my-way (no other rule shares its shape), and the view's wrapper checks the int converter's regex and converts id to a number; the bare route parses it with Number.parseInt and answers 404 on NaN.",
        `"${LOADED}": the same server in a process that has imported fastify-microservices without using it (see comparison 1).`,
      ],
    },
    context,
  )
