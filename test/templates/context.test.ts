import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { BuildError } from '../../src/errors.ts'
import { ContextProcessors, templateUrlFor, templateValues } from '../../src/templates/context.ts'
import { createNunjucksEngine } from '../../src/templates/nunjucks.ts'
import { isError, scratch } from './fixture.ts'

describe('url_for in templates', () => {
  const calls: [string, Record<string, unknown>, FastifyRequest | undefined][] = []
  const request = { id: 'req-1' } as unknown as FastifyRequest
  const url_for = templateUrlFor((endpoint, values, forRequest) => {
    calls.push([endpoint, values, forRequest])
    return '/built'
  }, request)
  const engine = createNunjucksEngine({})
  const render = (source: string, context: Record<string, unknown> = {}) =>
    new Promise<string>((resolve, reject) =>
      engine.environment.renderString(source, { url_for, ...context }, (error, out) =>
        error ? reject(error) : resolve(out ?? ''),
      ),
    )

  // Keyword arguments arrive as nunjucks' own object, `__keywords` marker included: urlFor
  // gets the values without it.
  const keywords = {}
  const cases: [source: string, endpoint: string, values: Record<string, unknown>][] = [
    ["{{ url_for('static', filename='a.txt') }}", 'static', { filename: 'a.txt', ...keywords }],
    ["{{ url_for('forum.board', board_id=3) }}", 'forum.board', { board_id: 3, ...keywords }],
    ["{{ url_for('admin.home') }}", 'admin.home', {}],
    ["{{ url_for('forum.board', {board_id: 4}) }}", 'forum.board', { board_id: 4 }],
    [
      "{{ url_for('.board', board_id=1, _anchor='top', page=2) }}",
      '.board',
      { board_id: 1, _anchor: 'top', page: 2, ...keywords },
    ],
  ]
  for (const [source, endpoint, values] of cases) {
    it(`${source} calls urlFor('${endpoint}', ${JSON.stringify(values)}, request)`, async () => {
      calls.length = 0
      assert.equal(await render(source), '/built')
      assert.deepEqual(calls, [[endpoint, values, request]])
    })
  }

  it('refuses positional values with a BuildError saying how to call it', () => {
    assert.throws(
      () => url_for('forum.board', 3),
      (error: Error) => {
        isError(BuildError)(error)
        assert.match(error.message, /url_for\('forum.board', name=value\)/)
        return true
      },
    )
  })
})

describe('context processors', () => {
  const request = { id: 'req-1' } as unknown as FastifyRequest

  it('app-wide ones run for every module, a module’s only for it, in order added', async () => {
    const processors = new ContextProcessors()
      .add(() => ({ site: 'Example', who: 'app' }))
      .add(async () => ({ unread: 3, who: 'forum' }), 'forum')
      .add((req) => ({ requestId: (req as unknown as { id: string } | undefined)?.id }))
    assert.deepEqual(await processors.run('forum', request), {
      site: 'Example',
      who: 'forum',
      requestId: 'req-1',
      unread: 3,
    })
    assert.deepEqual(await processors.run('admin', request), {
      site: 'Example',
      who: 'app',
      requestId: 'req-1',
    })
    assert.deepEqual(await processors.run(null, undefined), {
      site: 'Example',
      who: 'app',
      requestId: undefined,
    })
  })

  it('a processor returning nothing adds nothing', async () => {
    assert.deepEqual(await new ContextProcessors().add(() => undefined).run(null, undefined), {})
  })
})

describe('templateValues', () => {
  it('url_for, urlFor, request and module are globals; the caller wins over processors', async () => {
    const request = { url: '/forum/' } as unknown as FastifyRequest
    const { globals, context } = await templateValues({
      module: 'forum',
      request,
      urlFor: (endpoint) => `/${endpoint}`,
      processors: new ContextProcessors().add(() => ({ title: 'from processor', other: 1 })),
      context: { title: 'from caller' },
    })
    assert.deepEqual(Object.keys(globals).sort(), ['module', 'request', 'urlFor', 'url_for'])
    assert.equal(globals.module, 'forum')
    assert.equal(globals.request, request)
    assert.deepEqual(context, { title: 'from caller', other: 1 })
  })

  it('without urlFor, templates get no url_for', async () => {
    const { globals } = await templateValues({ module: null })
    assert.equal('url_for' in globals, false)
  })

  it('in a template: the caller shadows globals, processors fill the rest', async () => {
    const { dir, remove } = scratch()
    after(remove)
    mkdirSync(join(dir, 'forum'))
    writeFileSync(join(dir, 'forum', 'page.html'), '{{ module }}|{{ board_id }}|{{ url_for("x") }}')
    const engine = createNunjucksEngine({ modules: [{ module: 'forum', dir: join(dir, 'forum') }] })
    const render = async (context: Record<string, unknown>) => {
      const values = await templateValues({
        module: 'forum',
        urlFor: (endpoint) => `/${endpoint}`,
        processors: new ContextProcessors().add(() => ({ board_id: 'processor' }), 'forum'),
        context,
      })
      return engine.render('page.html', values.context, {
        module: 'forum',
        globals: values.globals,
      })
    }
    assert.equal(await render({}), 'forum|processor|/x')
    assert.equal(await render({ module: 'mine', board_id: 3 }), 'mine|3|/x')
  })
})
