import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import nunjucks from 'nunjucks'
import { MicroServicesApp, type MicroServicesOptions, TemplateNotFound } from '../../src/index.ts'
import { fixture } from '../helpers.ts'
import { scratch } from '../templates/fixture.ts'

/**
 * Flask's tests/test_templating.py (and the template cases of tests/test_blueprints.py),
 * translated case by case to this API: templates in test/fixtures/templating-upstream,
 * rendered through MicroServicesApp and inject. Skipped cases: SKIPPED-templating.md.
 */

const ROOT = fixture('templating-upstream')
const TEXT = '<p>Hello World!'

type App = ReturnType<typeof MicroServicesApp>

/** An app of the fixture (module 'answer' enabled), with `setup` run before it starts. */
async function appWith(setup: (app: App) => void = () => {}, options: MicroServicesOptions = {}) {
  const app = MicroServicesApp({ root: ROOT, modulesEnv: false, routeTypes: false, ...options })
  await app.registerUrls(['answer'])
  setup(app)
  await app.ready()
  return app
}

/** GET `url`, check it is a 200 and give its body; closes the app. */
async function get(app: App, url: string): Promise<string> {
  try {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, res.body)
    return res.body
  } finally {
    await app.close()
  }
}

/** Renders outside a request; closes the app. */
async function render(app: App, ...args: Parameters<App['render']>): Promise<string> {
  try {
    return await app.render(...args)
  } finally {
    await app.close()
  }
}

describe('flask tests/test_templating.py', () => {
  it('flask tests/test_templating.py::test_context_processing', async () => {
    const app = await appWith((app) => {
      app.addContextProcessor(() => ({ injected_value: 42 }))
      app.get('/', (_request, reply) => reply.render('context_template.html', { value: 23 }))
    })
    assert.equal(await get(app, '/'), '<p>23|42')
  })

  it('flask tests/test_templating.py::test_original_win (the caller wins over a processor)', async () => {
    const app = await appWith((app) => {
      app.addContextProcessor(() => ({ config: 'from processor' }))
      app.get('/', (_request, reply) => reply.render('original_win.html', { config: 42 }))
    })
    assert.equal(await get(app, '/'), '42')
  })

  it('flask tests/test_templating.py::test_request_less_rendering', async () => {
    const app = await appWith((app) => {
      app.addContextProcessor(() => ({ foo: 42 }))
    })
    const rv = await render(app, 'request_less.html', { world_name: 'Special World' })
    assert.equal(rv, 'Hello Special World 42')
  })

  it('flask tests/test_templating.py::test_standard_context (request)', async () => {
    const app = await appWith((app) => {
      app.get('/', (_request, reply) => reply.render('standard_context.html'))
    })
    assert.deepEqual((await get(app, '/?foo=42')).split(/\s+/).filter(Boolean), ['42'])
  })

  it('flask tests/test_templating.py::test_escaping', async () => {
    const app = await appWith((app) => {
      app.get('/', (_request, reply) =>
        reply.render('escaping_template.html', {
          text: TEXT,
          html: new nunjucks.runtime.SafeString(TEXT),
        }),
      )
    })
    assert.deepEqual((await get(app, '/')).split('\n').slice(0, 2), [
      '&lt;p&gt;Hello World!',
      '<p>Hello World!',
    ])
  })

  it('flask tests/test_templating.py::test_no_escaping', async () => {
    const app = await appWith((app) => {
      app.get('/', (_request, reply) =>
        reply.render('non_escaping_template.txt', {
          text: TEXT,
          html: new nunjucks.runtime.SafeString(TEXT),
        }),
      )
    })
    assert.deepEqual((await get(app, '/')).split('\n').slice(0, 2), [
      '<p>Hello World!',
      '<p>Hello World!',
    ])
  })

  it('flask tests/test_templating.py::test_escaping_without_template_filename (mail.txt)', async () => {
    assert.equal(await render(await appWith(), 'mail.txt', { foo: '<test>' }), '<test> Mail')
  })

  it('flask tests/test_templating.py::test_macros (through {% from %} import)', async () => {
    assert.equal(await render(await appWith(), 'macros.html'), 'Hello World!')
  })

  it('flask tests/test_templating.py::test_add_template_filter_with_template', async () => {
    const app = await appWith(
      (app) => {
        app.get('/', (_request, reply) => reply.render('template_filter.html', { value: 'abcd' }))
      },
      {
        templates: {
          nunjucks: { filters: { super_reverse: (s: string) => [...s].reverse().join('') } },
        },
      },
    )
    assert.equal(await get(app, '/'), 'dcba')
  })

  it('flask tests/test_templating.py::test_add_template_global', async () => {
    const app = await appWith(() => {}, {
      templates: { nunjucks: { globals: { get_stuff: () => 42 } } },
    })
    assert.equal(await render(app, 'template_global.html'), '42')
  })

  it('flask tests/test_templating.py::test_custom_template_loader (another engine)', async () => {
    const app = await appWith(
      (app) => {
        app.get('/', (_request, reply) => reply.render('index.html'))
      },
      { templates: { engine: () => ({ render: async () => 'Hello Custom World!' }) } },
    )
    assert.equal(await get(app, '/'), 'Hello Custom World!')
  })

  it('flask tests/test_templating.py::test_templates_auto_reload (dev reloads, production does not)', async () => {
    for (const dev of [false, true]) {
      const { dir, remove } = scratch(ROOT)
      try {
        const app = MicroServicesApp({ root: dir, modulesEnv: false, routeTypes: false, dev })
        await app.registerUrls([])
        await app.ready()
        assert.equal(await app.render('mail.txt', { foo: 'a' }), 'a Mail')
        writeFileSync(join(dir, 'templates', 'mail.txt'), '{{ foo }} Post, longer')
        const expected = dev ? 'a Post, longer' : 'a Mail'
        assert.equal(await render(app, 'mail.txt', { foo: 'a' }), expected)
      } finally {
        remove()
      }
    }
  })
})

