// Werkzeug's tests/test_routing.py, the host and subdomain cases (TestSubdomainMatching,
// TestHostMatching and the host parts of the module-level cases), translated case by case:
// `Map([...], host_matching=True)` is an app whose rules carry `host:`, a Map with
// `subdomain=` rules an app with `serverName`; `bind_to_environ` is a request with that
// Host. A rule without host or subdomain answers every host here (see SKIPPED.md).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RouteConflict, UntrustedHost } from '../../src/index.ts'
import { type HostMatched, type HostRule, hostMap } from './host-map.ts'

const ORIGIN = 'werkzeug tests/test_routing.py'

async function expectMatches(
  rules: readonly HostRule[],
  options: Parameters<typeof hostMap>[1],
  cases: readonly (readonly [host: string, path: string, expected: HostMatched])[],
): Promise<void> {
  const map = await hostMap(rules, options)
  try {
    for (const [host, path, expected] of cases) {
      assert.deepEqual(await map.match(host, path), expected, `${host} ${path}`)
    }
  } finally {
    await map.close()
  }
}

describe(`${ORIGIN}::TestSubdomainMatching`, () => {
  const rules: HostRule[] = [
    { rule: '/', endpoint: 'index' },
    { rule: '/', subdomain: 'static', endpoint: 'static' },
    { rule: '/<word>', subdomain: '<lang>', endpoint: 'lookup' },
  ]
  const options = { serverName: 'app.test' }

  it('test_match_no_subdomain', () =>
    expectMatches(rules, options, [['app.test', '/', ['index', {}]]]))

  it('test_match_subdomain', () =>
    expectMatches(rules, options, [['static.app.test', '/', ['static', {}]]]))

  it('test_match_args', () =>
    expectMatches(rules, options, [
      ['jp.app.test', '/%E9%81%93%E5%85%B7', ['lookup', { lang: 'jp', word: '道具' }]],
    ]))

  it('test_warn_other_domain (a host not under serverName gets the rules of every host)', () =>
    expectMatches(rules, options, [['static.other.test', '/', ['index', {}]]]))
})

describe(`${ORIGIN}::TestHostMatching`, () => {
  const rules: HostRule[] = [
    { rule: '/', host: 'app.test', endpoint: 'index' },
    { rule: '/', host: '<lang>.app.test', endpoint: 'lang' },
    { rule: '/page/', host: 'app.<domain>', defaults: { page: 1 }, endpoint: 'page' },
    { rule: '/page/<int:page>/', host: 'pages.<domain>', endpoint: 'page' },
  ]

  it('test_match_host', () => expectMatches(rules, {}, [['app.test', '/', ['index', {}]]]))

  it('test_no_match_other_host', () =>
    expectMatches(rules, {}, [['somewhere.test', '/', 'NotFound']]))

  it('test_match_host_prefix', () =>
    expectMatches(rules, {}, [['en.app.test', '/', ['lang', { lang: 'en' }]]]))

  it('test_match_host_suffix', () =>
    expectMatches(rules, {}, [
      ['app.personal.test', '/page/', ['page', { domain: 'personal.test', page: 1 }]],
    ]))

  it('test_match_redirect_trailing_slash (a same-host Location is a path)', () =>
    expectMatches(rules, {}, [['app.other.test', '/page', { RequestRedirect: '/page/' }]]))

  it('test_match_redirect_other_host', () =>
    expectMatches(rules, {}, [
      ['pages.personal.test', '/page/1/', { RequestRedirect: 'http://app.personal.test/page/' }],
    ]))

  it('test_build_same_host', async () => {
    const map = await hostMap(rules)
    try {
      assert.equal(await map.build('app.test', 'index'), '/')
      assert.equal(
        await map.build('app.personal.test', 'page', { domain: 'personal.test' }),
        '/page/',
      )
    } finally {
      await map.close()
    }
  })

  it('test_build_other_host', async () => {
    const map = await hostMap(rules)
    try {
      assert.equal(await map.build('pages.other.test', 'index'), 'http://app.test/')
      assert.equal(
        await map.build('app.test', 'page', { domain: 'personal.test' }),
        'http://app.personal.test/page/',
      )
    } finally {
      await map.close()
    }
  })
})

