/** What `new-module` needs to know to write a module's files. */
export interface ScaffoldOptions {
  readonly name: string
  /** The path from the module's folder to the app's root, '/'-separated ('../..'). */
  readonly toRoot: string
  /** The modules folder relative to the root, when it is not 'modules'; the test passes it on. */
  readonly modulesDir?: string
}

/** A module's files, by path inside the module's folder ('' content means an empty folder). */
export type ModuleFiles = ReadonlyMap<string, string>

/**
 * The files of a new module, in the project's own style: index.ts with the blueprint,
 * urls.ts, views.ts, a namespaced template and static folder, and a test that starts
 * the app with only this module and asks for its page.
 */
export function moduleFiles({ name, toRoot, modulesDir }: ScaffoldOptions): ModuleFiles {
  const q = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  const folderArg = modulesDir === undefined ? '' : `, ${q(modulesDir)}`
  return new Map([
    [
      'index.ts',
      `import { Router } from 'fastify-microservices'
import { urlpatterns } from './urls.ts'

export const MODULE_NAME = ${q(name)}
export const blueprint = Router.createBlueprint(MODULE_NAME, import.meta.url)
blueprint.registerUrls(urlpatterns)
`,
    ],
    [
      'urls.ts',
      `import { url } from 'fastify-microservices'
import * as views from './views.ts'

export const urlpatterns = [url(${q(`/${name}/`)}, views.index, 'index')]
`,
    ],
    [
      'views.ts',
      `import type { FastifyReply, FastifyRequest } from 'fastify'

/** A view returns a string (sent as HTML), an object (sent as JSON), or a rendered template. */
export function index(_request: FastifyRequest, reply: FastifyReply) {
  return reply.render(${q(`${name}/index.html`)}, { title: ${q(name)} })
}
`,
    ],
    [
      `templates/${name}/index.html`,
      `<!doctype html>
<title>{{ title }}</title>
<h1>{{ title }}</h1>
<p>This page is {{ url_for('.index') }}.</p>
`,
    ],
    [`static/${name}/.gitkeep`, ''],
    [
      `${name}.test.ts`,
      `import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { MicroServicesApp } from 'fastify-microservices'

const root = join(import.meta.dirname, ${q(toRoot)})

test(${q(`${name}: the index page answers`)}, async (t) => {
  const app = MicroServicesApp({ root, modulesEnv: false, routeTypes: false })
  t.after(() => app.close())
  await app.registerUrls([${q(name)}]${folderArg})
  const response = await app.inject(${q(`/${name}/`)})
  assert.equal(response.statusCode, 200)
  assert.ok(response.body.includes('<h1>${name}</h1>'), response.body)
})
`,
    ],
  ])
}
