// url_for calls compiled ahead (src/templates/url-calls.ts), attacked: a production app (where
// template files are rewritten when they compile) must render what a development app (no
// rewrite) renders, for generated templates and values; and when one fails, the other fails
// with the same error class, code, line and column (and message).
//
// Each app pair (dev, prod) shares one temporary root: modules `shop` (the render view) and
// `blog`. Production lists a templates folder once, so every generated file takes a fresh
// name among empty "slot" files written before the pair starts; a pair whose slots run out is
// started again over a new batch of them.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import type nunjucks from 'nunjucks'
import { MicroServicesApp, type MicroServicesOptions } from '../../src/app.ts'
import { findUrlCalls } from '../../src/templates/url-calls.ts'
import type { UrlMap } from '../../src/urls/url-map.ts'
import { runs } from '../reliability/mode.ts'

type App = ReturnType<typeof MicroServicesApp>
type Context = Record<string, unknown>

const LIBRARY = new URL('../../src/index.ts', import.meta.url).href
/** Where the render view of the apps finds the context of a render, by id. */
const STORE = Symbol.for('fastify-microservices.test.url-calls-property')
const contexts = new Map<string, Context>()
;(globalThis as Record<symbol, unknown>)[STORE] = contexts

/** The render view: `?t=<template>&c=<context id>`; a failed render is answered as JSON. */
const SHOP = `import { Router, url } from '${LIBRARY}'
export const blueprint = Router.createBlueprint('shop', import.meta.url)
const noop = () => 'ok'
async function render(request, reply) {
  const { t, c } = request.query
  const context = globalThis[Symbol.for('fastify-microservices.test.url-calls-property')].get(c)
  try {
    await reply.render(t, context)
  } catch (error) {
    reply.header('x-render-error', '1').type('application/json').send({
      name: error?.constructor?.name + '/' + error?.name,
      code: error?.code,
      message: String(error?.message),
    })
  }
  return reply
}
blueprint.registerUrls([
  url('/shop/', noop, 'index'),
  url('/shop/item/<int:id>', noop, 'item'),
  url('/shop/tag/<name>', noop, 'tag'),
  url('/shop/files/<path:file>', noop, 'file'),
  url('/shop/item/<int:id>/<string:slug>', noop, 'item_slug'),
  url('/shop/page/', noop, { name: 'page', defaults: { n: 1 } }),
  url('/shop/page/<int:n>', noop, 'page'),
  url('/shop/edition/<edition:e>', noop, 'edition'),
  url('/shop/r', render, 'render'),
])
`
const BLOG = `import { Router, url } from '${LIBRARY}'
export const blueprint = Router.createBlueprint('blog', import.meta.url)
const noop = () => 'ok'
blueprint.registerUrls([
  url('/blog/<int:year>/<slug>', noop, 'post'),
  url('/blog/', noop, { name: 'home', defaults: { lang: 'en' } }),
])
`

/** What one render gave: its HTML, or its error. */
type Outcome =
  | { readonly html: string }
  | { readonly error: { name: string; code: string; position: string; message: string } }

/**
 * An extension reading its body as plain text, as {% raw %} does (nunjucks' parser.parseRaw):
 * `{% code %}{{ not code }}{% endcode %}`.
 */
const codeExtension = {
  tags: ['code'],
  parse: (parser: { parseRaw(tag: string): unknown }) => parser.parseRaw('code'),
}

/** A converter whose URL text follows a setting changed while the app runs: `guide` -> `guide-1`. */
const edition = { current: 1 }
const CONVERTERS: MicroServicesOptions['converters'] = {
  edition: {
    regex: '[a-z]+-[0-9]+',
    toValue: (raw: string) => raw.replace(/-[0-9]+$/, ''),
    toUrl: (value: unknown) => `${String(value)}-${edition.current}`,
  },
}

/** App options of each pair (the property uses the first three). */
const CONFIGS = {
  default: {},
  // nunjucks strict about undefined values, blocks trimmed (lstripBlocks reads columns),
  // nothing escaped, a filter named as the rewrite's
  strict: {
    templates: {
      autoescape: false,
      nunjucks: {
        throwOnUndefined: true,
        trimBlocks: true,
        lstripBlocks: true,
        filters: { _0a: (value: unknown) => `user:${value}` },
      },
    },
  },
  // `configure` given: renders run through nunjucks' callback, in the context store
  configured: {
    templates: {
      nunjucks: {
        configure: (env: nunjucks.Environment) => env.addExtension('code', codeExtension),
      },
    },
  },
  // delimiters of the app's own: <$ $> for values
  delimiters: {
    templates: {
      nunjucks: {
        configure: (env: nunjucks.Environment) => {
          ;(env as unknown as { opts: { tags: object } }).opts.tags = {
            variableStart: '<$',
            variableEnd: '$>',
          }
        },
      },
    },
  },
} satisfies Record<string, MicroServicesOptions>
type Config = keyof typeof CONFIGS
const PROPERTY_CONFIGS: readonly Config[] = ['default', 'strict', 'configured']

