// url_for calls compiled ahead (src/templates/url-calls.ts): which blocks are rewritten, into
// what, and that a production app (rewritten) renders what a development app (not) renders.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MicroServicesApp } from '../../src/app.ts'
import { compileUrlCalls, findUrlCalls, type TemplateUrls } from '../../src/templates/url-calls.ts'
import { scratch } from './fixture.ts'

const LIBRARY = new URL('../../src/index.ts', import.meta.url).href

/** Prepares every absolute endpoint without `_` names: `/endpoint?name=value…`. */
const urls: TemplateUrls = {
  prepare: (endpoint, names) =>
    endpoint.startsWith('.') || names.some((name) => name.startsWith('_'))
      ? undefined
      : (values) =>
          `/${endpoint}${names.map((name, i) => `${i === 0 ? '?' : '&'}${name}=${String(values[i])}`).join('')}`,
}

/** The app's url_for global, as the Environment holds it. */
const APP = () => 'the app'

type Compiled = (this: unknown, own: unknown, ...values: unknown[]) => unknown

function compile(
  src: string,
  over: Partial<Parameters<typeof compileUrlCalls>[1]> = {},
): { out: string; filters: Map<string, (input: unknown) => unknown> } {
  const filters = new Map<string, (input: unknown) => unknown>()
  const out = compileUrlCalls(src, {
    urls,
    app: APP,
    addFilter: (name, filter) => filters.set(name, filter),
    taken: (name) => filters.has(name),
    counter: { next: 0 },
    ...over,
  })
  return { out, filters }
}

/** The function a compiled block calls: what its filter gives for the 0 piped into it. */
const compiledOf = (filters: Map<string, (input: unknown) => unknown>, name = '_0a') =>
  filters.get(name)?.(0) as Compiled

describe('which url_for blocks are compiled ahead', () => {
  const found: [string, string, string[] | undefined][] = [
    ['a literal endpoint', "{{ url_for('m.a') }}", ['m.a']],
    ['double quotes, keyword values', '{{url_for("m.b", id=item.id, slug=\'x\')}}', ['m.b']],
    ['numbers, true, none', "{{ url_for('m.c', a=1, b=-2.5, c=true, d=none) }}", ['m.c']],
    ['two blocks', "{{ url_for('m.a') }} {{ url_for('m.b') }}", ['m.a', 'm.b']],
    ['a filter after the call', "{{ url_for('m.a') | upper }}", []],
    ['a variable endpoint', '{{ url_for(name) }}', []],
    ['a positional value', "{{ url_for('m.a', 3) }}", []],
    ['a call as a value', "{{ url_for('m.a', id=f(1)) }}", []],
    ['a value by index', "{{ url_for('m.a', id=item[0]) }}", []],
    ['a value named like an operator', "{{ url_for('m.a', id=not) }}", []],
    ['a name given twice', "{{ url_for('m.a', id=1, id=2) }}", []],
    ['whitespace control', "{{- url_for('m.a') -}}", []],
    ['a block over two lines', "{{ url_for('m.a',\n id=1) }}", []],
    ['an escape in the endpoint', "{{ url_for('m\\.a') }}", []],
    ['inside a comment', "{# {{ url_for('m.a') }} #}", []],
    ['a tag string holding }} and url_for(', "{% if x == '}} url_for(' %}{% endif %}", []],
    ['a tag calling url_for', "{% if url_for('m.a') %}{% endif %}{{ url_for('m.b') }}", ['m.b']],
    // nunjucks finds url_for where the block runs: a binding elsewhere is seen there
    ['a set binding url_for', "{% set url_for = f %}{{ url_for('m.a') }}", ['m.a']],
    ['a raw block', "{% raw %}{{ url_for('m.a') }}{% endraw %}", undefined],
    ['a verbatim block', "{% verbatim %}{{ url_for('m.a') }}{% endverbatim %}", undefined],
    // a quote in a regular expression literal is no string: the source is not read further
    ['a regular expression literal', `{{ [r/'/, '}}{{ url_for("m.a") }}'][1] }}`, undefined],
    ['a name ending in r before /', "{{ var/2 }}{{ url_for('m.a') }}", ['m.a']],
  ]
  for (const [label, src, endpoints] of found) {
    it(label, () => {
      assert.deepEqual(
        findUrlCalls(src)?.map((call) => call.endpoint),
        endpoints,
      )
    })
  }
})

