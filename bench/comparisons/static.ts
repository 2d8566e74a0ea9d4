import { join } from 'node:path'
import { STATIC_CONTENT, staticApp, staticRoots } from '../generate.ts'
import type { Refusal } from '../load.ts'
import { nginxMissing, nginxStatic } from '../nginx.ts'
import type { Section } from '../report.ts'
import { STATIC_FILE } from '../shapes.ts'
import type { Context } from './context.ts'
import { runHttpComparison, sameAnswers } from './http.ts'

const CHAIN_1 = 'chain, 1 module'
const CHAIN_100 = 'chain, 100 modules'
const ONE_ROOT = '@fastify/static, 1 root'
const FIVE_ROOTS = '@fastify/static, 5 roots'

/** Until the app serves its chain, say so instead of measuring 404s. */
const refuse: Refusal = (answers) => {
  for (const label of [CHAIN_1, CHAIN_100]) {
    const status = answers.get(label)?.status
    if (status === 404)
      return `the static chain is not wired into the app yet: GET /static/${STATIC_FILE} on the module app (${label}) answered 404. This comparison runs as soon as MicroServicesApp serves /static/<path>.`
  }
  return sameAnswers(answers)
}

const NGINX = 'nginx (1 worker)'
/** What no Node server can go below: node:http sending the same bytes and headers from a Buffer. */
const FLOOR = 'node:http floor'
const EXPRESS = 'express.static, 1 root'
const HONO = 'Hono serveStatic, 1 root'

/**
 * 4. The static chain (worst case: the file in the last folder) against @fastify/static,
 * nginx, express.static and Hono's serveStatic.
 */
export async function statics(context: Context): Promise<Section> {
  const one = staticApp(1)
  const hundred = staticApp(100)
  const path = `/static/${STATIC_FILE}`
  const oneRoot = [join(one, 'static')]
  const missing = nginxMissing()
  const nginx = missing === undefined ? await nginxStatic('static', join(one, 'static')) : undefined
  return runHttpComparison(
    {
      id: 4,
      title: 'Static file through the chain of 1 and of 100 modules vs @fastify/static',
      targets: [
        // Measured in this order, reversed every other round: nginx and the floor right after
        // the chain, so that the tight ratio's sides run seconds apart, not a whole round
        // apart, and the machine's slow phases (minutes long) rarely fall between them.
        { label: CHAIN_1, server: { kind: 'module-app', options: { root: one } }, path },
        ...(nginx === undefined ? [] : [{ label: NGINX, server: nginx, path }]),
        { label: FLOOR, server: { kind: 'node-http', options: { roots: oneRoot } }, path },
        { label: CHAIN_100, server: { kind: 'module-app', options: { root: hundred } }, path },
        {
          label: ONE_ROOT,
          server: { kind: 'fastify-static', options: { roots: [join(one, 'static')] } },
          path,
        },
        {
          label: FIVE_ROOTS,
          server: { kind: 'fastify-static', options: { roots: staticRoots(5) } },
          path,
        },
        { label: EXPRESS, server: { kind: 'express', options: { roots: oneRoot } }, path },
        { label: HONO, server: { kind: 'hono', options: { roots: oneRoot } }, path },
      ],
      base: ONE_ROOT,
      ratios: [
        {
          name: `${CHAIN_1} / ${ONE_ROOT}`,
          a: CHAIN_1,
          b: ONE_ROOT,
          target: { op: '>=', value: 0.9 },
        },
        {
          name: `${CHAIN_100} / ${ONE_ROOT}`,
          a: CHAIN_100,
          b: ONE_ROOT,
          target: { op: '>=', value: 0.9 },
        },
        {
          name: `${CHAIN_1} / ${FIVE_ROOTS}`,
          a: CHAIN_1,
          b: FIVE_ROOTS,
          target: { op: '>=', value: 3 },
        },
        {
          name: `${CHAIN_100} / ${FIVE_ROOTS}`,
          a: CHAIN_100,
          b: FIVE_ROOTS,
          target: { op: '>=', value: 3 },
        },
        ...(nginx === undefined
          ? []
          : [
              {
                name: `${CHAIN_1} / ${NGINX}`,
                a: CHAIN_1,
                b: NGINX,
                target: { op: '>=', value: 0.75 } as const,
              },
            ]),
        { name: `${CHAIN_1} / ${FLOOR}`, a: CHAIN_1, b: FLOOR },
        ...(nginx === undefined ? [] : [{ name: `${FLOOR} / ${NGINX}`, a: FLOOR, b: NGINX }]),
        { name: `${CHAIN_1} / ${EXPRESS}`, a: CHAIN_1, b: EXPRESS },
        { name: `${CHAIN_1} / ${HONO}`, a: CHAIN_1, b: HONO },
      ],
      refuse,
      notes: [
        `The file (${STATIC_FILE}, ${(STATIC_CONTENT.length / 1000).toFixed(1)} kB) is in the root static/ only, the last folder of the chain; each module has two files of its own in its static/. @fastify/static with 5 roots has it in the fifth only.`,
        'Each side with its defaults (ETag, Last-Modified, Cache-Control: public, max-age=0); no compression asked (autocannon sends no Accept-Encoding).',
        missing === undefined
          ? "nginx: Debian's package, one worker process (master_process off), sendfile on, keep-alive, no access log, the same root static/ folder aliased at /static/; its CPU is read from /proc like the Node servers'."
          : `nginx row left out: ${missing}.`,
        `${FLOOR}: node:http alone answering the same bytes with the chain's headers from one Buffer read at start (no routing, no lookup, no check), the least a Node server spends on this file. "${CHAIN_1} / ${FLOOR}" is what Fastify and the chain add to it; "${FLOOR} / ${NGINX}" is how near any Node server comes to nginx on this machine.`,
      ],
    },
    context,
  )
}
