import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { bareFastify, moduleApp, runHttpComparison } from './http.ts'

/** 2. `/board/<int:id>/<slug>` against `/board/:id/:slug` and a parseInt written by hand. */
export const converters = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 2,
      title: 'Route with converters: /board/<int:id>/<slug> vs Fastify :id/:slug + parseInt',
      targets: [
        { label: 'module', server: moduleApp, path: '/board/7/hello' },
        { label: 'bare Fastify', server: bareFastify, path: '/board/7/hello' },
      ],
      base: 'bare Fastify',
      ratios: [
        {
          name: 'module / bare Fastify',
          a: 'module',
          b: 'bare Fastify',
          target: { op: '>=', value: 0.95 },
        },
      ],
      notes: [
        "The module route is `/board/:id(^\\d+$)/:slug` in find-my-way (the int converter's regex) and converts id to a number; the bare route parses it with Number.parseInt and answers 404 on NaN.",
      ],
    },
    context,
  )