/** One root, and a development and a production app over it, started with the same options. */
class Pair {
  readonly root = mkdtempSync(join(tmpdir(), 'fms-url-calls-'))
  readonly options: MicroServicesOptions
  dev: App | undefined
  prod: App | undefined
  /** Slot files written per batch (a render takes up to 4). */
  readonly slots: number
  #batches = 0
  #free: string[] = []

  constructor(options: MicroServicesOptions, slots: number) {
    this.options = options
    this.slots = slots
    for (const [module, source] of [
      ['shop', SHOP],
      ['blog', BLOG],
    ] as const) {
      mkdirSync(join(this.root, 'modules', module, 'templates'), { recursive: true })
      writeFileSync(join(this.root, 'modules', module, 'index.ts'), source)
      writeFileSync(join(this.root, 'modules', module, 'templates', 'own.html'), module)
    }
    mkdirSync(join(this.root, 'static'), { recursive: true })
    writeFileSync(join(this.root, 'static', 'a.css'), 'a{}')
  }

  async start(): Promise<void> {
    await this.stop()
    const batch = `g${this.#batches++}`
    mkdirSync(join(this.root, 'templates', batch), { recursive: true })
    this.#free = []
    for (let i = 0; i < this.slots; i++) {
      writeFileSync(join(this.root, 'templates', batch, `${i}.html`), '')
      this.#free.push(`${batch}/${i}.html`)
    }
    const start = async (dev: boolean) => {
      const app = MicroServicesApp({
        root: this.root,
        dev,
        modulesEnv: false,
        routeTypes: false,
        logger: false,
        converters: CONVERTERS,
        ...this.options,
      })
      await app.registerUrls(['shop', 'blog'])
      await app.ready()
      return app
    }
    ;[this.dev, this.prod] = await Promise.all([start(true), start(false)])
  }

  async stop(): Promise<void> {
    await Promise.all([this.dev?.close(), this.prod?.close()])
    this.dev = this.prod = undefined
  }

  /**
   * Writes `files` (names → text, where `@name` stands for another file's name) under fresh
   * names and gives the name of each.
   */
  async write(files: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    const keys = Object.keys(files)
    if (this.#free.length < keys.length) await this.start()
    const names: Record<string, string> = {}
    for (const key of keys) names[key] = this.#free.shift() as string
    for (const key of keys) {
      const text = (files[key] as string).replace(
        /@(\w+)/g,
        (all, ref: string) => names[ref] ?? all,
      )
      writeFileSync(join(this.root, 'templates', names[key] as string), text)
    }
    return names
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true })
  }
}

type Via = 'request' | 'shop' | 'root'

let nextContext = 0

/** Renders `name` in one app: through a request to a view of module shop, or app.render. */
async function renderIn(app: App, name: string, context: Context, via: Via): Promise<Outcome> {
  const describe = (error: { name: string; code: unknown; message: unknown }): Outcome => {
    const message = String(error.message)
    const at = /at line (\d+), column (\d+)/.exec(message)
    return {
      error: {
        name: error.name,
        code: String(error.code),
        position: at ? `line ${at[1]}, column ${at[2]}` : '(none)',
        message,
      },
    }
  }
  if (via === 'request') {
    const id = String(nextContext++)
    contexts.set(id, context)
    try {
      const res = await app.inject({ url: '/shop/r', query: { t: name, c: id } })
      assert.equal(res.statusCode, 200, res.body)
      if (res.headers['x-render-error'] === '1') return describe(res.json())
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8')
      return { html: res.body }
    } finally {
      contexts.delete(id)
    }
  }
  try {
    return { html: await app.render(name, context, { module: via === 'shop' ? 'shop' : null }) }
  } catch (error) {
    const failed = error as Error & { code?: string }
    return describe({
      name: `${failed.constructor.name}/${failed.name}`,
      code: failed.code,
      message: failed.message,
    })
  }
}

/** Renders the page `main` of `files` in both apps of the pair: the two outcomes. */
async function renderBoth(
  pair: Pair,
  files: Readonly<Record<string, string>>,
  context: Context,
  via: Via = 'request',
): Promise<{ dev: Outcome; prod: Outcome }> {
  const main = (await pair.write(files)).main as string
  const dev = await renderIn(pair.dev as App, main, context, via)
  const prod = await renderIn(pair.prod as App, main, context, via)
  return { dev, prod }
}

/** The templates and both outcomes, for an assertion's message. */
function report(dev: Outcome, prod: Outcome, files: Readonly<Record<string, string>>): string {
  const templates = Object.entries(files).map(([key, text]) => `[${key}]\n${text}`)
  return [
    '',
    '--- templates ---',
    ...templates,
    '--- development ---',
    JSON.stringify(dev, null, 1),
    '--- production ---',
    JSON.stringify(prod, null, 1),
  ].join('\n')
}

