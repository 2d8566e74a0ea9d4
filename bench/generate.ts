// Fixture trees too big or too many to ship: made under bench/results/tmp/ for a run,
// removed after it. Plain .js, so neither tsc nor biome of the project sees them.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { STATIC_FILE } from './shapes.ts'

export const TMP = fileURLToPath(new URL('./results/tmp/', import.meta.url))

const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

const pad = (i: number) => String(i).padStart(3, '0')

/** The measured file: a small stylesheet, the same bytes in every tree. */
export const STATIC_CONTENT = Array.from(
  { length: 40 },
  (_, i) =>
    `.rule-${i} { margin: ${i}px; padding: ${i % 7}px; color: #${(i * 4099).toString(16).padStart(6, '0').slice(0, 6)}; }\n`,
).join('')

/**
 * An app of `count` modules, each with a route and a static folder of two files of its
 * own; the measured file only in the root static/, the last folder of the chain.
 */
export function staticApp(count: number): string {
  const root = join(TMP, `static-${count}`)
  rmSync(root, { recursive: true, force: true })
  for (let i = 0; i < count; i++) {
    const name = `s${pad(i)}`
    write(
      join(root, 'modules', name, 'index.js'),
      `import { Router, url } from 'fastify-microservices'
export const blueprint = Router.createBlueprint('${name}', import.meta.url)
blueprint.registerUrls([url('/${name}/', () => '${name}', 'index')])
`,
    )
    write(join(root, 'modules', name, 'static', `${name}.css`), `.${name} { color: red; }\n`)
    write(join(root, 'modules', name, 'static', `js/${name}.js`), `console.log('${name}')\n`)
  }
  write(join(root, 'static', STATIC_FILE), STATIC_CONTENT)
  return root
}

/** Five folders for @fastify/static, the measured file only in the fifth; the folders. */
export function staticRoots(count = 5): string[] {
  const base = join(TMP, `static-roots-${count}`)
  rmSync(base, { recursive: true, force: true })
  const roots = Array.from({ length: count }, (_, i) => join(base, `d${i + 1}`))
  roots.forEach((dir, i) => {
    write(join(dir, `d${i + 1}.css`), `.d${i + 1} { color: red; }\n`)
  })
  write(join(roots.at(-1) as string, STATIC_FILE), STATIC_CONTENT)
  return roots
}

const INT = '(^\\d+$)'
const UUID = '(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)'

/**
 * Ten rules of varied shapes; the same paths as a Fastify user writes them (`path`), and
 * with the regex constraints the converters become in find-my-way (`constrained`, as
 * the module layer registers them: copied from its route table, for information only).
 */
export function startupRules(name: string) {
  const n = `/${name}`
  return [
    { rule: `${n}/`, path: `${n}/`, constrained: `${n}/`, endpoint: 'index' },
    { rule: `${n}/about`, path: `${n}/about`, constrained: `${n}/about`, endpoint: 'about' },
    {
      rule: `${n}/item/<int:id>`,
      path: `${n}/item/:id`,
      constrained: `${n}/item/:id${INT}`,
      endpoint: 'item',
    },
    {
      rule: `${n}/item/<int:id>/edit`,
      path: `${n}/item/:id/edit`,
      constrained: `${n}/item/:id${INT}/edit`,
      endpoint: 'edit',
      methods: ['GET', 'POST'],
    },
    {
      rule: `${n}/post/<slug>`,
      path: `${n}/post/:slug`,
      constrained: `${n}/post/:slug`,
      endpoint: 'post',
    },
    {
      rule: `${n}/user/<uuid:uid>`,
      path: `${n}/user/:uid`,
      constrained: `${n}/user/:uid${UUID}`,
      endpoint: 'user',
    },
    {
      rule: `${n}/files/<path:rest>`,
      path: `${n}/files/*`,
      constrained: `${n}/files/*`,
      endpoint: 'files',
    },
    {
      rule: `${n}/price/<float:x>`,
      path: `${n}/price/:x`,
      constrained: `${n}/price/:x(^\\d+\\.\\d+$)`,
      endpoint: 'price',
    },
    {
      rule: `${n}/sort/<any(new, top):order>`,
      path: `${n}/sort/:order`,
      constrained: `${n}/sort/:order(^(?:new|top)$)`,
      endpoint: 'sort',
    },
    {
      rule: `${n}/board/<int:id>/<slug>`,
      path: `${n}/board/:id/:slug`,
      constrained: `${n}/board/:id${INT}/:slug`,
      endpoint: 'board',
    },
  ]
}

export const moduleName = (i: number) => `m${pad(i)}`

/**
 * The start-up tree: `modules/mNNN/index.js` (a module of ten rules) and, for bare
 * Fastify, `plugins/mNNN.js` (a plugin registering the same ten paths) and
 * `constrained/mNNN.js` (the same with the converters' regexes), one file each.
 */
export function startupApp(count: number): string {
  const root = join(TMP, `startup-${count}`)
  rmSync(root, { recursive: true, force: true })
  for (let i = 0; i < count; i++) {
    const name = moduleName(i)
    const rules = startupRules(name)
    const view = `const view = (request) => \`${name} \${JSON.stringify(request.params)}\``
    const urls = rules.map(({ rule, endpoint, methods }) =>
      methods
        ? `  url('${rule}', view, '${endpoint}', ${JSON.stringify(methods)}),`
        : `  url('${rule}', view, '${endpoint}'),`,
    )
    write(
      join(root, 'modules', name, 'index.js'),
      `import { Router, url } from 'fastify-microservices'
export const blueprint = Router.createBlueprint('${name}', import.meta.url)
${view}
blueprint.registerUrls([
${urls.join('\n')}
])
`,
    )
    for (const [folder, key] of [
      ['plugins', 'path'],
      ['constrained', 'constrained'],
    ] as const) {
      const routes = rules.map((route) =>
        route.methods
          ? `  app.route({ method: ${JSON.stringify(route.methods)}, url: ${JSON.stringify(route[key])}, handler: view })`
          : `  app.get(${JSON.stringify(route[key])}, view)`,
      )
      write(
        join(root, folder, `${name}.js`),
        `${view}\nexport default async function ${name}(app) {\n${routes.join('\n')}\n}\n`,
      )
    }
  }
  return root
}

export function cleanTmp(): void {
  rmSync(TMP, { recursive: true, force: true })
}
