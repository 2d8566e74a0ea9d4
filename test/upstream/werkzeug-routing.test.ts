// Werkzeug's tests/test_routing.py, the matching cases, translated case by case: each
// `Map([...])` becomes an app whose module 'a' holds the rules, each `adapter.match` a
// request through app.inject. Building cases are in the url_for suites; skipped cases
// and why: SKIPPED.md.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidURLRule, RouteConflict, url } from '../../src/index.ts'
import { type Matched, type WerkzeugRule, werkzeugMap } from './werkzeug-map.ts'

const ORIGIN = 'werkzeug tests/test_routing.py'

/** One Map and what each `adapter.match(path, method)` must give. */
async function expectMatches(
  rules: readonly WerkzeugRule[],
  cases: readonly (readonly [path: string, expected: Matched, method?: string, query?: string])[],
  options?: Parameters<typeof werkzeugMap>[1],
): Promise<void> {
  const map = await werkzeugMap(rules, options)
  try {
    for (const [path, expected, method, query] of cases) {
      assert.deepEqual(await map.match(path, method, query), expected, `${method ?? 'GET'} ${path}`)
    }
  } finally {
    await map.close()
  }
}

const refused = async (rules: readonly WerkzeugRule[], ErrorClass: { code: string }) => {
  await assert.rejects(werkzeugMap(rules), (error: Error & { code: string }) => {
    assert.equal(error.code, ErrorClass.code)
    return true
  })
}

const started = async (rules: readonly WerkzeugRule[]) => (await werkzeugMap(rules)).close()

