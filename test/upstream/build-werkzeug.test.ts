// Werkzeug's build cases (tests/test_routing.py, 3.1.8), translated case by case: a Map
// becomes a UrlMap of the same rules, `adapter.build(endpoint, values, method=M,
// force_external=True, url_scheme=S)` becomes `urlFor(endpoint, { ...values, _method: M,
// _external: true, _scheme: S })`, and `map.bind('example.org')` becomes serverName.
// Skipped cases and their reasons: SKIPPED-building.md.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BuildError } from '../../src/errors.ts'
import type { Converter } from '../../src/urls/converters.ts'
import { quotePath } from '../../src/urls/quote.ts'
import { mapOf } from './build-map.ts'

const isBuildError = (error: unknown): boolean => {
  assert.ok(error instanceof BuildError, `expected a BuildError, got ${String(error)}`)
  return true
}

const origin = 'werkzeug tests/test_routing.py::'

describe('werkzeug tests/test_routing.py, build cases', () => {
  it(`${origin}test_basic_building`, () => {
    const rules = [
      { rule: '/', endpoint: 'index' },
      { rule: '/foo', endpoint: 'foo' },
      { rule: '/bar/<baz>', endpoint: 'bar' },
      { rule: '/bar/<int:bazi>', endpoint: 'bari' },
      { rule: '/bar/<float:bazf>', endpoint: 'barf' },
      { rule: '/bar/<path:bazp>', endpoint: 'barp' },
    ]
    // bound to another subdomain, Werkzeug builds external URLs: here, with _external
    const map = mapOf(rules, { serverName: 'example.org' })
    const external = { _external: true }
    assert.equal(map.urlFor('index', external), 'http://example.org/')
    assert.equal(map.urlFor('foo', external), 'http://example.org/foo')
    assert.equal(map.urlFor('bar', { baz: 'blub', ...external }), 'http://example.org/bar/blub')
    assert.equal(map.urlFor('bari', { bazi: 50, ...external }), 'http://example.org/bar/50')
    assert.equal(map.urlFor('barf', { bazf: 0.815, ...external }), 'http://example.org/bar/0.815')
    assert.equal(map.urlFor('barp', { bazp: 'la/di', ...external }), 'http://example.org/bar/la/di')
    assert.throws(() => map.urlFor('urks'), isBuildError)

    assert.equal(map.urlFor('foo', {}), '/foo')
    assert.equal(map.urlFor('foo', { _external: true }), 'http://example.org/foo')
    assert.equal(
      map.urlFor('foo', { _scheme: 'https', _external: true }),
      'https://example.org/foo',
    )
  })

  it(`${origin}test_defaults`, () => {
    const map = mapOf([
      { rule: '/foo/', defaults: { page: 1 }, endpoint: 'foo' },
      { rule: '/foo/<int:page>', endpoint: 'foo' },
    ])
    assert.equal(map.urlFor('foo', {}), '/foo/')
    assert.equal(map.urlFor('foo', { page: 1 }), '/foo/')
    assert.equal(map.urlFor('foo', { page: 2 }), '/foo/2')
  })

  it(`${origin}test_greedy (build side)`, () => {
    const map = mapOf([
      { rule: '/foo', endpoint: 'foo' },
      { rule: '/<path:bar>', endpoint: 'bar' },
      { rule: '/<path:bar>/<path:blub>', endpoint: 'bar' },
    ])
    assert.equal(map.urlFor('foo', {}), '/foo')
    assert.equal(map.urlFor('bar', { bar: 'blub' }), '/blub')
    assert.equal(map.urlFor('bar', { bar: 'blub', blub: 'bar' }), '/blub/bar')
  })

  it(`${origin}test_any_converter_build_validates_value`, () => {
    const map = mapOf([{ rule: '/<any(patient, provider):value>', endpoint: 'actor' }])
    assert.equal(map.urlFor('actor', { value: 'patient' }), '/patient')
    assert.equal(map.urlFor('actor', { value: 'provider' }), '/provider')
    // Werkzeug raises ValueError; a refused value is a BuildError here
    assert.throws(() => map.urlFor('actor', { value: 'invalid' }), isBuildError)
  })

  // The list converter of the test: joins its items with '.'
  const list: Converter<unknown[]> = {
    regex: '[^/]+',
    toValue: (raw) => raw.split('.'),
    toUrl: (value) => quotePath(value.map(String).join('.')),
  }
  const valuesDict: [endpoint: string, value: unknown, expect: string | 'BuildError'][] = [
    ['int', 1, '/1'],
    ['int', null, 'BuildError'],
    // TypeError upstream (int([1])): a converter's refusal is a BuildError here
    ['int', [1], 'BuildError'],
    ['list', [1], '/1'],
    // Python's str(None) is 'None'; JavaScript's String(null) is 'null'
    ['list', [1, null, 2], '/1.null.2'],
    // TypeError upstream (iterating an int)
    ['list', 1, 'BuildError'],
  ]
  for (const [endpoint, value, expect] of valuesDict) {
    it(`${origin}test_build_values_dict[${endpoint}-${JSON.stringify(value)}]`, () => {
      const map = mapOf(
        [
          { rule: '/<int:v>', endpoint: 'int' },
          { rule: '/<list:v>', endpoint: 'list' },
        ],
        {},
        { list },
      )
      if (expect === 'BuildError')
        assert.throws(() => map.urlFor(endpoint, { v: value }), isBuildError)
      else assert.equal(map.urlFor(endpoint, { v: value }), expect)
    })
  }

  const appendUnknown: [value: unknown, expect: string][] = [
    [null, ''],
    [[null], ''],
    [[null, null], ''],
    ['', '?v='],
    [[''], '?v='],
    [0, '?v=0'],
    // Python's str(1.0) is '1.0'; JavaScript has one number type and writes 1
    [1.0, '?v=1'],
    [[1, 2], '?v=1&v=2'],
    [[1, null, 2], '?v=1&v=2'],
    [[1, '', 2], '?v=1&v=&v=2'],
    ['1+2', '?v=1%2B2'],
  ]
  for (const [value, expect] of appendUnknown) {
    it(`${origin}test_build_append_unknown_dict[${JSON.stringify(value)}]`, () => {
      const map = mapOf([{ rule: '/', endpoint: 'a' }])
      assert.equal(map.urlFor('a', { v: value }), `/${expect}`)
    })
  }

  it(`${origin}test_build_drop_none`, () => {
    const map = mapOf([{ rule: '/flob/<flub>', endpoint: 'endp' }])
    assert.throws(() => map.urlFor('endp', { flub: null, flop: null }), isBuildError)
    const built = map.urlFor('endp', { flub: 'x', flop: null })
    assert.ok(!built.includes('flop'))
  })

  it(`${origin}test_method_fallback`, () => {
    const map = mapOf([
      { rule: '/', endpoint: 'index', methods: ['GET'] },
      { rule: '/<name>', endpoint: 'hello_name', methods: ['GET'] },
      { rule: '/select', endpoint: 'hello_select', methods: ['POST'] },
      { rule: '/search_get', endpoint: 'search', methods: ['GET'] },
      { rule: '/search_post', endpoint: 'search', methods: ['POST'] },
    ])
    assert.equal(map.urlFor('index'), '/')
    assert.equal(map.urlFor('index', { _method: 'GET' }), '/')
    assert.equal(map.urlFor('hello_name', { name: 'foo' }), '/foo')
    assert.equal(map.urlFor('hello_select'), '/select')
    assert.equal(map.urlFor('hello_select', { _method: 'POST' }), '/select')
    assert.equal(map.urlFor('search'), '/search_get')
    assert.equal(map.urlFor('search', { _method: 'GET' }), '/search_get')
    assert.equal(map.urlFor('search', { _method: 'POST' }), '/search_post')
  })

  it(`${origin}test_protocol_joining_bug`, () => {
    const map = mapOf([{ rule: '/<foo>', endpoint: 'x' }], { serverName: 'example.org' })
    assert.equal(map.urlFor('x', { foo: 'x:y' }), '/x:y')
    assert.equal(map.urlFor('x', { foo: 'x:y', _external: true }), 'http://example.org/x:y')
  })

  it(`${origin}test_external_building_with_port`, () => {
    const map = mapOf([{ rule: '/', endpoint: 'index' }], { serverName: 'example.org:5000' })
    assert.equal(map.urlFor('index', { _external: true }), 'http://example.org:5000/')
  })

  it(`${origin}test_external_building_with_port_bind_to_environ`, () => {
    // bound to a request for http://example.org:5000/, with the same server name
    const map = mapOf([{ rule: '/', endpoint: 'index' }], { serverName: 'example.org:5000' })
    const request = { protocol: 'http', host: 'example.org:5000' }
    assert.equal(map.urlFor('index', { _external: true }, request), 'http://example.org:5000/')
  })

  for (const prefix of ['', '/aaa']) {
    it(`${origin}test_double_defaults[${prefix}] (build side)`, () => {
      const map = mapOf([
        { rule: `${prefix}/`, defaults: { foo: 1, bar: false }, endpoint: 'x' },
        { rule: `${prefix}/<int:foo>`, defaults: { bar: false }, endpoint: 'x' },
        { rule: `${prefix}/bar/`, defaults: { foo: 1, bar: true }, endpoint: 'x' },
        { rule: `${prefix}/bar/<int:foo>`, defaults: { bar: true }, endpoint: 'x' },
      ])
      assert.equal(map.urlFor('x', { foo: 1, bar: false }), `${prefix}/`)
      assert.equal(map.urlFor('x', { foo: 2, bar: false }), `${prefix}/2`)
      assert.equal(map.urlFor('x', { bar: false }), `${prefix}/`)
      assert.equal(map.urlFor('x', { foo: 1, bar: true }), `${prefix}/bar/`)
      assert.equal(map.urlFor('x', { foo: 2, bar: true }), `${prefix}/bar/2`)
      assert.equal(map.urlFor('x', { bar: true }), `${prefix}/bar/`)
    })
  }

  it(`${origin}test_unicode_rules (build side)`, () => {
    // the IDNA host of the test (☃.example.com) is given already encoded: no IDNA here
    const map = mapOf(
      [
        { rule: '/войти/', endpoint: 'enter' },
        { rule: '/foo+bar/', endpoint: 'foobar' },
      ],
      { serverName: 'xn--n3h.example.com' },
    )
    assert.equal(
      map.urlFor('enter', { _external: true }),
      'http://xn--n3h.example.com/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/',
    )
    assert.equal(map.urlFor('foobar', { _external: true }), 'http://xn--n3h.example.com/foo+bar/')
  })

  it(`${origin}test_finding_closest_match_by_endpoint`, () => {
    const map = mapOf([
      { rule: '/foo/', endpoint: 'users.here' },
      { rule: '/wat/', endpoint: 'admin.users' },
      { rule: '/woop', endpoint: 'foo.users' },
    ])
    assert.equal(map.closest('admin.user')[0], 'admin.users')
  })

  it(`${origin}test_finding_closest_match_when_none_exist`, () => {
    assert.deepEqual(mapOf([]).closest('invalid'), [])
  })

  it(`${origin}test_error_message_without_suggested_rule`, () => {
    const map = mapOf([{ rule: '/foo/', endpoint: 'world', methods: ['GET'] }])
    assert.throws(() => map.urlFor('urks'), /Could not build a URL for endpoint 'urks'/)
    assert.throws(
      () => map.urlFor('world', { _method: 'POST' }),
      /Could not build a URL for endpoint 'world'.*it answers GET, not POST/,
    )
    assert.throws(
      () => map.urlFor('urks', { user_id: 5 }),
      /Could not build a URL for endpoint 'urks' with values \{"user_id":5\}/,
    )
  })

  it(`${origin}test_error_message_suggestion`, () => {
    const map = mapOf([{ rule: '/foo/<id>/', endpoint: 'world', methods: ['GET'] }])
    assert.throws(() => map.urlFor('helloworld'), /Did you mean 'world'\?/)
    assert.throws(
      () => map.urlFor('world'),
      (error: Error) => {
        assert.match(error.message, /missing a value for 'id'/)
        assert.doesNotMatch(error.message, /answers/)
        return true
      },
    )
    assert.throws(() => map.urlFor('world', { id: 2, _method: 'POST' }), /it answers GET, not POST/)
  })

  it(`${origin}test_build_url_with_arg_self`, () => {
    const map = mapOf([{ rule: '/foo/<string:self>', endpoint: 'foo' }], {
      serverName: 'example.org',
    })
    assert.equal(map.urlFor('foo', { self: 'bar', _external: true }), 'http://example.org/foo/bar')
  })

  it(`${origin}test_build_url_with_arg_keyword`, () => {
    const map = mapOf([{ rule: '/foo/<string:class>', endpoint: 'foo' }], {
      serverName: 'example.org',
    })
    assert.equal(map.urlFor('foo', { class: 'bar', _external: true }), 'http://example.org/foo/bar')
  })

  it(`${origin}test_alias_redirects (build side, without the alias rules)`, () => {
    const map = mapOf([
      { rule: '/', endpoint: 'index' },
      { rule: '/users/', defaults: { page: 1 }, endpoint: 'users' },
      { rule: '/users/page/<int:page>', endpoint: 'users' },
    ])
    assert.equal(map.urlFor('index'), '/')
    assert.equal(map.urlFor('users', { page: 1 }), '/users/')
    assert.equal(map.urlFor('users', { page: 2 }), '/users/page/2')
  })

  it(`${origin}test_merge_slashes_build (a rule keeps its double slash)`, () => {
    // Werkzeug merges slashes only with merge_slashes; here, as its no_merge rule
    const map = mapOf([{ rule: '/no//merge', endpoint: 'no_merge' }])
    assert.equal(map.urlFor('no_merge'), '/no//merge')
  })

  it(`${origin}test_long_build`, () => {
    const values: Record<string, number> = {}
    for (let x = 0; x < 10000; x++) values[`v${x}`] = x
    const rule = Object.keys(values)
      .map((key) => `/<${key}>`)
      .join('')
    const map = mapOf([{ rule, endpoint: 'bleep' }])
    const built = `${map.urlFor('bleep', values)}/`
    for (const value of Object.values(values)) assert.ok(built.includes(`/${value}`))
  })
  it(`${origin}test_non_string_parts`, () => {
    const map = mapOf([{ rule: '/<foo>', endpoint: 'foo' }])
    assert.equal(map.urlFor('foo', { foo: 42 }), '/42')
  })

  it(`${origin}test_complex_routing_rules (build side)`, () => {
    const map = mapOf([
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
    ])
    assert.equal(map.urlFor('index'), '/')
    assert.equal(map.urlFor('an_int', { blub: 42 }), '/42')
    assert.equal(map.urlFor('a_string', { blub: 'test' }), '/test')
    assert.equal(map.urlFor('nested'), '/foo/')
    assert.equal(map.urlFor('nestedbar'), '/foobar/')
    assert.equal(map.urlFor('nested_show', { testing: '1/2/3' }), '/foo/1/2/3/')
    assert.equal(map.urlFor('nested_edit', { testing: '1/2/3' }), '/foo/1/2/3/edit')
    assert.equal(map.urlFor('users', { page: 1 }), '/users/')
    assert.equal(map.urlFor('users', { page: 2 }), '/users/page/2')
    assert.equal(map.urlFor('foox'), '/foox')
    assert.equal(map.urlFor('barx_path_path', { bar: '1', blub: '2/3' }), '/1/2/3')
  })

  it(`${origin}test_http_host_before_server_name (the request's Host when no server name is set)`, () => {
    // Werkzeug binds to the request's HTTP_HOST; here serverName, when set, wins (issue 14)
    const map = mapOf([{ rule: '/', endpoint: 'index' }])
    const request = { protocol: 'http', host: 'wiki.example.com' }
    assert.equal(map.urlFor('index', { _external: true }, request), 'http://wiki.example.com/')
    assert.equal(map.urlFor('index', {}, request), '/')
  })
})
