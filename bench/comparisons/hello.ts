import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { bareFastify, bareFastifyLibraryLoaded, moduleApp, runHttpComparison } from './http.ts'

const LOADED = 'bare Fastify, library loaded'

/** 1. The hello route in a module against bare Fastify, with node:http and Express for scale. */
export const hello = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 1,
      title: 'Hello route: a module vs bare Fastify (node:http, Express 5, Hono for scale)',
      targets: [
        { label: 'module', server: moduleApp, path: '/hello' },
        { label: 'bare Fastify', server: bareFastify, path: '/hello' },
        { label: LOADED, server: bareFastifyLibraryLoaded, path: '/hello' },
        { label: 'Express 5', server: { kind: 'express' }, path: '/hello' },
        { label: 'Hono', server: { kind: 'hono' }, path: '/hello' },
        { label: 'node:http', server: { kind: 'node-http' }, path: '/hello' },
      ],
      base: 'bare Fastify',
      ratios: [
        {
          name: 'module / bare Fastify',
          a: 'module',
          b: 'bare Fastify',
          target: { op: '>=', value: 0.97 },
        },
        { name: `module / ${LOADED}`, a: 'module', b: LOADED },
        { name: 'module / node:http (the ceiling)', a: 'module', b: 'node:http' },
        { name: 'module / Express 5', a: 'module', b: 'Express 5' },
        { name: 'module / Hono (@hono/node-server)', a: 'module', b: 'Hono' },
      ],
      notes: [
        'Every server answers "Hello, World!" as text/html; charset=utf-8; Express 5 with its defaults (ETag, X-Powered-By).',
        `"${LOADED}" is bare Fastify with the same route, in a process that has imported fastify-microservices without using it: the library's code is loaded, none of it is on the request path. Its gap to bare Fastify was process.nextTick falling off V8's fast path at the first major GC (src/next-tick.ts, bench/next-tick-gc.ts); the library now keeps it on that path, so the two should match.`,
      ],
    },
    context,
  )