describe(ORIGIN, () => {
  it(`${ORIGIN}::test_basic_routing`, () =>
    expectMatches(
      [
        { rule: '/', endpoint: 'index' },
        { rule: '/foo', endpoint: 'foo' },
        { rule: '/bar/', endpoint: 'bar' },
      ],
      [
        ['/', ['index', {}]],
        ['/foo', ['foo', {}]],
        ['/bar/', ['bar', {}]],
        ['/bar', { RequestRedirect: '/bar/' }],
        ['/blub', 'NotFound'],
        ['/bar', { RequestRedirect: '/bar/?aha=muhaha' }, 'GET', 'aha=muhaha'],
        ['/bar', { RequestRedirect: '/bar/?foo=bar' }, 'GET', 'foo=bar'],
      ],
    ))

  it(`${ORIGIN}::test_strict_slashes_redirect`, async () => {
    await expectMatches(
      [
        { rule: '/bar/', endpoint: 'get', methods: ['GET'] },
        { rule: '/bar', endpoint: 'post', methods: ['POST'] },
        { rule: '/foo/', endpoint: 'foo', methods: ['POST'] },
        { rule: '/<path:var>/', endpoint: 'path', methods: ['GET'] },
      ],
      [
        ['/bar/', ['get', {}], 'GET'],
        ['/bar', ['post', {}], 'POST'],
        ['/abc/', ['path', { var: 'abc' }], 'GET'],
        ['/bar', { RequestRedirect: '/bar/' }, 'GET'],
        ['/bar/', { MethodNotAllowed: ['GET', 'HEAD', 'OPTIONS'] }, 'POST'],
        ['/foo', { RequestRedirect: '/foo/' }, 'POST'],
        ['/abc', { RequestRedirect: '/abc/' }, 'GET'],
      ],
    )
    // Check differently defined order
    await expectMatches(
      [
        { rule: '/bar', endpoint: 'post', methods: ['POST'] },
        { rule: '/bar/', endpoint: 'get', methods: ['GET'] },
      ],
      [
        ['/bar/', ['get', {}], 'GET'],
        ['/bar', ['post', {}], 'POST'],
        ['/bar', { RequestRedirect: '/bar/' }, 'GET'],
        ['/bar/', { MethodNotAllowed: ['GET', 'HEAD', 'OPTIONS'] }, 'POST'],
      ],
    )
    // Check what happens when only slash route is defined
    await expectMatches(
      [{ rule: '/bar/', endpoint: 'get', methods: ['GET'] }],
      [
        ['/bar/', ['get', {}], 'GET'],
        ['/bar', { RequestRedirect: '/bar/' }, 'GET'],
        ['/bar/', { MethodNotAllowed: ['GET', 'HEAD', 'OPTIONS'] }, 'POST'],
      ],
    )
  })

  it(`${ORIGIN}::test_strict_slashes_leaves_dont_consume`, () =>
    // The Map's strict_slashes=False is given to each rule that does not set its own.
    expectMatches(
      [
        { rule: '/path1', endpoint: 'leaf', strictSlashes: false },
        { rule: '/path1/', endpoint: 'branch', strictSlashes: false },
        { rule: '/path2', endpoint: 'leaf', strictSlashes: false },
        { rule: '/path2/', endpoint: 'branch', strictSlashes: false },
        { rule: '/path3', endpoint: 'leaf', strictSlashes: false },
        { rule: '/path3/', endpoint: 'branch', strictSlashes: false },
        { rule: '/path4', endpoint: 'leaf', strictSlashes: false },
        { rule: '/path4/', endpoint: 'branch', strictSlashes: false },
        { rule: '/path5', endpoint: 'leaf', strictSlashes: false },
      ],
      [
        ['/path1', ['leaf', {}]],
        ['/path1/', ['branch', {}]],
        ['/path2', ['leaf', {}]],
        ['/path2/', ['branch', {}]],
        ['/path3', ['leaf', {}]],
        ['/path3/', ['branch', {}]],
        ['/path4', ['leaf', {}]],
        ['/path4/', ['branch', {}]],
        ['/path5/', ['leaf', {}]],
      ],
    ))

  it(`${ORIGIN}::test_no_duplicates`, () =>
    started([
      { rule: '/', endpoint: 'index' },
      { rule: '/method', endpoint: 'm_get', methods: ['GET'] },
      { rule: '/method', endpoint: 'm_post', methods: ['POST'] },
    ]))

  it(`${ORIGIN}::test_duplicate_rule`, () =>
    refused(
      [
        { rule: '/', endpoint: 'a' },
        { rule: '/', endpoint: 'b' },
      ],
      RouteConflict,
    ))

  it(`${ORIGIN}::test_duplicate_converter`, () =>
    refused(
      [
        { rule: '/page/<a>', endpoint: 'a' },
        { rule: '/page/<b>', endpoint: 'b' },
      ],
      RouteConflict,
    ))

  it(`${ORIGIN}::test_no_duplicate_different_converters`, () =>
    started([
      { rule: '/<a>', endpoint: 'a' },
      { rule: '/<int:b>', endpoint: 'b' },
    ]))

  it(`${ORIGIN}::test_duplicate_method_overlap`, () =>
    refused(
      [
        { rule: '/', methods: ['GET', 'POST'], endpoint: 'a' },
        { rule: '/', methods: ['POST', 'PUT'], endpoint: 'b' },
      ],
      RouteConflict,
    ))

  it(`${ORIGIN}::test_defaults`, () =>
    expectMatches(
      [
        { rule: '/foo/', defaults: { page: 1 }, endpoint: 'foo' },
        { rule: '/foo/<int:page>', endpoint: 'foo' },
      ],
      [
        ['/foo/', ['foo', { page: 1 }]],
        ['/foo/1', { RequestRedirect: '/foo/' }],
        ['/foo/2', ['foo', { page: 2 }]],
      ],
    ))

  it(`${ORIGIN}::test_negative`, () =>
    expectMatches(
      [
        { rule: '/foos/<int(signed=True):page>', endpoint: 'foos' },
        { rule: '/bars/<float(signed=True):page>', endpoint: 'bars' },
        { rule: '/foo/<int:page>', endpoint: 'foo' },
        { rule: '/bar/<float:page>', endpoint: 'bar' },
      ],
      [
        ['/foos/-2', ['foos', { page: -2 }]],
        ['/foos/-50', ['foos', { page: -50 }]],
        ['/bars/-2.0', ['bars', { page: -2.0 }]],
        ['/bars/-0.185', ['bars', { page: -0.185 }]],
        ['/foo/-2', 'NotFound'],
        ['/foo/-50', 'NotFound'],
        ['/bar/-0.185', 'NotFound'],
        ['/bar/-2.0', 'NotFound'],
      ],
    ))

  it(`${ORIGIN}::test_greedy`, () =>
    expectMatches(
      [
        { rule: '/foo', endpoint: 'foo' },
        { rule: '/<path:bar>', endpoint: 'bar' },
        { rule: '/<path:bar>/<path:blub>', endpoint: 'bar' },
      ],
      [
        ['/foo', ['foo', {}]],
        ['/blub', ['bar', { bar: 'blub' }]],
        ['/he/he', ['bar', { bar: 'he', blub: 'he' }]],
      ],
    ))

  it(`${ORIGIN}::test_path`, () =>
    expectMatches(
      [
        { rule: '/', defaults: { name: 'FrontPage' }, endpoint: 'page' },
        { rule: '/Special', endpoint: 'special' },
        { rule: '/<int:year>', endpoint: 'year' },
        { rule: '/<path:name>:foo', endpoint: 'foopage' },
        { rule: '/<path:name>:<path:name2>', endpoint: 'twopage' },
        { rule: '/<path:name>', endpoint: 'page' },
        { rule: '/<path:name>/edit', endpoint: 'editpage' },
        { rule: '/<path:name>/silly/<path:name2>', endpoint: 'sillypage' },
        { rule: '/<path:name>/silly/<path:name2>/edit', endpoint: 'editsillypage' },
        { rule: '/Talk:<path:name>', endpoint: 'talk' },
        { rule: '/User:<username>', endpoint: 'user' },
        { rule: '/User:<username>/<path:name>', endpoint: 'userpage' },
        { rule: '/User:<username>/comment/<int:id>-<int:replyId>', endpoint: 'usercomment' },
        { rule: '/Files/<path:file>', endpoint: 'files' },
        { rule: '/<admin>/<manage>/<things>', endpoint: 'admin' },
      ],
      [
        ['/', ['page', { name: 'FrontPage' }]],
        ['/FrontPage', { RequestRedirect: '/' }],
        ['/Special', ['special', {}]],
        ['/2007', ['year', { year: 2007 }]],
        ['/Some:foo', ['foopage', { name: 'Some' }]],
        ['/Some:bar', ['twopage', { name: 'Some', name2: 'bar' }]],
        ['/Some/Page', ['page', { name: 'Some/Page' }]],
        ['/Some/Page/edit', ['editpage', { name: 'Some/Page' }]],
        ['/Foo/silly/bar', ['sillypage', { name: 'Foo', name2: 'bar' }]],
        ['/Foo/silly/bar/edit', ['editsillypage', { name: 'Foo', name2: 'bar' }]],
        ['/Talk:Foo/Bar', ['talk', { name: 'Foo/Bar' }]],
        ['/User:thomas', ['user', { username: 'thomas' }]],
        [
          '/User:thomas/projects/werkzeug',
          ['userpage', { username: 'thomas', name: 'projects/werkzeug' }],
        ],
        [
          '/User:thomas/comment/123-456',
          ['usercomment', { username: 'thomas', id: 123, replyId: 456 }],
        ],
        ['/Files/downloads/werkzeug/0.2.zip', ['files', { file: 'downloads/werkzeug/0.2.zip' }]],
        ['/Jerry/eats/cheese', ['admin', { admin: 'Jerry', manage: 'eats', things: 'cheese' }]],
      ],
    ))

  it(`${ORIGIN}::test_complex_routing_rules`, () =>
    expectMatches(
      [
        { rule: '/', endpoint: 'index' },
        { rule: '/<int:blub>', endpoint: 'an_int' },
        { rule: '/<blub>', endpoint: 'a_string' },
        { rule: '/foo/', endpoint: 'nested' },
        { rule: '/foobar/', endpoint: 'nestedbar' },
        { rule: '/foo/<path:testing>/', endpoint: 'nested_show' },
        { rule: '/foo/<path:testing>/edit', endpoint: 'nested_edit' },
        { rule: '/users/', endpoint: 'users', defaults: { page: 1 } },
        { rule: '/users/page/<int:page>', endpoint: 'users' },
        { rule: '/foox', endpoint: 'foox' },
        { rule: '/<path:bar>/<path:blub>', endpoint: 'barx_path_path' },
      ],
      [
        ['/', ['index', {}]],
        ['/42', ['an_int', { blub: 42 }]],
        ['/blub', ['a_string', { blub: 'blub' }]],
        ['/foo/', ['nested', {}]],
        ['/foobar/', ['nestedbar', {}]],
        ['/foo/1/2/3/', ['nested_show', { testing: '1/2/3' }]],
        ['/foo/1/2/3/edit', ['nested_edit', { testing: '1/2/3' }]],
        ['/users/', ['users', { page: 1 }]],
        ['/users/page/2', ['users', { page: 2 }]],
        ['/foox', ['foox', {}]],
        ['/1/2/3', ['barx_path_path', { bar: '1', blub: '2/3' }]],
      ],
    ))

  it(`${ORIGIN}::test_default_converters`, async () => {
    const foo = (await import('../../src/urls/converters.ts')).stringConverter
    await expectMatches(
      [
        { rule: '/a/<foo:a>', endpoint: 'a' },
        { rule: '/b/<foo:b>', endpoint: 'b' },
        { rule: '/c/<c>', endpoint: 'c' },
      ],
      [
        ['/a/1', ['a', { a: '1' }]],
        ['/b/2', ['b', { b: '2' }]],
        ['/c/3', ['c', { c: '3' }]],
      ],
      { converters: { foo } },
    )
  })

  it(`${ORIGIN}::test_uuid_converter`, () =>
    // Werkzeug gives a uuid.UUID; here the canonical lower-case string.
    expectMatches(
      [{ rule: '/a/<uuid:a_uuid>', endpoint: 'a' }],
      [
        [
          '/a/a8098c1a-f86e-11da-bd1a-00112444be1e',
          ['a', { a_uuid: 'a8098c1a-f86e-11da-bd1a-00112444be1e' }],
        ],
      ],
    ))

  it(`${ORIGIN}::test_converter_with_tuples`, () =>
    expectMatches(
      [{ rule: '/<two:foo>/', endpoint: 'handler' }],
      [['/qwert/yuiop/', ['handler', { foo: ['qwert', 'yuiop'] }]]],
      {
        converters: {
          two: {
            regex: '(\\w\\w+)/(\\w\\w+)',
            slashes: true,
            toValue: (raw: string) => raw.split('/'),
            toUrl: (value: unknown) => (value as string[]).join('/'),
          },
        },
      },
    ))

  it(`${ORIGIN}::test_nested_regex_groups`, () => {
    const DATE =
      '((\\d{8}T\\d{6}([.,]\\d{1,3})?)|(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}([.,]\\d{1,3})?))Z'
    return expectMatches(
      [{ rule: `/<regex('${DATE}'):start>/<regex('${DATE}'):end>/`, endpoint: 'handler' }],
      [
        [
          '/2023-02-16T23:36:36.266Z/2023-02-16T23:46:36.266Z/',
          ['handler', { start: '2023-02-16T23:36:36.266Z', end: '2023-02-16T23:46:36.266Z' }],
        ],
      ],
      { converters: { regex: regexConverter } },
    )
  })

  it(`${ORIGIN}::test_anyconverter`, () =>
    expectMatches(
      [
        { rule: '/<any(a1, a2):a>', endpoint: 'no_dot' },
        { rule: '/<any(a.1, a.2):a>', endpoint: 'yes_dot' },
      ],
      [
        ['/a1', ['no_dot', { a: 'a1' }]],
        ['/a2', ['no_dot', { a: 'a2' }]],
        ['/a.1', ['yes_dot', { a: 'a.1' }]],
        ['/a.2', ['yes_dot', { a: 'a.2' }]],
      ],
    ))

  it(`${ORIGIN}::test_part_isolating_default`, () =>
    // A converter whose regex holds '/' spans slashes unless it says otherwise.
    expectMatches(
      [{ rule: '/<two:values>/', endpoint: 'two' }],
      [['/a/b/', ['two', { values: ['a', 'b'] }]]],
      {
        converters: {
          two: {
            regex: '\\w+/\\w+',
            toValue: (raw: string) => raw.split('/'),
            toUrl: (value: unknown) => (value as string[]).join('/'),
          },
        },
      },
    ))

  it(`${ORIGIN}::test_implicit_head`, () =>
    expectMatches(
      [
        { rule: '/get', methods: ['GET'], endpoint: 'a' },
        { rule: '/post', methods: ['POST'], endpoint: 'b' },
      ],
      [
        ['/get', ['a', {}], 'HEAD'],
        ['/post', { MethodNotAllowed: ['OPTIONS', 'POST'] }, 'HEAD'],
      ],
    ))

  it(`${ORIGIN}::test_allowed_methods_querying`, async () => {
    // allowed_methods(path) is what OPTIONS answers in Allow.
    const map = await werkzeugMap([
      { rule: '/<foo>', endpoint: 'foo_any', methods: ['GET', 'HEAD'] },
      { rule: '/foo', endpoint: 'foo', methods: ['POST'] },
    ])
    try {
      const res = await map.app.inject({ method: 'OPTIONS', url: '/foo' })
      assert.deepEqual(
        String(res.headers.allow)
          .split(', ')
          .filter((m) => m !== 'OPTIONS')
          .sort(),
        ['GET', 'HEAD', 'POST'],
      )
    } finally {
      await map.close()
    }
  })

  it(`${ORIGIN}::test_double_defaults`, async () => {
    for (const prefix of ['', '/aaa']) {
      await expectMatches(
        [
          { rule: `${prefix}/`, defaults: { foo: 1, bar: false }, endpoint: 'x' },
          { rule: `${prefix}/<int:foo>`, defaults: { bar: false }, endpoint: 'x' },
          { rule: `${prefix}/bar/`, defaults: { foo: 1, bar: true }, endpoint: 'x' },
          { rule: `${prefix}/bar/<int:foo>`, defaults: { bar: true }, endpoint: 'x' },
        ],
        [
          [`${prefix}/`, ['x', { foo: 1, bar: false }]],
          [`${prefix}/2`, ['x', { foo: 2, bar: false }]],
          [`${prefix}/bar/`, ['x', { foo: 1, bar: true }]],
          [`${prefix}/bar/2`, ['x', { foo: 2, bar: true }]],
        ],
      )
    }
  })

  it(`${ORIGIN}::test_unicode_rules`, () =>
    // The host part (IDNA) is out of scope; the Location is the path.
    expectMatches(
      [
        { rule: '/войти/', endpoint: 'enter' },
        { rule: '/foo+bar/', endpoint: 'foobar' },
      ],
      [
        [encodeURI('/войти'), { RequestRedirect: '/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/' }],
        [encodeURI('/войти/'), ['enter', {}]],
        ['/foo+bar', { RequestRedirect: '/foo+bar/' }],
        ['/foo+bar/', ['foobar', {}]],
      ],
    ))

  it(`${ORIGIN}::test_path_weighting`, () =>
    expectMatches(
      [
        { rule: '/<path:path>/c', endpoint: 'simple' },
        { rule: '/<path:path>/<a>/<b>', endpoint: 'complex' },
      ],
      [['/a/b/c', ['simple', { path: 'a/b' }]]],
    ))

  it(`${ORIGIN}::test_newline_match`, () =>
    expectMatches([{ rule: '/hello', endpoint: 'hello' }], [['/hello%0A', 'NotFound']]))

  it(`${ORIGIN}::test_weighting`, () =>
    expectMatches(
      [
        { rule: '/<int:value>', endpoint: 'int' },
        { rule: '/<uuid:value>', endpoint: 'uuid' },
      ],
      [
        [
          '/2b5b0911-fdcf-4dd2-921b-28ace88db8a0',
          ['uuid', { value: '2b5b0911-fdcf-4dd2-921b-28ace88db8a0' }],
        ],
      ],
    ))

  it(`${ORIGIN}::test_strict_slashes_false`, () =>
    expectMatches(
      [
        { rule: '/path1', endpoint: 'leaf_path', strictSlashes: false },
        { rule: '/path2/', endpoint: 'branch_path', strictSlashes: false },
        { rule: '/<path:path>', endpoint: 'leaf_path_converter', strictSlashes: false },
      ],
      [
        ['/path1', ['leaf_path', {}]],
        ['/path1/', ['leaf_path', {}]],
        ['/path2', ['branch_path', {}]],
        ['/path2/', ['branch_path', {}]],
        ['/any', ['leaf_path_converter', { path: 'any' }]],
        ['/any/', ['leaf_path_converter', { path: 'any/' }]],
      ],
    ))

  it(`${ORIGIN}::test_invalid_rule`, () => {
    assert.throws(() => url('/<int()>', () => 'x', 'test'), InvalidURLRule)
  })

  it(`${ORIGIN}::test_multiple_converters_per_part`, () =>
    expectMatches(
      [{ rule: '/v<int:major>.<int:minor>', endpoint: 'version' }],
      [['/v1.2', ['version', { major: 1, minor: 2 }]]],
    ))

  it(`${ORIGIN}::test_static_regex_escape`, () =>
    expectMatches(
      [{ rule: '/.<int:value>', endpoint: 'dotted' }],
      [
        ['/.2', ['dotted', { value: 2 }]],
        ['/a2', 'NotFound'],
      ],
    ))

  it(`${ORIGIN}::test_regex`, () =>
    expectMatches(
      [{ rule: "/<regex('[^/:]+\\.[^/:]+'):value>", endpoint: 'regex' }],
      [['/asdfsa.asdfs', ['regex', { value: 'asdfsa.asdfs' }]]],
      { converters: { regex: regexConverter } },
    ))
})

/** Werkzeug's RegexConverter of these tests: the regex is the rule's first argument. */
function regexConverter(args: { positional: readonly unknown[] }) {
  return {
    regex: String(args.positional[0]),
    toValue: (raw: string) => raw,
    toUrl: (value: unknown) => String(value),
  }
}
