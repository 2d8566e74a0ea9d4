import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp } from '../../src/index.ts'
import { buildOnce, cli } from '../cli/helpers.ts'
import { fixture } from '../helpers.ts'

/**
 * An error in a layout, an include or a macro names that file and line: in the development
 * error page (through inject) and, for what compiling finds, in `check` (the real binary).
 * The app is test/fixtures/cli-templates.
 */
describe('a render error names the layout, include or macro file it happened in (dev page)', () => {
  let app: ReturnType<typeof MicroServicesApp>
  before(async () => {
    app = MicroServicesApp({
      root: fixture('cli-templates'),
      modulesEnv: false,
      routeTypes: false,
      dev: true,
    })
    await app.registerUrls(['blog'])
    await app.ready()
  })
  after(() => app.close())

  const cases: [url: string, where: RegExp, reached: string | undefined][] = [
    ['/blog/', /template &#39;good-layout\.html&#39; at line 3\b/, 'blog/index.html'],
    ['/blog/parts', /template &#39;blog\/_part\.html&#39; at line 2\b/, undefined],
    ['/blog/tools', /template &#39;blog\/_tools\.html&#39; at line 3\b/, 'blog/tools.html'],
    // Syntax errors: the layout's own line, not the child's.
    [
      '/blog/broken',
      /Syntax error in template &#39;layout\.html&#39; at line 4, column 7/,
      undefined,
    ],
    [
      '/blog/include',
      /Template &#39;blog\/_flash\.html&#39; uses \{% autoescape %\} at line 2, column 4/,
      undefined,
    ],
  ]
  for (const [url, where, reached] of cases) {
    it(`GET ${url}`, async () => {
      const page = await app.inject({ url, headers: { accept: 'text/html' } })
      assert.equal(page.statusCode, 500)
      assert.match(page.body, where)
      if (reached) assert.ok(page.body.includes(`(reached from &#39;${reached}&#39;)`), page.body)
    })
  }
})

describe('check: templates that do not compile, with file and line', () => {
  before(buildOnce)

  it("reports a layout's syntax error and Jinja constructs nunjucks lacks, at their own files (exit 1)", async () => {
    const run = await cli(['check'], fixture('cli-templates'))
    assert.equal(run.code, 1, run.stdout + run.stderr)
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('error '))
    assert.deepEqual(
      errors.map((line) =>
        /^error \[(\w+)\] (?:Syntax error in template|Template) '([^']+)'.*? at line (\d+)/
          .exec(line)
          ?.slice(1),
      ),
      [
        ['FMS_ERR_TEMPLATE_SYNTAX', 'templates/layout.html', '4'],
        ['FMS_ERR_TEMPLATE_UNSUPPORTED_JINJA', 'modules/blog/templates/blog/_flash.html', '2'],
        ['FMS_ERR_TEMPLATE_UNSUPPORTED_JINJA', 'modules/blog/templates/blog/_macros.html', '3'],
      ],
    )
    assert.match(run.stdout, /uses \{% autoescape %\} at line 2, column 4/)
    assert.match(run.stdout, /uses loop\.previtem at line 3, column 17/)
    assert.match(run.stdout, /^3 errors, 0 warnings \(1 module, 6 routes checked\)\.$/m)
  })
})
