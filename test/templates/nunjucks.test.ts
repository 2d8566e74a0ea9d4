import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  TemplateNotFound,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsafeTemplateName,
} from '../../src/errors.ts'
import { createNunjucksEngine, type NunjucksEngineOptions } from '../../src/templates/nunjucks.ts'
import { EXAMPLE, fakeUrlFor, filters, foldersOf, isError, scratch } from './fixture.ts'

const globals = {
  url_for: (endpoint: string, values: Record<string, unknown>) => fakeUrlFor(endpoint, values),
}

function exampleEngine(options: Partial<NunjucksEngineOptions> = {}) {
  const compiled: string[] = []
  const engine = createNunjucksEngine({
    ...foldersOf(EXAMPLE),
    filters,
    onCompile: (file) => compiled.push(file),
    ...options,
  })
  const render = async (
    module: string | null,
    name: string,
    context: Record<string, unknown> = {},
  ) => engine.render(name, context, { module, globals })
  return { engine, render, compiled }
}

/** The text of an element, to compare pages without their layout's whitespace. */
const text = (html: string, tag: string): string | undefined =>
  new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(html)?.[1]?.trim()

describe('the original example app', () => {
  const { render } = exampleEngine()

  it("home's own home.html overrides the root one", async () => {
    const html = await render('home', 'home.html')
    assert.match(html, /home's own home/)
    assert.doesNotMatch(html, /root home/)
  })

  it('outside a module, home.html is the root one', async () => {
    assert.match(await render(null, 'home.html'), /root home/)
  })

  it("admin's main.html extends the root admin/base.html", async () => {
    const html = await render('admin', 'main.html')
    assert.equal(text(html, 'title'), 'Admin: home')
    assert.equal(text(html, 'main'), '<section class="admin">admin main</section>')
  })

  it("forum's admin/forum.html extends the root admin/base.html, overriding a nested block", async () => {
    const html = await render('forum', 'admin/forum.html')
    assert.equal(text(html, 'title'), 'Admin: forum')
    assert.equal(text(html, 'main'), '<section class="admin">forum admin</section>')
  })

  it('autoescapes values: board.html with board_id <script>', async () => {
    const html = await render('forum', 'board.html', { board_id: '<script>' })
    assert.equal(text(html, 'h1'), 'Board &lt;script&gt;')
    assert.doesNotMatch(html, /<script>/)
    // a filter from options, inside a macro imported with {% import %}
    assert.match(html, /<span class="badge">&lt;SCRIPT&gt;<\/span>/)
    // keyword arguments reach url_for
    assert.match(html, /href="\/forum\/board\?board_id=%3Cscript%3E"/)
  })

  it('macros imported with {% from %} see url_for', async () => {
    const html = await render('home', 'home.html')
    assert.match(html, /<a href="\/home\/home">Home<\/a>/)
    assert.match(html, /<a href="\/forum\/admin">Forum admin<\/a>/)
  })

  it('renders the root 403.html in any module', async () => {
    for (const module of [null, 'admin', 'forum', 'home'])
      assert.equal(text(await render(module, '403.html'), 'title'), 'Forbidden')
  })
})

describe('module isolation (the original served one module main.html to the other)', () => {
  it('admin, forum, admin again: each gets its own main.html, cache on', async () => {
    const { render } = exampleEngine()
    const seen: [string, string | undefined][] = []
    for (const module of ['admin', 'forum', 'admin', 'forum', 'forum', 'admin'])
      seen.push([module, text(await render(module, 'main.html'), 'main')])
    assert.deepEqual(seen, [
      ['admin', '<section class="admin">admin main</section>'],
      ['forum', 'forum main'],
      ['admin', '<section class="admin">admin main</section>'],
      ['forum', 'forum main'],
      ['forum', 'forum main'],
      ['admin', '<section class="admin">admin main</section>'],
    ])
  })

  it('a root layout includes the rendering module’s nav.html, in any order', async () => {
    const { render } = exampleEngine()
    const order = ['forum', 'home', 'admin', null, 'forum', 'admin', 'home'] as const
    const navs = []
    for (const module of order) navs.push(text(await render(module, '403.html'), 'nav'))
    assert.deepEqual(navs, [
      'forum nav',
      'root nav',
      'admin nav',
      'root nav',
      'forum nav',
      'admin nav',
      'root nav',
    ])
  })

  it('concurrent renders of shared names stay apart', async () => {
    const { render } = exampleEngine()
    const modules = Array.from({ length: 20 }, () => ['admin', 'forum', 'home'] as const).flat()
    const pages = await Promise.all(modules.map((module) => render(module, '403.html')))
    assert.deepEqual(
      pages.map((html) => text(html, 'nav')),
      modules.map((module) => (module === 'home' ? 'root nav' : `${module} nav`)),
    )
  })
})

describe("each render's url_for, in imported macros too", () => {
  function engineWith(options: Partial<NunjucksEngineOptions>) {
    const { dir, remove } = scratch()
    after(remove)
    mkdirSync(join(dir, 'templates'))
    writeFileSync(
      join(dir, 'templates', 'macros.html'),
      '{% macro link(x) %}{{ url_for(x) }}{% endmacro %}',
    )
    writeFileSync(
      join(dir, 'templates', 'page.html'),
      '{% import "macros.html" as m %}{{ who | later }}:{{ m.link(who) }}:{{ url_for(who) }}',
    )
    return createNunjucksEngine({ rootDir: join(dir, 'templates'), ...options })
  }
  /** 30 renders at once, each with its own url_for naming its render. */
  async function renderMany(engine: ReturnType<typeof createNunjucksEngine>) {
    const whos = Array.from({ length: 30 }, (_, i) => `r${i}`)
    const pages = await Promise.all(
      whos.map((who) =>
        engine.render(
          'page.html',
          { who },
          { module: null, globals: { url_for: (x: string) => `${who}/${x}` } },
        ),
      ),
    )
    assert.deepEqual(
      pages,
      whos.map((who) => `${who}:${who}/${who}:${who}/${who}`),
    )
  }

  it('synchronous renders (no configure)', async () => {
    await renderMany(engineWith({ filters: { later: (value: unknown) => value } }))
  })

  it('renders made asynchronous by an async filter added through configure', async () => {
    await renderMany(
      engineWith({
        configure: (env) =>
          env.addFilter(
            'later',
            (value: unknown, done: (error: null, out: unknown) => void) =>
              setTimeout(() => done(null, value), Math.random() * 5),
            true,
          ),
      }),
    )
  })
})

describe('explicit module names', () => {
  const { render } = exampleEngine()

  it("'forum:main.html' renders forum's file from another module, its includes in the renderer's chain", async () => {
    const html = await render('admin', 'forum:main.html')
    assert.equal(text(html, 'main'), 'forum main')
    assert.equal(text(html, 'nav'), 'admin nav')
  })

  it("'forum:board.html' works outside any module", async () => {
    assert.equal(text(await render(null, 'forum:board.html', { board_id: 7 }), 'h1'), 'Board 7')
  })

  it("':home.html' is the root file even in a module that overrides it", async () => {
    assert.match(await render('home', ':home.html'), /root home/)
  })

  it("'forum:403.html' looks in forum's folder only", async () => {
    await assert.rejects(render('forum', 'forum:403.html'), isError(TemplateNotFound))
  })

  it('names an unknown module in the error', async () => {
    await assert.rejects(render('admin', 'blog:main.html'), (error: Error) => {
      assert.ok(error instanceof TemplateNotFound)
      assert.match(error.message, /No module 'blog' is enabled; enabled: 'admin', 'forum', 'home'/)
      return true
    })
  })
})

describe('precedence', () => {
  it('root-first lets the root folder override a module’s template', async () => {
    const { render } = exampleEngine({ precedence: 'root-first' })
    assert.match(await render('home', 'home.html'), /root home/)
    assert.equal(text(await render('forum', '403.html'), 'nav'), 'root nav')
    // names only the module has are still found
    assert.equal(text(await render('forum', 'main.html'), 'main'), 'forum main')
  })
})

describe('TemplateNotFound', () => {
  it('lists every folder searched, in order, and the module asked for', async () => {
    const { render } = exampleEngine()
    await assert.rejects(render('forum', 'nope.html'), (error: Error) => {
      assert.ok(error instanceof TemplateNotFound)
      assert.equal(error.code, 'FMS_ERR_TEMPLATE_NOT_FOUND')
      const forum = join(EXAMPLE, 'modules', 'forum', 'templates')
      const root = join(EXAMPLE, 'templates')
      assert.ok(
        error.message.startsWith(
          `Template 'nope.html' was not found for module 'forum'. Folders searched, in order:\n  1. ${forum} (module 'forum')\n  2. ${root} (root)\n`,
        ),
        error.message,
      )
      return true
    })
  })

  it('in root-first order, and marks missing folders', async () => {
    const { render } = exampleEngine({
      precedence: 'root-first',
      modules: [{ module: 'blog', dir: join(EXAMPLE, 'modules', 'blog', 'templates') }],
    })
    await assert.rejects(render('blog', 'x.html'), (error: Error) => {
      assert.match(
        error.message,
        /1\. .*templates \(root\)\n {2}2\. .*blog.templates \(module 'blog', missing\)/,
      )
      return true
    })
  })

  it('outside a module, only the root folder', async () => {
    const { render } = exampleEngine()
    await assert.rejects(render(null, 'main.html'), (error: Error) => {
      assert.match(
        error.message,
        /not found outside any module\. Folders searched, in order:\n {2}1\. [^\n]*\(root\)\nCreate/,
      )
      return true
    })
  })

  it('for an include, names the template that asked for it', async () => {
    const { dir, remove } = scratch()
    after(remove)
    mkdirSync(join(dir, 'templates'))
    writeFileSync(join(dir, 'templates', 'page.html'), '{% include "missing.html" %}')
    const engine = createNunjucksEngine({ rootDir: join(dir, 'templates') })
    await assert.rejects(
      async () => engine.render('page.html', {}, { module: null }),
      (error: Error) => {
        assert.ok(error instanceof TemplateNotFound)
        assert.match(
          error.message,
          /Template 'missing.html' was not found.*\n.*\nAsked for by 'page.html'/,
        )
        return true
      },
    )
  })
})

describe('unsafe names', () => {
  const { render } = exampleEngine()
  for (const name of ['../x.html', 'a/../../x.html', '/etc/passwd', '..\\x', '%2e%2e/x', 'x\0']) {
    it(`refuses ${JSON.stringify(name)} to render, include, extend or import`, async () => {
      await assert.rejects(render('forum', name), isError(UnsafeTemplateName))
      const { dir, remove } = scratch()
      after(remove)
      mkdirSync(join(dir, 'templates'))
      // the name comes from the context, as a name built from a request would
      writeFileSync(join(dir, 'templates', 'inc.html'), '{% include target %}')
      writeFileSync(join(dir, 'templates', 'ext.html'), '{% extends target %}')
      writeFileSync(join(dir, 'templates', 'imp.html'), '{% import target as m %}')
      const engine = createNunjucksEngine({ rootDir: join(dir, 'templates') })
      for (const page of ['inc.html', 'ext.html', 'imp.html'])
        await assert.rejects(
          async () => engine.render(page, { target: name }, { module: null }),
          isError(UnsafeTemplateName),
        )
    })
  }

  for (const dev of [false, true]) {
    it(`refuses symbolic links leading out of the folder (${dev ? 'dev' : 'production'})`, async () => {
      const { dir, remove } = scratch()
      after(remove)
      const templates = join(dir, 'app', 'templates')
      mkdirSync(join(templates, 'sub'), { recursive: true })
      mkdirSync(join(dir, 'app', 'templates-evil'))
      writeFileSync(join(dir, 'app', 'templates-evil', 'x.html'), 'secret')
      writeFileSync(join(dir, 'secret.html'), 'secret')
      writeFileSync(join(templates, 'sub', 'in.html'), 'inside')
      symlinkSync(join(dir, 'secret.html'), join(templates, 'file-out.html'))
      symlinkSync(join(dir, 'app', 'templates-evil'), join(templates, 'dir-out'))
      symlinkSync(join(templates, 'sub'), join(templates, 'dir-in'))
      const engine = createNunjucksEngine({ rootDir: templates, dev })
      const render = async (name: string) => engine.render(name, {}, { module: null })
      await assert.rejects(render('file-out.html'), isError(UnsafeTemplateName))
      await assert.rejects(render('dir-out/x.html'), isError(UnsafeTemplateName))
      assert.equal(await render('dir-in/in.html'), 'inside')
    })
  }
})

describe('compiling once per module (each module chain has its own nunjucks Environment)', () => {
  it('a root template rendered for 50 modules without templates folders is compiled once', async () => {
    const modules = Array.from({ length: 50 }, (_, i) => `m${i}`)
    const { engine, compiled } = exampleEngine({
      modules: modules.map((module) => ({
        module,
        dir: join(EXAMPLE, 'modules', module, 'templates'),
      })),
    })
    for (let round = 0; round < 3; round++)
      for (const module of modules) await engine.render('403.html', {}, { module, globals })
    assert.deepEqual(compiled.map((file) => file.slice(EXAMPLE.length)).sort(), [
      'templates/403.html',
      'templates/layout.html',
      'templates/nav.html',
    ])
  })

  it('modules with a templates folder compile each file they render once, root files included', async () => {
    const { render, compiled } = exampleEngine()
    for (const module of ['admin', 'forum', 'home', 'admin', 'forum', 'home'])
      await render(module, '403.html')
    // Per module: 403 and layout from the root, and its nav (home has none: the root one).
    assert.deepEqual(compiled.map((file) => file.slice(EXAMPLE.length)).sort(), [
      'modules/admin/templates/nav.html',
      'modules/forum/templates/nav.html',
      'templates/403.html',
      'templates/403.html',
      'templates/403.html',
      'templates/layout.html',
      'templates/layout.html',
      'templates/layout.html',
      'templates/nav.html',
    ])
  })
})

describe('development and production', () => {
  function tree() {
    const { dir, remove } = scratch()
    after(remove)
    const root = join(dir, 'templates')
    const forum = join(dir, 'forum')
    mkdirSync(root)
    mkdirSync(forum)
    writeFileSync(join(root, 'page.html'), 'v1 {% include "part.html" %}')
    writeFileSync(join(root, 'part.html'), 'root part')
    return { root, forum, folders: { rootDir: root, modules: [{ module: 'forum', dir: forum }] } }
  }
  /** Writes a file and moves its mtime forward, so a same-millisecond edit is seen too. */
  function edit(file: string, content: string, seconds: number) {
    writeFileSync(file, content)
    const time = new Date(Date.now() + seconds * 1000)
    utimesSync(file, time, time)
  }

  it('dev: edits and new overriding files show on the next render', async () => {
    const { root, forum, folders } = tree()
    const engine = createNunjucksEngine({ ...folders, dev: true })
    const render = async () => engine.render('page.html', {}, { module: 'forum' })
    assert.equal(await render(), 'v1 root part')
    edit(join(root, 'page.html'), 'v2 {% include "part.html" %}', 10)
    assert.equal(await render(), 'v2 root part')
    writeFileSync(join(forum, 'part.html'), 'forum part')
    assert.equal(await render(), 'v2 forum part')
  })

  it('production: compiled once, the disk is not read again', async () => {
    const { root, forum, folders } = tree()
    let compilations = 0
    const engine = createNunjucksEngine({ ...folders, onCompile: () => compilations++ })
    const render = async () => engine.render('page.html', {}, { module: 'forum' })
    assert.equal(await render(), 'v1 root part')
    edit(join(root, 'page.html'), 'v2 {% include "part.html" %}', 10)
    writeFileSync(join(forum, 'part.html'), 'forum part')
    assert.equal(await render(), 'v1 root part')
    assert.equal(compilations, 2)
    engine.close()
    assert.equal(await render(), 'v2 forum part', 'close() forgets compiled files and file lists')
  })
})

describe('errors inside templates', () => {
  function engineWith(files: Record<string, string>) {
    const { dir, remove } = scratch()
    after(remove)
    mkdirSync(join(dir, 'templates'))
    mkdirSync(join(dir, 'forum'))
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
    return createNunjucksEngine({
      rootDir: join(dir, 'templates'),
      modules: [{ module: 'forum', dir: join(dir, 'forum') }],
    })
  }

  it('a syntax error names the template, line, column and module', async () => {
    const engine = engineWith({ 'forum/bad.html': 'line one\n{% for %}' })
    await assert.rejects(
      async () => engine.render('bad.html', {}, { module: 'forum' }),
      (error: Error) => {
        assert.ok(error instanceof TemplateSyntaxError)
        assert.equal(error.code, 'FMS_ERR_TEMPLATE_SYNTAX')
        assert.match(
          error.message,
          /^Syntax error in template 'bad.html' at line 2, column 8 \(rendered for module 'forum'\): unexpected token: %}\n {2}file: .*bad\.html$/,
        )
        assert.ok(error.cause instanceof Error)
        return true
      },
    )
  })

  it('a syntax error in an included file is reported for that file', async () => {
    const engine = engineWith({
      'templates/page.html': 'ok {% include "bad.html" %}',
      'templates/bad.html': '{{ x }',
    })
    await assert.rejects(
      async () => engine.render('page.html', {}, { module: 'forum' }),
      (error: Error) => {
        assert.ok(error instanceof TemplateSyntaxError)
        assert.match(error.message, /template 'bad.html' at line 1/)
        return true
      },
    )
  })

  it('a failing call names the template, line and module, and keeps the cause', async () => {
    const boom = new Error('no such endpoint')
    const engine = engineWith({ 'forum/page.html': 'one\ntwo {{ fail() }}' })
    const failing = engine.render(
      'page.html',
      {
        fail: () => {
          throw boom
        },
      },
      { module: 'forum' },
    )
    await assert.rejects(
      async () => failing,
      (error: Error) => {
        assert.ok(error instanceof TemplateRenderError)
        assert.equal(error.code, 'FMS_ERR_TEMPLATE_RENDER')
        assert.match(
          error.message,
          /^Error while rendering template 'page.html' at line 2, column \d+ \(rendered for module 'forum'\): Error: no such endpoint/,
        )
        assert.equal(error.cause, boom)
        return true
      },
    )
  })
})