/** The production outcome is the development one: same HTML, or same error class, code, position, message. */
function assertSame(dev: Outcome, prod: Outcome, files: Readonly<Record<string, string>>): void {
  const shown = report(dev, prod, files)
  if ('html' in dev && 'html' in prod) {
    assert.equal(prod.html, dev.html, `production renders other HTML than development${shown}`)
    return
  }
  if ('error' in dev && 'error' in prod) {
    const strip = (o: typeof dev.error) => ({ name: o.name, code: o.code, position: o.position })
    assert.deepEqual(
      strip(prod.error),
      strip(dev.error),
      `another error class, code or position${shown}`,
    )
    assert.equal(prod.error.message, dev.error.message, `another error message${shown}`)
    return
  }
  assert.fail(`one renders, the other fails${shown}`)
}

// ---------------------------------------------------------------------------------------
// Generated templates

/** Context values every page render gets (besides the generated ones). */
const echo = function (this: unknown, ...args: unknown[]): string {
  const self = (this as { constructor?: { name?: string } } | undefined)?.constructor?.name
  return `own(${args.length},${self}):${JSON.stringify(args)}`
}

type Scope = 'page' | 'include' | 'macro'

/** Variables each kind of file may read (an include is also rendered inside `for it in items`). */
const PAGE_VARS = [
  'n',
  's',
  'p',
  'nil',
  'missing',
  'neg',
  'flt',
  'arr',
  'obj.id',
  'obj.name',
  'obj.deep.v',
  'obj.missing.x',
]
const VARS: Record<Scope, readonly string[]> = {
  page: PAGE_VARS,
  include: [...PAGE_VARS, 'it.id', 'it.name', 'loop.index', 'loop.first'],
  // imported without context, a macro file sees its arguments only (unless `with context`)
  macro: ['x', 'x.id', 'n', 's', 'missing'],
}
const INT_VARS: Record<Scope, readonly string[]> = {
  page: ['n', 'obj.id'],
  include: ['n', 'obj.id', 'it.id', 'loop.index'],
  macro: ['x', 'x.id', 'n'],
}
const LITERALS = [
  '0',
  '7',
  '-3',
  '2.5',
  '007',
  '1.50',
  "'abc'",
  '"x y"',
  "'a/b c'",
  "''",
  "'é&<>'",
  'true',
  'false',
  'none',
  'null',
  "'}}'",
  "'url_for('",
  '"#}"',
  "'%2F?#'",
  `"it's"`,
]
const INT_LITERALS = ['0', '7', '007', '12']
const STRING_LITERALS = ["'abc'", '"x y"', "'a/b c'", "'é&<>'", "'}}'", `"it's"`, "'😀 ok'"]

const anyValue = (scope: Scope) =>
  fc.oneof(fc.constantFrom(...LITERALS), fc.constantFrom(...VARS[scope]))

/** A value that fits a name: ints for int converters, text for string ones (mostly). */
function valueFor(name: string, scope: Scope): fc.Arbitrary<string> {
  const int = fc.constantFrom(...INT_LITERALS, ...INT_VARS[scope])
  const text = fc.constantFrom(...STRING_LITERALS, 's', 'p', 'obj.name', ...INT_VARS[scope])
  const fitting =
    name === 'id' || name === 'n' || name === 'year'
      ? int
      : name === '_external'
        ? fc.constantFrom('true', 'false', 'none')
        : name === 'tags'
          ? fc.constantFrom('arr', "'t'", 'nil')
          : text
  return fc.oneof({ weight: 4, arbitrary: fitting }, { weight: 1, arbitrary: anyValue(scope) })
}

/** Endpoints, with the names their rules take. */
const ENDPOINTS: Record<string, readonly string[]> = {
  'shop.index': [],
  'shop.item': ['id'],
  'shop.tag': ['name'],
  'shop.file': ['file'],
  'shop.item_slug': ['id', 'slug'],
  'shop.page': ['n'],
  'blog.post': ['year', 'slug'],
  'blog.home': ['lang'],
  static: ['filename'],
  'shop.static': ['filename'],
  // relative, unknown: left to render time
  '.item': ['id'],
  '.index': [],
  'shop.nope': [],
  'nope.x': ['id'],
}
const EXTRA_NAMES = ['q', 'tags', '_anchor', '_external', 'constructor', 'id', 'page']

