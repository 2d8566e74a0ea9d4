import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { findUrlForCalls } from '../../src/cli/template-links.ts'
import { buildOnce, cli, fixture, REPO } from './helpers.ts'

describe('check: every url_for in every template', () => {
  before(buildOnce)

  it('reports each broken link with template, line and the closest names (exit 1)', async () => {
    const run = await cli(['check'], fixture('cli-links'))
    assert.equal(run.code, 1, run.stdout + run.stderr)
    const lines = run.stdout.trimEnd().split('\n')
    const expected = [
      "templates/layout.html:2: url_for('.post', post_id=1) uses the relative name '.post', but a root template resolves it in the module rendering it, and module 'shop' has no 'post'. Did you mean 'blog.post'?",
      "modules/blog/templates/blog/page.html:2: url_for('blog.indx') names no endpoint 'blog.indx'. Did you mean 'blog.index'?",
      "modules/blog/templates/blog/page.html:4: url_for('.post') misses a value for 'post_id' (endpoint 'blog.post', rule '/blog/<int:post_id>/').",
      "modules/blog/templates/blog/page.html:5: url_for('blog.post', post_id='abc') passes post_id='abc', which the converter 'int' refuses (endpoint 'blog.post', rule '/blog/<int:post_id>/').",
      "modules/blog/templates/blog/page.html:6: url_for('.nothing') uses the relative name '.nothing', but module 'blog' has no endpoint 'nothing'. No endpoint is close: `fastify-microservices routes` lists them all.",
      "modules/blog/templates/blog/page.html:11: url_for('static', filename='css/missing.css') passes filename='css/missing.css', which no static folder holds (endpoint 'static', rule '/static/<path:filename>').",
      "modules/blog/templates/blog/page.html:12: urlFor('blog.list', { order: 'old' }) passes order='old', which the converter 'any' refuses (endpoint 'blog.list', rule '/blog/list/<any(new, top):order>').",
      "modules/blog/templates/blog/page.html:13: url_for('shop.idx') names no endpoint 'shop.idx'. Did you mean 'shop.index'?",
    ].map((message) => `error [FMS_ERR_CLI_TEMPLATE_LINK] ${message}`)
    assert.deepEqual(lines, [...expected, '8 errors, 0 warnings (2 modules, 4 routes checked).'])
  })

  it("finds no broken link in the example site's templates", async () => {
    const run = await cli(['check'], `${REPO}examples/site`)
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout, /^No problems: /)
  })
})

describe('findUrlForCalls', () => {
  for (const [label, source, expected] of [
    [
      'keyword values, literal and not',
      "{{ url_for('forum.board', board_id=3, page=p) }}",
      [
        {
          line: 1,
          endpoint: 'forum.board',
          names: ['board_id', 'page'],
          literals: { board_id: 3 },
        },
      ],
    ],
    [
      'a dict of values (urlFor)',
      "<a href=\"{{ urlFor('x', { 'a': 'b', c: true }) }}\">",
      [{ line: 1, endpoint: 'x', names: ['a', 'c'], literals: { a: 'b', c: true } }],
    ],
    [
      'values from a variable: names unknown',
      "{{ url_for('x', values) }}",
      [{ line: 1, endpoint: 'x', names: undefined, literals: {} }],
    ],
    [
      'a computed endpoint',
      '{{ url_for(endpoint) }}',
      [{ line: 1, endpoint: undefined, names: [], literals: {} }],
    ],
    [
      'the line of a call after others, in a tag',
      "a\n{% if x %}\n{% set u = url_for('y', s='a,b)') %}{% endif %}",
      [{ line: 3, endpoint: 'y', names: ['s'], literals: { s: 'a,b)' } }],
    ],
    ['text outside tags', 'Call url_for("x") in a template.', []],
    ['a comment', "{# {{ url_for('x') }} #}", []],
    ['a raw block', "{% raw %}{{ url_for('x') }}{% endraw %}", []],
    ['another function ending in url_for', "{{ my_url_for('x') }} {{ a.url_for('x') }}", []],
  ] as const) {
    it(label, () => {
      const calls = findUrlForCalls(source).map((call) => ({
        line: call.line,
        endpoint: call.endpoint,
        names: call.names === undefined ? undefined : [...call.names],
        literals: Object.fromEntries(call.literals),
      }))
      assert.deepEqual(calls, expected)
    })
  }
})