describe(ORIGIN, () => {
  it(`${ORIGIN}::test_no_duplicates (the subdomain part)`, () =>
    expectMatches(
      [
        { rule: '/', endpoint: 'index' },
        { rule: '/', endpoint: 'sub', subdomain: 'a' },
      ],
      { serverName: 'example.com' },
      [
        ['example.com', '/', ['index', {}]],
        ['a.example.com', '/', ['sub', {}]],
      ],
    ))

  it(`${ORIGIN}::test_no_duplicates_host`, () =>
    expectMatches(
      [
        { rule: '/', endpoint: 'index', host: 'a' },
        { rule: '/', endpoint: 'host', host: 'b' },
      ],
      {},
      [
        ['a', '/', ['index', {}]],
        ['b', '/', ['host', {}]],
      ],
    ))

  it(`${ORIGIN}::test_duplicate_domain_disabled (the host part: one rule twice for one host is a duplicate)`, async () => {
    await assert.rejects(
      hostMap(
        [
          { rule: '/', endpoint: 'index', subdomain: 'a' },
          { rule: '/', endpoint: 'sub', subdomain: 'a' },
        ],
        { serverName: 'example.com' },
      ),
      (error: Error & { code: string }) => error.code === RouteConflict.code,
    )
  })

  it(`${ORIGIN}::test_basic_building (the subdomain rule)`, async () => {
    const map = await hostMap(
      [
        { rule: '/', endpoint: 'index' },
        { rule: '/hehe', endpoint: 'blah', subdomain: 'blah' },
      ],
      { serverName: 'example.org' },
    )
    try {
      assert.equal(await map.build('blah.example.org', 'blah'), '/hehe')
      // Bound to example.org itself, the rule of another subdomain is an absolute URL.
      assert.equal(await map.build('example.org', 'blah'), 'http://blah.example.org/hehe')
    } finally {
      await map.close()
    }
  })

  it(`${ORIGIN}::test_http_host_before_server_name (the subdomain parts)`, async () => {
    const map = await hostMap([{ rule: '/', endpoint: 'index', subdomain: 'wiki' }], {
      serverName: 'example.com',
    })
    try {
      assert.deepEqual(await map.match('wiki.example.com'), ['index', {}])
      assert.equal(
        await map.build('wiki.example.com', 'index', { _external: true }),
        'http://wiki.example.com/',
      )
      assert.equal(await map.build('wiki.example.com', 'index'), '/')
      assert.equal(await map.build('admin.example.com', 'index'), 'http://wiki.example.com/')
    } finally {
      await map.close()
    }
  })

  for (const [base, name] of [
    ['localhost', 'localhost:80'],
    ['localhost', 'localhost:443'],
  ] as const) {
    it(`${ORIGIN}::test_server_name_match_default_port[${name}]`, () =>
      expectMatches(
        [
          { rule: '/foo', endpoint: 'foo' },
          // The server name's port is not part of what a subdomain rule matches.
          { rule: '/sub', endpoint: 'sub', subdomain: 'www' },
        ],
        { serverName: name },
        [
          [base, '/foo', ['foo', {}]],
          [`www.${base}`, '/sub', ['sub', {}]],
        ],
      ))
  }

  it(`${ORIGIN}::test_request_redirect_default_subdomain`, () =>
    expectMatches(
      [
        { rule: '/foo', endpoint: 'foo', defaults: { bar: 42 }, subdomain: 'test' },
        { rule: '/foo/<int:bar>', endpoint: 'foo', subdomain: 'other' },
      ],
      { serverName: 'localhost' },
      [['other.localhost', '/foo/42', { RequestRedirect: 'http://test.localhost/foo' }]],
    ))

  it(`${ORIGIN}::test_server_name_interpolation`, async () => {
    const rules: HostRule[] = [
      { rule: '/', endpoint: 'index' },
      { rule: '/', endpoint: 'alt', subdomain: 'alt' },
    ]
    await expectMatches(rules, { serverName: 'example.invalid' }, [
      ['example.invalid', '/', ['index', {}]],
      ['alt.example.invalid', '/', ['alt', {}]],
    ])
    // A Host not under the server name: the rules of every host (Werkzeug warns, then the same).
    await expectMatches(rules, { serverName: 'foo' }, [['example.invalid', '/', ['index', {}]]])
  })

  it(`${ORIGIN}::test_server_name_casing`, () =>
    expectMatches(
      [{ rule: '/', endpoint: 'index', subdomain: 'foo' }],
      { serverName: 'example.com' },
      [
        ['FOO.EXAMPLE.COM', '/', ['index', {}]],
        ['127.0.0.1:5000', '/', 'NotFound'],
      ],
    ))

  it(`${ORIGIN}::test_build_url_same_endpoint_multiple_hosts`, async () => {
    const map = await hostMap([
      { rule: '/', endpoint: 'index', host: 'alpha.example.com' },
      { rule: '/', endpoint: 'index', host: 'beta.example.com' },
      { rule: '/', endpoint: 'gamma', host: 'gamma.example.com' },
    ])
    try {
      assert.equal(await map.build('alpha.example.com', 'index'), '/')
      assert.equal(await map.build('alpha.example.com', 'gamma'), 'http://gamma.example.com/')
      assert.equal(await map.build('AlPhA.ExAmPlE.CoM', 'index'), '/')
      assert.equal(await map.build('AlPhA.ExAmPlE.CoM', 'gamma'), 'http://gamma.example.com/')
      assert.equal(await map.build('beta.example.com', 'index'), '/')
      assert.equal(await map.build('BeTa.ExAmPlE.CoM', 'index'), '/')
    } finally {
      await map.close()
    }
  })

  it(`${ORIGIN}::test_bind_trusted_host`, () =>
    expectMatches(
      [{ rule: '/', endpoint: 'index', host: 'example.test' }],
      {
        trustedHosts: ['example.test'],
      },
      [['example.test', '/', ['index', {}]]],
    ))

  it(`${ORIGIN}::test_bind_untrusted_host`, async () => {
    const map = await hostMap([{ rule: '/', endpoint: 'index' }], { trustedHosts: ['other.test'] })
    try {
      const res = await map.app.inject({ url: '/', headers: { host: 'example.test' } })
      // Werkzeug's SecurityError: the library's UntrustedHost, a 400.
      assert.equal(res.statusCode, new UntrustedHost('example.test').statusCode)
      assert.equal(res.statusCode, 400)
    } finally {
      await map.close()
    }
  })
})
