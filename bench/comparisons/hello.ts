import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { bareFastify, moduleApp, runHttpComparison } from './http.ts'

/** 1. The hello route in a module against bare Fastify, with node:http and Express for scale. */
export const hello = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 1,
      title: 'Hello route: a module vs bare Fastify (node:http, Express 5 for scale)',
      targets: [
        { label: 'module', server: moduleApp, path: '/hello' },
        { label: 'bare Fastify', server: bareFastify, path: '/hello' },
        { label: 'Express 5', server: { kind: 'express' }, path: '/hello' },
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
        { name: 'module / node:http (the ceiling)', a: 'module', b: 'node:http' },
        { name: 'module / Express 5', a: 'module', b: 'Express 5' },
      ],
      notes: [
        'Every server answers "Hello, World!" as text/html; charset=utf-8; Express 5 with its defaults (ETag, X-Powered-By).',
      ],
    },
    context,
  )
