/** What `new-module` needs to know to write a module's files. */
export interface ScaffoldOptions {
  readonly name: string
  /** The path from the module's folder to the app's root, '/'-separated ('../..'). */
  readonly toRoot: string
  /** The modules folder relative to the root, when it is not 'modules'; the test passes it on. */
  readonly modulesDir?: string
  /**
   * The app's own build function, when its entry exports one (`export async function
   * buildApp()` in app.ts): the test builds the app with it, converters, plugins and
   * context processors included, instead of a bare app with this module alone.
   */
  readonly build?: AppBuilder
}

/** A function exported by the app's own file that builds the app: the test imports it. */
export interface AppBuilder {
  /** The file, relative to the root, '/'-separated ('app.ts'). */
  readonly file: string
  /** The exported function's name ('buildApp'). */
  readonly name: string
}

/** A module's files, by path inside the module's folder ('' content means an empty folder). */
export type ModuleFiles = ReadonlyMap<string, string>

/**
 * The files of a new module, in the project's own style: index.ts with the blueprint,
 * urls.ts, views.ts, a namespaced template and static folder, and a test that builds
 * the app and asks for the module's page.
 */
export function moduleFiles({ name, toRoot, modulesDir, build }: ScaffoldOptions): ModuleFiles {
  const q = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
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
    [`${name}.test.ts`, moduleTest(name, toRoot, modulesDir, build, q)],
  ])
}

/**
 * The module's test: it builds the app as the app does (its build function, when it has
 * one), asks for the module's page, and shows the body when the status is not 200.
 */
function moduleTest(
  name: string,
  toRoot: string,
  modulesDir: string | undefined,
  build: AppBuilder | undefined,
  q: (text: string) => string,
): string {
  const title = q(`${name}: the index page answers`)
  const check = `  const response = await app.inject(${q(`/${name}/`)})
  assert.equal(response.statusCode, 200, response.body)
  assert.ok(response.body.includes(${q(`<h1>${name}</h1>`)}), response.body)
})
`
  if (build !== undefined) {
    return `import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ${build.name} } from ${q(`${toRoot}/${build.file}`)}

// The app as it runs: built by its own ${build.name}(), with its plugins and converters.
test(${title}, async (t) => {
  const app = await ${build.name}()
  t.after(() => app.close())
${check}`
  }
  const folderArg = modulesDir === undefined ? '' : `, modulesDir: ${q(modulesDir)}`
  return `import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { testModule } from 'fastify-microservices/testing'

const root = join(import.meta.dirname, ${q(toRoot)})

// The app exports no build function (export async function buildApp() in app.ts), so this
// test boots this module with exactly the modules it requires; give the app one to test it as it runs.
test(${title}, async (t) => {
  const app = await testModule(${q(name)}, { root${folderArg} })
  t.after(() => app.close())
${check}`
}