describe('nunjucks features', () => {
  function engineWith(files: Record<string, string>) {
    const { dir, remove } = scratch()
    after(remove)
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true })
      writeFileSync(join(dir, name), content)
    }
    return createNunjucksEngine({
      rootDir: join(dir, 'templates'),
      modules: [{ module: 'forum', dir: join(dir, 'forum') }],
      globals: { site: 'Example' },
      filters,
    })
  }

  const cases: [what: string, files: Record<string, string>, expected: string][] = [
    [
      'relative includes resolve next to the including file',
      {
        'templates/a/page.html': '{% include "./part.html" %}|{% include "../top.html" %}',
        'templates/a/part.html': 'part',
        'templates/top.html': 'top',
      },
      'part|top',
    ],
    [
      'include ignore missing renders nothing',
      { 'templates/a/page.html': '[{% include "nope.html" ignore missing %}]' },
      '[]',
    ],
    [
      'super() reaches the parent block',
      {
        'templates/a/page.html':
          '{% extends "base.html" %}{% block b %}child+{{ super() }}{% endblock %}',
        'templates/base.html': '{% block b %}parent{% endblock %}',
      },
      'child+parent',
    ],
    [
      'globals and filters from options',
      { 'templates/a/page.html': '{{ site | shout }}' },
      'EXAMPLE',
    ],
    [
      'safe values are not escaped',
      { 'templates/a/page.html': '{{ "<b>" | safe }}{{ "<i>" }}' },
      '<b>&lt;i&gt;',
    ],
    [
      'a module template extends a root file of the same name with :',
      {
        'forum/a/page.html': '{% extends ":a/page.html" %}{% block x %}forum{% endblock %}',
        'templates/a/page.html': 'root {% block x %}{% endblock %}',
      },
      'root forum',
    ],
  ]
  for (const [what, files, expected] of cases) {
    it(what, async () => {
      const engine = engineWith(files)
      assert.equal(await engine.render('a/page.html', {}, { module: 'forum' }), expected)
    })
  }

  it('a relative include cannot leave its folder', async () => {
    const engine = engineWith({ 'templates/a/page.html': '{% include "../../x.html" %}' })
    await assert.rejects(
      async () => engine.render('a/page.html', {}, { module: null }),
      isError(UnsafeTemplateName),
    )
  })
})

