// The original's tests/test_urls.py and test_router.py, ported to this API, then further.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Blueprint,
  InvalidURLFunction,
  InvalidURLName,
  InvalidURLPattern,
  InvalidURLRule,
  Router,
  UnspecifiedURLMethods,
  UrlPattern,
  url,
} from '../../src/index.ts'

import { mountedPattern } from '../../src/urls/prefix.ts'

const echo = (x: unknown) => x
// Values that break the declared types, as a JavaScript caller could pass them.
const loose = url as unknown as (...args: unknown[]) => UrlPattern

describe('url()', () => {
  it('returns a pattern with GET by default, named after the view', () => {
    const pattern = url('/', echo)
    assert.ok(pattern instanceof UrlPattern)
    assert.deepEqual(pattern.methods, ['GET'])
    assert.equal(pattern.name, 'echo')
    assert.equal(pattern.rule, '/')
  })

  const valid: [string, UrlPattern, { name: string; methods: string[] }][] = [
    [
      'positional name and methods',
      url('/', echo, 'home', ['GET', 'POST']),
      { name: 'home', methods: ['GET', 'POST'] },
    ],
    [
      'options form',
      url('/', echo, { name: '_home', methods: ['GET', 'POST', 'PUT'] }),
      { name: '_home', methods: ['GET', 'POST', 'PUT'] },
    ],
    [
      'no name with methods',
      url('/', echo, undefined, ['get', 'put']),
      { name: 'echo', methods: ['GET', 'PUT'] },
    ],
    [
      'duplicate methods folded',
      url('/', echo, 'x', ['GET', 'get']),
      { name: 'x', methods: ['GET'] },
    ],
  ]
  for (const [title, pattern, expected] of valid) {
    it(`accepts ${title}`, () => {
      assert.equal(pattern.name, expected.name)
      assert.deepEqual(pattern.methods, expected.methods)
      assert.equal(pattern.view, echo)
    })
  }

  const invalid: [string, unknown[], { code: string }][] = [
    ['an empty rule', ['', echo], InvalidURLRule],
    ['a number as rule', [10, echo], InvalidURLRule],
    ['a string as view', ['/', 'hypothetical_function_name'], InvalidURLFunction],
    ['a called view', ['/', echo(10)], InvalidURLFunction],
    ['a number as name', ['/', echo, 1], InvalidURLName],
    ['an empty name', ['/', echo, ''], InvalidURLName],
    ['a dotted name', ['/', echo, 'a.b'], InvalidURLName],
    [
      'a view whose function name has a dot',
      ['/', Object.defineProperty(() => 1, 'name', { value: 'a.b' })],
      InvalidURLName,
    ],
    // The methods are checked first: an anonymous view is valid (issue 12, item 10).
    [
      'an anonymous view with no methods',
      ['/', (x: unknown) => x, undefined, []],
      UnspecifiedURLMethods,
    ],
    ['an empty methods list', ['/', echo, undefined, []], UnspecifiedURLMethods],
    ['an empty method', ['/', echo, undefined, ['']], UnspecifiedURLMethods],
    ['methods as a string', ['/', echo, undefined, 'GET'], UnspecifiedURLMethods],
    ['methods as a number', ['/', echo, undefined, 1], UnspecifiedURLMethods],
    ['methods in the options form', ['/', echo, { methods: [] }], UnspecifiedURLMethods],
  ]
  for (const [title, args, ErrorClass] of invalid) {
    it(`refuses ${title}`, () => {
      assert.throws(
        () => loose(...args),
        (error: { code: string }) => {
          assert.equal(error.code, ErrorClass.code)
          return true
        },
      )
    })
  }

  it('refuses a rule without a leading slash where it is mounted without a url prefix', () => {
    // Written without '/', a rule is relative to its module's url prefix (Flask's
    // test_blueprint_prefix_slash: '/foo/' + 'bar'); with no prefix it is refused, as before.
    const pattern = url('admin/', echo)
    assert.throws(
      () => mountedPattern(pattern, undefined),
      (error: { code: string }) => {
        assert.equal(error.code, InvalidURLRule.code)
        return true
      },
    )
    assert.equal(mountedPattern(pattern, '/site').rule, '/site/admin/')
  })

  it('takes an anonymous view: GET, no name (the original tests/test_urls.py)', () => {
    const pattern = url('/', (x: unknown) => x)
    assert.deepEqual(pattern.methods, ['GET'])
    assert.equal(pattern.name, undefined)
  })

  it('passes other Fastify route options through', () => {
    const schema = { querystring: { type: 'object' } }
    const pattern = url('/', echo, { name: 'x', schema, bodyLimit: 10 })
    assert.deepEqual(pattern.extras, { schema, bodyLimit: 10 })
  })
})

describe('Router.createBlueprint', () => {
  it('makes a blueprint rooted at the module folder', () => {
    const blueprint = Router.createBlueprint('home', import.meta.url)
    assert.ok(blueprint instanceof Blueprint)
    assert.equal(blueprint.name, 'home')
    assert.equal(blueprint.root, import.meta.dirname)
    assert.equal(blueprint.staticFolder, `${import.meta.dirname}/static`)
    assert.equal(blueprint.templateFolder, `${import.meta.dirname}/templates`)
  })

  const badNames: [string, unknown][] = [
    ['an empty module name', ''],
    ['a dotted module name', 'a.b'],
    ['a blank module name', '  '],
  ]
  for (const [title, name] of badNames) {
    it(`refuses ${title} with InvalidURLName`, () => {
      assert.throws(
        () => Router.createBlueprint(name as string, import.meta.dirname),
        (error: { code: string }) => error.code === InvalidURLName.code,
      )
    })
  }

  it('refuses an option blueprints do not have, naming it and the known ones', () => {
    assert.throws(
      () => Router.createBlueprint('home', import.meta.dirname, { shareStatic: false } as never),
      (error: Error & { code: string }) => {
        assert.equal(error.code, 'FMS_ERR_MODULE_UNKNOWN_OPTION')
        assert.match(error.message, /'shareStatic'.*'requires'.*'sharedStatic'/)
        return true
      },
    )
  })

  it('queues its url patterns in order', () => {
    const blueprint = Router.createBlueprint('home', import.meta.dirname)
    blueprint.registerUrls([url('/', echo, 'home'), url('/test', echo, 'test')])
    assert.deepEqual(
      blueprint.urlpatterns.map((p) => [p.rule, p.name]),
      [
        ['/', 'home'],
        ['/test', 'test'],
      ],
    )
  })

  it('refuses a pattern list holding anything but url() values', () => {
    const blueprint = Router.createBlueprint('home', import.meta.dirname)
    const bad = [url('/', echo), { rule: '/x', view: echo }] as unknown as UrlPattern[]
    assert.throws(
      () => blueprint.registerUrls(bad),
      (error: Error & { code: string }) => {
        assert.equal(error.code, InvalidURLPattern.code)
        assert.match(error.message, /module 'home': urlpatterns\[1\]/)
        return true
      },
    )
  })
})
