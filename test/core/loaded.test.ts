// What a production process loads: an app that answers JSON only never loads the template
// engine, the static files' MIME table, the CLI (commander, pino-pretty, chokidar), the
// deploy code (kubernetes-models, gateway-api, yaml) or their files; each arrives at its
// first use. Checked in a child process importing the built package (dist/), counting every
// file it loads through a module.registerHooks hook.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { buildOnce, fixture, NODE, REPO } from '../cli/helpers.ts'

/** Packages and files of the library that no JSON request needs. */
const NEVER_FOR_JSON = [
  'nunjucks',
  'commander',
  'pino-pretty',
  'chokidar',
  'kubernetes-models',
  '@kubernetes-models/gateway-api',
  'yaml',
  'mime',
  'dist/cli/',
  'dist/services/kubernetes.js',
  'dist/services/compose.js',
  'dist/services/nginx.js',
  'dist/services/plan.js',
  'dist/templates/loader.js',
]

/** The package a loaded file belongs to (`node_modules/<name>`), or its path in the repository. */
function owner(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (inModules?.[1] !== undefined) return inModules[1]
  return url.startsWith('file://') ? url.slice(`file://${REPO}`.length) : url
}

const isOf = (file: string, item: string): boolean =>
  item.endsWith('/') || item.endsWith('.js') ? file.startsWith(item) : file === item

function run(root: string, module: string, path: string): { status: number; owners: string[] } {
  const child = spawnSync(NODE, [join(fixture('json-only'), 'loaded.ts'), root, module, path], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  assert.equal(child.status, 0, child.stderr)
  const { status, loaded } = JSON.parse(child.stdout) as { status: number; loaded: string[] }
  return { status, owners: [...new Set(loaded.map(owner))] }
}

/** app root, module, request, status, what must be loaded (the hook sees lazy imports), what must not. */
const cases: [
  root: string,
  module: string,
  path: string,
  status: number,
  loaded: string[],
  notLoaded: string[],
][] = [
  ['json-only', 'api', '/api/status', 200, ['fastify', 'dist/index.js'], NEVER_FOR_JSON],
  // A render imports nunjucks at that point, and nothing of the CLI or the deploy code.
  [
    'plugin-app',
    'shop',
    '/shop/',
    200,
    ['nunjucks', 'dist/templates/loader.js'],
    NEVER_FOR_JSON.filter((item) => item !== 'nunjucks' && item !== 'dist/templates/loader.js'),
  ],
]

describe('what a production process loads', () => {
  before(buildOnce, { timeout: 180_000 })
  for (const [root, module, path, status, loaded, notLoaded] of cases) {
    it(`${root}: GET ${path} loads ${loaded.join(', ')} and none of ${notLoaded.length} others`, () => {
      const result = run(fixture(root), module, path)
      assert.equal(result.status, status)
      for (const item of loaded)
        assert.ok(
          result.owners.some((file) => isOf(file, item)),
          `${item} should be loaded: ${result.owners.join(' ')}`,
        )
      assert.deepEqual(
        result.owners.filter((file) => notLoaded.some((item) => isOf(file, item))),
        [],
      )
    })
  }
})