describe('errors in layouts and includes name the file that failed, or the template extending it', () => {
  const { dir, remove } = scratch()
  after(remove)
  mkdirSync(join(dir, 'templates'))
  const files: Record<string, string> = {
    'layout.html': 'a\nb\n{{ failInLayout() }}\n{% block c %}{% endblock %}',
    'page.html':
      '{% extends "layout.html" %}\n{% block c %}\n\n\n{{ failInBlock() }}{% endblock %}',
    'outer.html': 'x\n{% include "inner.html" %}',
    'inner.html': '\n\n{{ failInInclude() }}',
  }
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, 'templates', name), content)
  const engine = createNunjucksEngine({ rootDir: join(dir, 'templates') })
  const ok = () => ''
  const fail = () => {
    throw new Error('boom')
  }

  const cases: [page: string, failing: string, expected: RegExp][] = [
    // nunjucks reports a layout's error under the name of the template extending it: the
    // layout is found again (page.html has no code at line 3).
    [
      'page.html',
      'failInLayout',
      /^Error while rendering template 'layout.html' at line 3, .*\n {2}\(reached from 'page.html'\)/,
    ],
    ['page.html', 'failInBlock', /^Error while rendering template 'page.html' at line 5,/],
    ['outer.html', 'failInInclude', /^Error while rendering template 'inner.html' at line 3,/],
  ]
  for (const [page, failing, expected] of cases) {
    it(`${failing} in ${page}`, async () => {
      const context = { failInLayout: ok, failInBlock: ok, failInInclude: ok, [failing]: fail }
      await assert.rejects(
        async () => engine.render(page, context, { module: null }),
        (error: Error) => {
          assert.ok(error instanceof TemplateRenderError)
          assert.match(error.message, expected)
          return true
        },
      )
    })
  }
})