/** `{{ url_for('endpoint', name=value, ...) }}`, in the spellings nunjucks accepts. */
function callBlock(scope: Scope): fc.Arbitrary<string> {
  return fc
    .record({
      endpoint: fc.constantFrom(...Object.keys(ENDPOINTS)),
      drop: fc.constantFrom(false, false, false, true),
      swap: fc.boolean(),
      extras: fc.array(fc.constantFrom(...EXTRA_NAMES), { maxLength: 2 }),
      quote: fc.constantFrom("'", '"'),
      open: fc.constantFrom('{{ ', '{{ ', '{{', '{{  ', '{{- '),
      close: fc.constantFrom(' }}', ' }}', '}}', '  }}', ' -}}'),
      gap: fc.constantFrom('', '', '', ' '),
      sep: fc.constantFrom(', ', ', ', ',', ' , ', ',\n  '),
      eq: fc.constantFrom('=', '=', ' = '),
      pad: fc.constantFrom('', '', ' '),
    })
    .chain((c) => {
      const proper = ENDPOINTS[c.endpoint] as readonly string[]
      const names = c.swap ? [...proper].reverse() : [...proper]
      // most calls give every name their rule takes; some leave one out
      const all = [...(c.drop ? names.slice(1) : names), ...c.extras]
      return fc.tuple(...all.map((name) => valueFor(name, scope))).map((values) => {
        const args = all.map((name, i) => `${c.sep}${name}${c.eq}${values[i]}`).join('')
        return `${c.open}url_for${c.gap}(${c.quote}${c.endpoint}${c.quote}${args}${c.pad})${c.close}`
      })
    })
}

/** Plain text: letters, markup, new lines (never a tag start). */
const text = fc.constantFrom('', 'a', ' ', '\n', '<p>', '</p>\n', 'x = ', ' } ', '&amp;', 'é')

/** Other blocks on the same lines, some failing (their column shows a shift). */
function outputBlock(scope: Scope): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...VARS[scope]).map((v) => `{{ ${v} }}`),
    fc.constantFrom(
      '{{ n + 1 }}',
      '{{ s | upper }}',
      "{{ 'a}}b' }}",
      `{{ "url_for('shop.index')" }}`,
      `{{ "{{ url_for('shop.index') }}" }}`,
      "{{ arr | join(',') }}",
      "{{ url_for('shop.item', id=3) | upper }}",
      "{{ url_for('shop.tag', name=s) ~ '|' }}",
      "{{ urlFor('shop.item', id=1) }}",
      '{{ url_for(s) }}',
    ),
  )
}
const failing = fc.constantFrom(
  '{{ nofn() }}',
  '{{ s() }}',
  '{{ obj.deep() }}',
  "{{ url_for('shop.item') }}",
)
const comment = fc.constantFrom(
  "{# {{ url_for('shop.index') }} #}",
  "{# url_for('shop.item', id=1 #}",
  '{# }} {{ #}',
)
function tagBlock(scope: Scope): fc.Arbitrary<string> {
  return fc.constantFrom(
    `{% if s == '}} {{ url_for("shop.index") }}' %}T{% endif %}`,
    `{% set t = "{{ url_for('shop.item', id=1) }}" %}{{ t }}`,
    `{% set u = url_for('shop.item', id=${scope === 'macro' ? 'x' : 'n'}) %}{{ u }}`,
    `{% if url_for('shop.index') %}I{% endif %}`,
    "{% set t %}{{ url_for('shop.tag', name='in set') }}{% endset %}{{ t }}",
    "{% filter upper %}{{ url_for('shop.tag', name='f') }}{% endfilter %}",
  )
}
const raw = fc.constantFrom(
  "{% raw %}{{ url_for('shop.index') }}{% endraw %}",
  "{% verbatim %}{{ url_for('shop.item', id=1) }}{% endverbatim %}",
)

interface Parts {
  /** The page includes a file (in a for loop, or not). */
  readonly include: boolean
  /** The page imports a macro file: how. */
  readonly macros: 'none' | 'import' | 'import with context' | 'from'
  readonly layout: boolean
  /** A top-level `{% set url_for = echo %}` in the page (its context then has url_for). */
  readonly setUrlFor: boolean
}