describe('flask tests/test_templating.py: autoescape by extension (select_jinja_autoescape)', () => {
  const cases: [name: string, escaped: boolean][] = [
    ['escaping_template.html', true],
    ['page.htm', true],
    ['feed.xml', true],
    ['page.xhtml', true],
    ['image.svg', true],
    ['mail.txt', false],
    ['data.csv', false],
  ]
  for (const [name, escaped] of cases) {
    it(`${name} is ${escaped ? '' : 'not '}escaped`, async () => {
      const out = await render(await appWith(), name, { text: '<b>', foo: '<b>' })
      assert.equal(out.includes('&lt;b&gt;'), escaped, out)
      assert.equal(out.includes('<b>'), !escaped, out)
    })
  }

  const configured: [option: MicroServicesOptions['templates'], name: string, escaped: boolean][] =
    [
      [{ autoescape: false }, 'page.htm', false],
      [{ autoescape: true }, 'mail.txt', true],
      [{ autoescape: ['txt'] }, 'mail.txt', true],
      [{ autoescape: ['txt'] }, 'page.htm', false],
      [{ autoescape: (path) => path.startsWith('nested/') }, 'page.htm', false],
    ]
  for (const [templates, name, escaped] of configured) {
    it(`templates: { autoescape: ${String(templates?.autoescape)} }: ${name} ${escaped ? '' : 'not '}escaped`, async () => {
      const app = await appWith(() => {}, { templates })
      const out = await render(app, name, { text: '<b>', foo: '<b>' })
      assert.equal(out.includes('&lt;b&gt;'), escaped, out)
    })
  }
})

describe('flask tests/test_blueprints.py (templates)', () => {
  it('flask tests/test_blueprints.py::test_context_processing', async () => {
    const app = await appWith((app) => {
      // Flask's `@answer_bp.app_context_processor`: every template of the app.
      app.addContextProcessor(() => ({ notanswer: 43 }))
      app.get('/', (_request, reply) => reply.render('answer.html'))
    })
    const answerPage = (await app.inject('/bp')).body
    const appPage = await get(app, '/')
    assert.match(appPage, /43/)
    assert.doesNotMatch(appPage, /42/)
    assert.match(answerPage, /42/)
    assert.match(answerPage, /43/)
  })

  it('flask tests/test_blueprints.py::test_templates_and_static (missing.html, nested/nested.txt)', async () => {
    const app = await appWith()
    await assert.rejects(app.render('missing.html', {}, { module: 'answer' }), (error) => {
      assert.ok(error instanceof TemplateNotFound)
      assert.match(error.message, /^Template 'missing.html' was not found/)
      return true
    })
    assert.equal(await render(app, 'nested/nested.txt'), "I'm nested")
  })

  it('url_for in a module template: absolute and relative (.name) endpoints', async () => {
    assert.equal(await get(await appWith(), '/links'), '<a href="/bp">/bp?n=1</a>')
  })
})
