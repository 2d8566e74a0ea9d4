// A module installed from npm, as Django's reusable apps are from pip: the blog module of
// packages/blog built to JavaScript and packed with `npm pack`, installed from its tarball
// beside the library's own into a fresh app, enabled by its package name, one of its
// templates and its stylesheet overridden by the app, checked and served.
import assert from 'node:assert/strict'
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildOnce, NODE, REPO, removeTemp } from '../cli/helpers.ts'
import { pack, run, startServer } from './helpers.ts'

const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc')
const PACKAGE = '@fastify-microservices/blog'
const PACKAGE_DIR = join(REPO, 'packages', 'blog')

const APP_FILES: Record<string, string> = {
  'package.json': '{ "name": "my-site", "private": true, "type": "module" }\n',
  'microservices.json': `${JSON.stringify({
    modules: ['home', PACKAGE],
    settings: { blog: { title: 'News' } },
  })}\n`,
  'app.ts': `import { MicroServicesApp } from 'fastify-microservices'

export async function buildApp() {
  const app = MicroServicesApp({ root: import.meta.dirname })
  await app.registerUrls()
  return app
}
`,
  'server.ts': `import { buildApp } from './app.ts'

const app = await buildApp()
const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' })
console.log(\`listening at \${address}\`)
`,
  'modules/home/index.ts': `import { Router, url } from 'fastify-microservices'

export const blueprint = Router.createBlueprint('home', import.meta.url)
blueprint.registerUrls([url('/', () => 'home', 'index')])
`,
  // The app's own page of a post: it extends the package's layout, which the chain finds
  // in the package's folder after the root's.
  'templates/blog/post.html': `{% extends "blog/layout.html" %}
{% block content %}<article class="app-post"><h1>{{ post.title }}</h1><p>Overridden by the app.</p></article>{% endblock %}
`,
  'static/blog/blog.css': "/* the app's blog style */\n",
  'links.ts': `import type { MicroServicesInstance } from 'fastify-microservices'

// The package's endpoints are typed as a folder module's are (routes.d.ts).
export const link = (app: MicroServicesInstance) => app.urlFor('blog.post', { slug: 'hello' })
// @ts-expect-error blog.post needs its slug
export const wrong = (app: MicroServicesInstance) => app.urlFor('blog.post', {})
`,
  'tsconfig.json': `${JSON.stringify({
    compilerOptions: {
      target: 'es2024',
      module: 'nodenext',
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      erasableSyntaxOnly: true,
      verbatimModuleSyntax: true,
      types: ['node'],
    },
  })}\n`,
}

describe('a module installed from npm into a new app', { timeout: 240_000 }, () => {
  let work: string
  let app: string
  let packed: string[]

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'fms-module-package-'))
    app = join(work, 'my-site')
    mkdirSync(app)
    await buildOnce()
    const library = await pack(REPO, work)
    // The package's own build (its prepack): src/ to index.js beside templates/ and static/.
    const build = await run(NODE, [TSC, '-p', join(PACKAGE_DIR, 'tsconfig.json')], REPO)
    assert.equal(build.code, 0, build.stdout + build.stderr)
    const blog = await pack(PACKAGE_DIR, work)
    packed = blog.files
    for (const [file, text] of Object.entries(APP_FILES)) {
      mkdirSync(dirname(join(app, file)), { recursive: true })
      writeFileSync(join(app, file), text)
    }
    const install = await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        library.tarball,
        blog.tarball,
        'fastify',
        '@types/node@24',
      ],
      app,
      150_000,
    )
    assert.equal(install.code, 0, install.stderr)
  })
  after(() => removeTemp(work))

  it('packs the built module with its templates and static files, and no sources', () => {
    for (const file of [
      'package.json',
      'index.js',
      'index.d.ts',
      'urls.js',
      'views.js',
      'templates/blog/layout.html',
      'templates/blog/index.html',
      'templates/blog/post.html',
      'static/blog/blog.css',
    ]) {
      assert.ok(packed.includes(file), `${file} is in the tarball: ${packed.join(', ')}`)
    }
    assert.deepEqual(
      packed.filter(
        (file) => file.startsWith('src/') || (file.endsWith('.ts') && !file.endsWith('.d.ts')),
      ),
      [],
    )
    const installed = join(app, 'node_modules', ...PACKAGE.split('/'))
    assert.equal(lstatSync(installed).isSymbolicLink(), false)
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
    assert.deepEqual(manifest['fastify-microservices'], { module: 'blog' })
  })

  it('check finds nothing wrong and routes lists its rules, with the installed binary', async () => {
    const check = await run('npx', ['--no-install', 'fastify-microservices', 'check'], app)
    assert.equal(check.code, 0, check.stdout + check.stderr)
    const routes = await run(
      'npx',
      ['--no-install', 'fastify-microservices', 'routes', '--json'],
      app,
    )
    assert.equal(routes.code, 0, routes.stderr)
    const rows = JSON.parse(routes.stdout) as { endpoint: string; rule: string }[]
    assert.deepEqual(
      rows.filter((row) => row.endpoint.startsWith('blog.')).map((row) => [row.endpoint, row.rule]),
      [
        ['blog.index', '/blog/'],
        ['blog.post', '/blog/<slug>/'],
      ],
    )
  })

  it('types its endpoints into routes.d.ts, and the app type-checks against them', async () => {
    const types = await run('npx', ['--no-install', 'fastify-microservices', 'types'], app)
    assert.equal(types.code, 0, types.stderr)
    assert.match(readFileSync(join(app, 'routes.d.ts'), 'utf8'), /'blog\.post'/)
    const tsc = await run(NODE, [TSC, '-p', '.'], app)
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr)
  })

  it("serves its pages, the app's override of its template and the app's stylesheet first", async (t) => {
    const { child, base } = await startServer(app)
    t.after(() => child.kill())
    const page = async (path: string) => {
      const response = await fetch(`${base}${path}`)
      return { status: response.status, body: await response.text() }
    }
    // The package's own template, its setting overridden by microservices.json.
    const index = await page('/blog/')
    assert.equal(index.status, 200, index.body)
    assert.match(index.body, /<h1>News<\/h1>/)
    assert.match(index.body, /<a href="\/blog\/hello\/">Hello from npm<\/a>/)
    assert.match(index.body, /href="\/static\/blog\/blog\.css"/)
    // The app's templates/blog/post.html, inside the package's layout.
    const post = await page('/blog/hello/')
    assert.equal(post.status, 200, post.body)
    assert.match(
      post.body,
      /<article class="app-post"><h1>Hello from npm<\/h1><p>Overridden by the app\.<\/p>/,
    )
    assert.match(post.body, /<header><a href="\/blog\/">News<\/a><\/header>/)
    // The shared chain: the app's root static/ before the package's; the package's own prefix: its folder.
    assert.equal((await page('/static/blog/blog.css')).body, "/* the app's blog style */\n")
    assert.match((await page('/static_blog/blog/blog.css')).body, /the package's own style/)
    assert.equal((await page('/blog/nope/')).status, 404)
  })
})