function segment(scope: Scope, parts: Parts): fc.Arbitrary<string> {
  const uses: fc.WeightedArbitrary<string>[] = [
    { weight: 8, arbitrary: callBlock(scope) },
    { weight: 4, arbitrary: text },
    { weight: 3, arbitrary: outputBlock(scope) },
    { weight: 1, arbitrary: failing },
    { weight: 1, arbitrary: comment },
    { weight: 2, arbitrary: tagBlock(scope) },
  ]
  if (scope === 'page' && parts.include)
    uses.push({
      weight: 3,
      arbitrary: fc.constantFrom(
        '{% for it in items %}{% include "@inc" %}{% endfor %}',
        '{% include "@inc" %}',
        '{% for it in items %}[{% include "@inc" %}]{% else %}empty{% endfor %}',
      ),
    })
  if (scope === 'page') {
    // calls inside a loop of the page, and inside a macro of its own (and a call block)
    const simple = (inner: Scope) =>
      fc.array(fc.oneof(callBlock(inner), text, outputBlock(inner)), { minLength: 1, maxLength: 3 })
    uses.push(
      {
        weight: 2,
        arbitrary: simple('include').map(
          (body) => `{% for it in items %}${body.join('')}{% else %}-{% endfor %}`,
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(simple('macro'), fc.constantFrom('n', 'obj', "'t'"))
          .map(
            ([body, arg]) =>
              `{% macro local(x) %}${body.join('')}{{ caller() if caller }}{% endmacro %}{{ local(${arg}) }}{% call local(${arg}) %}c{{ url_for('shop.tag', name='in call') }}{% endcall %}`,
          ),
      },
    )
  }
  if (scope === 'page' && parts.macros !== 'none') {
    const call = parts.macros === 'from' ? 'link' : 'm.link'
    uses.push({
      weight: 3,
      arbitrary: fc
        .constantFrom('n', 'obj', '7', "'x'", 'missing')
        .map((arg) => `{{ ${call}(${arg}) }}`),
    })
  }
  return fc.oneof(...uses)
}

/** Lines of segments. */
const lines = (scope: Scope, parts: Parts, max = 3) =>
  fc
    .array(fc.array(segment(scope, parts), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: max,
    })
    .map((ls) => ls.map((l) => l.join('')).join('\n'))

interface Page {
  readonly files: Record<string, string>
  readonly values: {
    n: number
    s: string
    urlFor: 'app' | 'echo' | 'string'
    items: { id: number; name: string }[]
  }
  readonly via: Via
  readonly config: Config
}

const parts: fc.Arbitrary<Parts> = fc.record({
  include: fc.boolean(),
  macros: fc.constantFrom('none', 'none', 'import', 'import with context', 'from'),
  layout: fc.boolean(),
  setUrlFor: fc.constantFrom(false, false, false, true),
})

const page: fc.Arbitrary<Page> = parts.chain((p) =>
  fc
    .record({
      body: lines('page', p),
      withRaw: fc.constantFrom(false, false, false, false, true),
      raw,
      inc: lines('include', p, 2),
      macroBody: lines('macro', p, 2),
      layoutTop: lines('page', { ...p, include: false, macros: 'none' }, 2),
      layoutBottom: lines('page', { ...p, include: false, macros: 'none' }, 1),
      values: fc.record({
        n: fc.nat({ max: 999 }),
        s: fc.constantFrom('hello', 'a b/c', 'é&<x>', '', '..', '%2F?#', 'url_for(', '}}'),
        urlFor: fc.constantFrom('app', 'app', 'app', 'echo', 'string'),
        items: fc.array(
          fc.record({ id: fc.nat({ max: 50 }), name: fc.constantFrom('a', 'b c', '<i>') }),
          { maxLength: 3 },
        ),
      }),
      via: fc.constantFrom('request', 'request', 'shop', 'root'),
      config: fc.constantFrom(...PROPERTY_CONFIGS),
    })
    .map((g): Page => {
      const header = [
        p.macros === 'import' ? '{% import "@mac" as m %}' : '',
        p.macros === 'import with context' ? '{% import "@mac" as m with context %}' : '',
        p.macros === 'from' ? '{% from "@mac" import link %}' : '',
        p.setUrlFor ? '{% set url_for = echo %}' : '',
      ].join('')
      const body = g.withRaw ? `${g.body}${g.raw}` : g.body
      const files: Record<string, string> = {
        main: p.layout
          ? `${header}{% extends "@layout" %}\n{% block b %}${body}{% endblock %}`
          : `${header}${body}`,
      }
      if (p.include) files.inc = g.inc
      if (p.macros !== 'none') files.mac = `{% macro link(x) %}${g.macroBody}{% endmacro %}`
      if (p.layout)
        files.layout = `${g.layoutTop}{% block b %}default{% endblock %}${g.layoutBottom}`
      return { files, values: g.values, via: g.via, config: g.config }
    }),
)

function contextOf(values: Page['values']): Context {
  const { n, s, urlFor, items } = values
  return {
    n,
    s,
    p: 'a/b c/d.txt',
    nil: null,
    neg: -4,
    flt: 2.5,
    arr: ['x', 'y z'],
    obj: { id: n, name: s, deep: { v: s } },
    items,
    echo,
    ...(urlFor === 'echo'
      ? { url_for: echo }
      : urlFor === 'string'
        ? { url_for: 'not a function' }
        : {}),
  }
}

// ---------------------------------------------------------------------------------------

const pairs = Object.fromEntries(
  Object.entries(CONFIGS).map(([name, options]) => [
    name,
    new Pair(options, PROPERTY_CONFIGS.includes(name as Config) ? 300 : 40),
  ]),
) as Record<Config, Pair>
before(async () => {
  await Promise.all(Object.values(pairs).map((pair) => pair.start()))
})
after(async () => {
  await Promise.all(Object.values(pairs).map((pair) => pair.stop()))
  for (const pair of Object.values(pairs)) pair.remove()
})

/** Whether any file of `files` has a call production may compile ahead (a known absolute endpoint, no `_` name). */
function compilable(files: Readonly<Record<string, string>>): boolean {
  return Object.values(files).some((text) =>
    (findUrlCalls(text) ?? []).some(
      (call) =>
        call.endpoint in ENDPOINTS &&
        !call.endpoint.startsWith('.') &&
        !call.endpoint.includes('nope') &&
        call.args.every((arg) => !arg.name.startsWith('_')),
    ),
  )
}

describe('a production app renders generated templates as a development app does', () => {
  it('production does compile calls ahead: the premise of every comparison here', async () => {
    // Counted on each app's UrlMap: development builds at each render, production not at all
    // for a call of exactly its rule's names (its builder was prepared when the file compiled).
    const pair = pairs.default
    const main = (await pair.write({ main: "{{ url_for('shop.item', id=n) }}" })).main as string
    const counts = { dev: 0, prod: 0 }
    const spied: UrlMap[] = []
    try {
      for (const mode of ['dev', 'prod'] as const) {
        const map = (pair[mode] as App).urlMap
        const built = map.urlFor
        map.urlFor = function (this: UrlMap, ...args: Parameters<UrlMap['urlFor']>) {
          counts[mode]++
          return built.apply(this, args)
        }
        spied.push(map)
        for (const n of [1, 2, 3])
          assert.deepEqual(await renderIn(pair[mode] as App, main, { n }, 'request'), {
            html: `/shop/item/${n}`,
          })
      }
    } finally {
      for (const map of spied) delete (map as { urlFor?: unknown }).urlFor
    }
    assert.deepEqual(counts, { dev: 3, prod: 0 })
  })

  it('same HTML, or the same error at the same line and column', async () => {
    const seen = { compilable: 0, html: 0, error: 0, errorWithCompilable: 0 }
    await fc.assert(
      fc.asyncProperty(page, async ({ files, values, via, config }) => {
        const pair = pairs[config]
        const { dev, prod } = await renderBoth(pair, files, contextOf(values), via)
        assertSame(dev, prod, files)
        const ahead = compilable(files)
        if (ahead) seen.compilable++
        if ('html' in dev) seen.html++
        else {
          seen.error++
          if (ahead) seen.errorWithCompilable++
        }
      }),
      { numRuns: runs(150) },
    )
    // The generator reaches what it is for: calls compiled ahead, pages rendered, pages failing.
    assert.ok(seen.compilable > 50, JSON.stringify(seen))
    assert.ok(seen.html > 15, JSON.stringify(seen))
    assert.ok(seen.errorWithCompilable > 25, JSON.stringify(seen))
  })
})

// ---------------------------------------------------------------------------------------
// Named cases: each asserts that production renders what development renders.

interface Case {
  readonly files: Record<string, string>
  readonly context?: Context
  /** The app pair rendering it (default: 'default'). */
  readonly config?: Config
}

/** Attacks production answers as development does. */
const CONSISTENT: Record<string, Case> = {
  'a call, then a failing call on the same line (column after the rewritten block)': {
    files: {
      main: "a\n<b>{{ url_for('shop.item', id=n) }}{{ url_for('shop.tag', name=s) }}{{ nofn() }}",
    },
    context: { n: 3, s: 'x' },
  },
  'a call refused by its converter, after another on the line': {
    files: { main: "{{ url_for('shop.index') }} {{ url_for('shop.item', id='abc') }}" },
  },
  'a call missing its value, built at render time': {
    files: { main: "\n  {{ url_for('shop.item_slug', slug=s, id=missing) }}" },
    context: { s: 'x' },
  },
  'two rules for one endpoint, a default, query values': {
    files: {
      main: "{{ url_for('shop.page') }}|{{ url_for('shop.page', n=1) }}|{{ url_for('shop.page', n=n, q=s) }}|{{ url_for('blog.home', lang='en', q=arr) }}|{{ url_for('blog.home', lang='fr') }}",
    },
    context: { n: 4, s: 'a b&c', arr: ['x', 'y'] },
  },
  'a literal value for a path converter, and the static endpoints': {
    files: {
      main: "{{ url_for('shop.file', file='a/b c/d.txt') }} {{ url_for('static', filename='a.css') }} {{ url_for('shop.static', filename=p) }}",
    },
    context: { p: 'x/y z.js' },
  },
  '_anchor, _external and a relative endpoint (left as written)': {
    files: {
      main: "{{ url_for('shop.item', id=1, _anchor='top') }} {{ url_for('shop.item', id=1, _external=true) }} {{ url_for('.item', id=2) }}",
    },
  },
  "a caller's url_for wins, with and without keywords": {
    files: {
      main: "{{ url_for('shop.index') }}|{{ url_for('shop.item', id=2, q='x') }}|{{ url_for('shop.item', id=n) }}",
    },
    context: { n: 5, url_for: echo },
  },
  "a caller's url_for that is a string": {
    files: { main: "x {{ url_for('shop.item', id=1) }}" },
    context: { url_for: 'a string' },
  },
  'a top-level set of url_for in the page, seen by an include and a layout': {
    files: {
      main: '{% extends "@layout" %}{% set url_for = echo %}{% block b %}{% include "@inc" %}{% endblock %}',
      layout: "{{ url_for('shop.item', id=1) }}|{% block b %}{% endblock %}",
      inc: "{{ url_for('shop.tag', name='i') }}",
    },
    context: { echo },
  },
  'a layout setting url_for at top level, a block of the page calling it': {
    files: {
      main: '{% extends "@layout" %}{% block b %}{{ url_for(\'shop.index\') }}{% endblock %}',
      layout: "{% set url_for = 'x' %}{% block b %}{% endblock %}",
    },
  },
  'super() from a block that sets url_for': {
    files: {
      main: '{% extends "@layout" %}{% block b %}{% set url_for = \'x\' %}{{ super() }}{% endblock %}',
      layout: "{% block b %}{{ url_for('shop.index') }}{% endblock %}",
    },
  },
  'comments, strings and tags holding url_for and }}': {
    files: {
      main: `{# {{ url_for('shop.index') }} #}{{ "}} {{ url_for('shop.index') }}" }}{% if s == '}} {{ url_for("shop.item", id=1) }}' %}{% endif %}{{ url_for('shop.item', id=1) }}{{ s() }}`,
    },
    context: { s: 'x' },
  },
  'a raw block keeps the whole file as written': {
    files: {
      main: "{{ url_for('shop.item', id=1) }}{% raw %}{{ url_for('shop.index') }}{% endraw %}{{ nofn() }}",
    },
  },
  'includes in a for loop, and imported macros': {
    files: {
      main: '{% import "@mac" as m %}{% for it in items %}{% include "@inc" %}{% endfor %}{{ m.link(3) }}',
      inc: "<i>{{ url_for('shop.item', id=it.id) }}{{ loop.index }}</i>",
      mac: "{% macro link(x) %}{{ url_for('shop.item_slug', slug='m', id=x) }}{% endmacro %}",
    },
    context: { items: [{ id: 1 }, { id: 2 }] },
  },
  "an extension's raw body, and calls around it, with configure (renders through callbacks)": {
    files: {
      main: "{{ url_for('shop.item', id=1) }}{% code %}x{% endcode %}{{ url_for('shop.tag', name=s) }}{{ nofn() }}",
    },
    context: { s: 'a b' },
    config: 'configured',
  },
  'the delimiters of the app, where no {{ }} is code': {
    files: { main: "<$ url_for('shop.item', id=1) $> <$ url_for('shop.tag', name=s) $>" },
    context: { s: 'a b' },
    config: 'delimiters',
  },
  "the app's own filter named as the rewrite's first (_0a)": {
    files: { main: "{{ url_for('shop.item', id=1) }}{{ 5 | _0a }}{{ url_for('shop.index') }}" },
    config: 'strict',
  },
  'a converter whose URL text changes, given a value by a variable (built at each render)': {
    files: { main: "{{ url_for('shop.edition', e=name) }}" },
    context: { name: 'guide' },
  },
  'a macro named url_for at top level': {
    files: {
      main: "{{ url_for('shop.index') }}{% macro url_for(e) %}M{{ e }}{% endmacro %}{{ url_for('shop.item', id=1) }}",
    },
  },
  'numbers nunjucks reads as the rewrite does': {
    files: {
      main: "{{ url_for('shop.tag', name=007) }}|{{ url_for('shop.tag', name=1.50) }}|{{ url_for('shop.tag', name=-0) }}|{{ url_for('shop.item', id=12345678901234567890123) }}",
    },
  },
}

/**
 * Divergences this attack found, each the smallest template found for it, fixed in
 * src/templates/url-calls.ts (the comment says what production did before): production now
 * renders each as development does. The compiled call passes `url_for` as nunjucks looks it
 * up, calls anything but the app's own as nunjucks would, after its arguments; a regular
 * expression literal stops the scan; `configure` turns compiling ahead off; the filter
 * answers only the rewrite's own `0`.
 */
const FIXED: Record<string, Case> = {
  // nunjucks passes the including template's frame to {% include %}: a loop variable (or a
  // macro argument, or a set inside a loop) named url_for reaches the included file, which
  // has no binding tag of its own and is rewritten; the filter only looks at ctx.
  'an include inside a for loop whose variable is url_for': {
    files: {
      main: '{% for url_for in [\'x\'] %}{% include "@inc" %}{% endfor %}',
      inc: "{{ url_for('shop.index') }}",
    },
  },
  'an include inside a macro whose argument is url_for': {
    files: {
      main: '{% macro m(url_for) %}{% include "@inc" %}{% endmacro %}{{ m(\'x\') }}',
      inc: "{{ url_for('shop.index') }}",
    },
  },
  // A block is rendered with the layout's frame: a loop variable of the layout reaches it.
  "a page's block rendered inside a layout's for loop whose variable is url_for": {
    files: {
      main: '{% extends "@layout" %}{% block b %}{{ url_for(\'shop.index\') }}{% endblock %}',
      layout: "{% for url_for in ['x'] %}{% block b %}{% endblock %}{% endfor %}",
    },
  },
  // `{% macro url_for(...) %}` names url_for followed by "(": not seen as a binding. Inside a
  // loop (or block, or macro) it binds the frame only, which the filter does not look at.
  'a macro named url_for defined inside a for loop': {
    files: {
      main: "{% for i in [1] %}{% macro url_for(e) %}M:{{ e }}{% endmacro %}{{ url_for('shop.index') }}{% endfor %}",
    },
  },
  // nunjucks' lexer reads r/.../ as a regex literal, where a quote is no string: the scanner
  // reads a string there, and then takes text inside a real string for a url_for block.
  'a regex literal holding a quote, then a string holding a url_for block': {
    files: { main: `{{ [r/'/, '}}{{ url_for("shop.index") }}'][1] }}` },
  },
  // callWrap says "undefined or falsey" for a falsy callee; the filter says "not a function".
  "a caller's url_for that is null": {
    files: { main: "{{ url_for('shop.index') }}" },
    context: { url_for: null },
  },
  "a caller's url_for that is undefined": {
    files: { main: "{{ url_for('shop.item', id=1) }}" },
    context: { url_for: undefined },
  },
  // nunjucks evaluates the arguments before it checks the callee; the filter checks first.
  "a caller's url_for that is not a function, and an argument that throws": {
    files: { main: "{{ url_for('shop.item', id=obj.boom) }}" },
    context: {
      url_for: 'x',
      obj: {
        get boom(): never {
          throw new Error('the getter failed')
        },
      },
    },
  },
  // The raw tags are a fixed list (raw, verbatim): an extension added through `configure`
  // that reads its body as text (nunjucks' parser.parseRaw) has its body rewritten.
  "an extension's tag whose body is plain text (parser.parseRaw)": {
    files: { main: "{% code %}{{ url_for('shop.index') }}{% endcode %}" },
    config: 'configured',
  },
  // The scanner reads nunjucks' default delimiters; `configure` may set the Environment's
  // own (env.opts.tags), where {{ }} is text.
  'delimiters set through configure, where {{ url_for() }} is text': {
    files: { main: "{{ url_for('shop.index') }}" },
    config: 'delimiters',
  },
  // The rewrite's filters live in the Environment: a template naming a filter it never
  // defined (an error in development) gets the rewrite's, and prints its source.
  'a template using an undefined filter named like the rewrite’s (_0a)': {
    files: { main: "{{ url_for('shop.index') }}{{ 5 | _0a }}" },
  },
}

describe('named attacks production answers as development does', () => {
  for (const [label, { files, context = {}, config = 'default' }] of Object.entries(CONSISTENT)) {
    it(label, async () => {
      const { dev, prod } = await renderBoth(pairs[config], files, context)
      assertSame(dev, prod, files)
    })
  }
})

describe('the one difference by design: a call of literal values is built when its file compiles', () => {
  // Converters are pure (Werkzeug's to_url, Django's to_url): a converter whose text changes
  // while the app runs (here from a setting) is asked again in development, not in production.
  it('a literal call to a converter whose URL text changes while the app runs', async () => {
    const pair = pairs.default
    const files = { main: "{{ url_for('shop.edition', e='guide') }}" }
    const main = (await pair.write(files)).main as string
    try {
      edition.current = 1
      for (const app of [pair.dev, pair.prod] as App[])
        assert.deepEqual(await renderIn(app, main, {}, 'request'), {
          html: '/shop/edition/guide-1',
        })
      edition.current = 2
      assert.deepEqual(await renderIn(pair.dev as App, main, {}, 'request'), {
        html: '/shop/edition/guide-2',
      })
      assert.deepEqual(await renderIn(pair.prod as App, main, {}, 'request'), {
        html: '/shop/edition/guide-1',
      })
    } finally {
      edition.current = 1
    }
  })
})

describe('divergences found by this attack, fixed: production renders as development', () => {
  for (const [label, { files, context = {}, config = 'default' }] of Object.entries(FIXED)) {
    it(label, async () => {
      const { dev, prod } = await renderBoth(pairs[config], files, context)
      assertSame(dev, prod, files)
    })
  }
})