describe('what a compiled call becomes', () => {
  it('keeps the block length and the column of "(" (errors keep their line and column)', () => {
    const src = '<a href="{{ url_for(\'m.thread\', id=item.id, slug=item.slug) }}">{{ x }}</a>'
    const { out } = compile(src)
    assert.equal(out, '<a href="{{ (0|_0a)(url_for, item.id, item.slug)            }}">{{ x }}</a>')
    assert.equal(out.length, src.length)
    // `(0|_0a)` is as long as `url_for`: the call's own "(" is where url_for's was
    assert.equal(out.indexOf(')(') + 1, src.indexOf('('))
  })

  it('leaves a call whose rewrite would not fit in its block', () => {
    const src = "{{url_for('a')}}"
    assert.equal(compile(src).out, src)
  })

  it('passes only the expressions; literal values are kept by the filter', () => {
    const { out, filters } = compile("{{ url_for('m.a', a=1, b=x.y, c='z') }}")
    assert.equal(out, '{{ (0|_0a)(url_for, x.y)             }}')
    assert.equal(compiledOf(filters)(APP, 7), '/m.a?a=1&b=7&c=z')
  })

  it('builds a call of literal values once, when compiling', () => {
    let builds = 0
    const { filters } = compile("{{ url_for('m.a', n=1) }}", {
      urls: { prepare: () => () => `/built-${++builds}` },
    })
    assert.equal(compiledOf(filters)(APP), '/built-1')
    assert.equal(compiledOf(filters)(APP), '/built-1')
    assert.equal(builds, 1)
  })

  it('leaves to render time what prepare refuses, and a literal call that fails to build', () => {
    const refusing: TemplateUrls = {
      prepare: (endpoint) =>
        endpoint === 'm.bad'
          ? () => {
              throw new Error('refused')
            }
          : undefined,
    }
    const src = "{{ url_for('m.unknown') }}{{ url_for('m.bad', id=1) }}"
    const { out, filters } = compile(src, { urls: refusing })
    assert.equal(out, src)
    assert.equal(filters.size, 0)
  })

  it('skips filter names already taken', () => {
    const taken = new Set(['_0a', '_0b'])
    const { out, filters } = compile("{{ url_for('m.home') }}", {
      taken: (name) => taken.has(name),
    })
    assert.deepEqual([...filters.keys()], ['_0c'])
    assert.match(out, /\(0\|_0c\)\(url_for\)/)
  })

  it('a template naming the filter itself finds none', () => {
    const { filters } = compile("{{ url_for('m.home') }}")
    assert.throws(() => filters.get('_0a')?.(5), /filter not found: _0a/)
  })

  it('calls another url_for (a loop variable, a macro argument, a context value) as nunjucks would', () => {
    const { filters } = compile("{{ url_for('m.a', id=x, page=2) }}{{ url_for('m.home') }}")
    const seen: unknown[] = []
    const own = function (this: unknown, ...args: unknown[]) {
      seen.push(this, ...args)
      return 'own'
    }
    const context = { a: 'nunjucks context' }
    assert.equal(compiledOf(filters).call(context, own, 5), 'own')
    assert.deepEqual(seen, [context, 'm.a', { id: 5, page: 2, __keywords: true }])
    // without keywords, nunjucks passes the endpoint alone
    assert.equal(compiledOf(filters, '_0b').call(context, own), 'own')
    assert.deepEqual(seen.slice(3), [context, 'm.home'])
    // nunjucks' own messages (runtime.callWrap)
    for (const [value, message] of [
      [undefined, /Unable to call `url_for`, which is undefined or falsey/],
      [null, /which is undefined or falsey/],
      ['x', /Unable to call `url_for`, which is not a function/],
    ] as const)
      assert.throws(() => compiledOf(filters).call(context, value, 5), message)
  })
})

