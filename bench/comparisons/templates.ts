import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import {
  bareFastify,
  bareFastifyLibraryLoaded,
  moduleApp,
  runHttpComparison,
  SITE,
} from './http.ts'

const VIEW = 'bare Fastify + @fastify/view'
const LOADED = `${VIEW}, library loaded`
const EXPRESS = 'Express 5 + nunjucks'

/** 3. A template page through reply.render against @fastify/view with the same files. */
export const templates = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 3,
      title: 'Template page (extends + include + url_for) vs Fastify + @fastify/view (nunjucks)',
      targets: [
        { label: 'module', server: moduleApp, path: '/page' },
        { label: VIEW, server: bareFastify, path: '/page' },
        { label: LOADED, server: bareFastifyLibraryLoaded, path: '/page' },
        { label: EXPRESS, server: { kind: 'express', options: { root: SITE } }, path: '/page' },
      ],
      base: VIEW,
      ratios: [
        {
          name: 'module / Fastify + @fastify/view',
          a: 'module',
          b: VIEW,
          target: { op: '>=', value: 1 },
        },
        { name: `module / ${EXPRESS}`, a: 'module', b: EXPRESS },
        { name: `module / ${LOADED}`, a: 'module', b: LOADED },
      ],
      notes: [
        "The same files (bench/fixtures/site): page.html in the module's templates/ extends layout.html and includes nav.html from the root templates/; 14 url_for calls and a loop of 10 items per page.",
        '@fastify/view: production: true, nunjucks searching [module templates, root templates], a url_for global building the same strings by hand; the module app with NODE_ENV=production (templates compiled once).',
        `"${EXPRESS}": Express 5 rendering the same files with nunjucks (express: app) and the same hand-written url_for.`,
        `"${LOADED}": the same server in a process that has imported fastify-microservices without using it (see comparison 1).`,
      ],
    },
    context,
  )
