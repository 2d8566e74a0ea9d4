import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { bareFastify, moduleApp, runHttpComparison } from './http.ts'

/** 3. A template page through reply.render against @fastify/view with the same files. */
export const templates = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 3,
      title: 'Template page (extends + include + url_for) vs Fastify + @fastify/view (nunjucks)',
      targets: [
        { label: 'module', server: moduleApp, path: '/page' },
        { label: 'bare Fastify + @fastify/view', server: bareFastify, path: '/page' },
      ],
      base: 'bare Fastify + @fastify/view',
      ratios: [
        {
          name: 'module / Fastify + @fastify/view',
          a: 'module',
          b: 'bare Fastify + @fastify/view',
          target: { op: '>=', value: 0.95 },
        },
      ],
      notes: [
        "The same files (bench/fixtures/site): page.html in the module's templates/ extends layout.html and includes nav.html from the root templates/; 13 url_for calls and a loop of 10 items per page.",
        '@fastify/view: production: true, nunjucks searching [module templates, root templates], a url_for global building the same strings by hand; the module app with NODE_ENV=production (templates compiled once).',
      ],
    },
    context,
  )