describe('a production app renders what a development app renders', () => {
  const { dir, remove } = scratch()
  const templates: Record<string, string> = {
    'page.html': [
      "{% import 'macros.html' as m %}",
      '<a href="{{ url_for(\'shop.item\', id=item.id, slug=item.slug) }}">{{ item.name }}</a>',
      "{{ url_for('shop.item', id=3, slug='a b&c', page=2) }}|{{ url_for('.home') }}",
      "{% for i in [1, 2] %}{% include 'row.html' %}{% endfor %}{{ m.link(7) }}",
      "{{ url_for('shop.home', _anchor='top') }}",
    ].join('\n'),
    'row.html': "<i>{{ url_for('shop.item', id=i, slug='r') }}</i>",
    'macros.html': "{% macro link(n) %}{{ url_for('shop.item', id=n, slug='m') }}{% endmacro %}",
    'own.html': "{{ url_for('shop.home') }}/{{ url_for('shop.item', id=1, slug='s') }}",
    'missing.html': "line one\n{{ url_for('shop.item', id=item.nope, slug='s') }} {{ 1 }}",
    'unknown.html': "\n\n  {{ url_for('shop.nowhere') }}",
  }
  const shop = join(dir, 'modules', 'shop')
  before(() => {
    mkdirSync(join(shop, 'templates'), { recursive: true })
    for (const [name, text] of Object.entries(templates))
      writeFileSync(join(shop, 'templates', name), text)
    const pages = Object.keys(templates)
      .map(
        (name) =>
          `url('/${name}', (request, reply) => reply.render('${name}', context(request)), '${name.replace('.html', '')}'),`,
      )
      .join('\n  ')
    writeFileSync(
      join(shop, 'index.ts'),
      `import { Router, url } from '${LIBRARY}'
export const blueprint = Router.createBlueprint('shop', import.meta.url)
const context = (request) => ({
  item: { id: 5, slug: 'five', name: 'Five' },
  ...(request.url.startsWith('/own') ? { url_for: (e, k) => 'own:' + e + ':' + JSON.stringify(k) } : {}),
})
blueprint.registerUrls([
  url('/', () => 'home', 'home'),
  url('/item/<int:id>/<slug>', () => 'item', 'item'),
  ${pages}
])
`,
    )
  })
  after(remove)

  interface Rendered {
    readonly pages: Record<string, { status: number; body: string }>
    readonly errors: Record<string, string>
  }

  async function renderAll(dev: boolean): Promise<Rendered> {
    const app = MicroServicesApp({
      root: dir,
      dev,
      modulesEnv: false,
      routeTypes: false,
      logger: false,
    })
    await app.registerUrls()
    const pages: Rendered['pages'] = {}
    for (const name of ['page.html', 'own.html']) {
      const response = await app.inject(`/${name}`)
      pages[name] = { status: response.statusCode, body: response.body }
    }
    const errors: Record<string, string> = {}
    for (const name of ['missing.html', 'unknown.html']) {
      await assert.rejects(
        async () => app.render(name, { item: { id: 5 } }, { module: 'shop' }),
        (error: Error & { code?: string }) => {
          errors[name] = `${error.code}: ${error.message}`
          return true
        },
      )
    }
    await app.close()
    return { pages, errors }
  }

  it('pages, included rows, imported macros, a context url_for, and errors with their line', async () => {
    const production = await renderAll(false)
    const development = await renderAll(true)
    const page = production.pages['page.html']?.body ?? ''
    assert.equal(production.pages['page.html']?.status, 200)
    assert.match(page, /<a href="\/item\/5\/five">Five<\/a>/)
    assert.match(page, /\/item\/3\/a%20b&amp;c\?page=2\|\//)
    assert.match(page, /<i>\/item\/1\/r<\/i><i>\/item\/2\/r<\/i>\/item\/7\/m/)
    assert.match(page, /\/#top/)
    assert.equal(
      production.pages['own.html']?.body,
      'own:shop.home:undefined/own:shop.item:{&quot;id&quot;:1,&quot;slug&quot;:&quot;s&quot;,&quot;__keywords&quot;:true}',
    )
    assert.deepEqual(production.pages, development.pages)
    // The same error class, template, line and column, whether the call was compiled ahead or not.
    assert.match(
      production.errors['missing.html'] ?? '',
      /^FMS_ERR_TEMPLATE_RENDER: .*'missing.html' at line 2, column 11/s,
    )
    assert.match(production.errors['missing.html'] ?? '', /missing a value for 'id'/)
    assert.match(production.errors['unknown.html'] ?? '', /no such endpoint/)
    assert.deepEqual(production.errors, development.errors)
  })
})
