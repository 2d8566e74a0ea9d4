// Flask's subdomain cases (tests/test_basic.py, tests/test_blueprints.py), translated case by
// case: `app.route(..., subdomain=)` is a url() with `subdomain`, `SERVER_NAME` the app's
// `serverName`, a Blueprint's `subdomain=` the blueprint option (test/fixtures/subdomains);
// `client.get(path, base_url)` a request with that Host. Skipped parts: SKIPPED.md.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { response, url } from '../../src/index.ts'
import { routingApp } from '../fixtures/routing/app.ts'
import { appFor } from '../helpers.ts'

const BASIC = 'flask tests/test_basic.py'
const BLUEPRINTS = 'flask tests/test_blueprints.py'

const get = async (
  app: Awaited<ReturnType<typeof routingApp>>,
  host: string,
  path = '/',
): Promise<{ status: number; body: string }> => {
  const res = await app.inject({ url: path, headers: { host } })
  return { status: res.statusCode, body: res.body }
}

describe(BASIC, () => {
  it(`${BASIC}::test_subdomain_basic_support`, async () => {
    const app = await routingApp(
      {
        a: [
          url('/', () => 'normal index', 'normal_index'),
          url('/', () => 'test index', { name: 'test_index', subdomain: 'test' }),
        ],
      },
      { serverName: 'localhost.localdomain' },
    )
    try {
      assert.equal((await get(app, 'localhost.localdomain')).body, 'normal index')
      assert.equal((await get(app, 'test.localhost.localdomain')).body, 'test index')
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_subdomain_matching`, async () => {
    const app = await routingApp(
      {
        a: [
          url('/', (request) => `index for ${(request.params as { user: string }).user}`, {
            name: 'index',
            subdomain: '<user>',
          }),
        ],
      },
      { serverName: 'localhost.localdomain' },
    )
    try {
      assert.equal((await get(app, 'mitsuhiko.localhost.localdomain')).body, 'index for mitsuhiko')
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_subdomain_matching_with_ports`, async () => {
    const app = await routingApp(
      {
        a: [
          url('/', (request) => `index for ${(request.params as { user: string }).user}`, {
            name: 'index',
            subdomain: '<user>',
          }),
        ],
      },
      { serverName: 'localhost.localdomain:3000' },
    )
    try {
      assert.equal(
        (await get(app, 'mitsuhiko.localhost.localdomain:3000')).body,
        'index for mitsuhiko',
      )
      // Flask's url_for links the subdomain at the server name's port.
      assert.equal(app.urlFor('a.index', { user: 'bob' }), 'http://bob.localhost.localdomain:3000/')
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_subdomain_matching_other_name[False] (an app without subdomain rules answers every host)`, async () => {
    const app = await routingApp(
      { a: [url('/', () => response('', 204), 'index')] },
      { serverName: 'localhost.localdomain:3000' },
    )
    try {
      assert.equal((await get(app, '127.0.0.1:3000')).status, 204)
      assert.equal((await get(app, 'www.localhost.localdomain:3000')).status, 204)
    } finally {
      await app.close()
    }
  })

  it(`${BASIC}::test_server_name_subdomain`, async () => {
    const rules = {
      a: [
        url('/', () => 'default', 'index'),
        url('/', () => 'subdomain', { name: 'subdomain', subdomain: 'foo' }),
      ],
    }
    for (const [serverName, host] of [
      ['dev.local:5000', 'localhost'],
      ['dev.local:5000', 'dev.local:5000'],
      ['dev.local:443', 'dev.local'],
      ['dev.local', 'dev.local'],
    ] as const) {
      const app = await routingApp(rules, { serverName })
      try {
        assert.equal((await get(app, host)).body, 'default', `${serverName} ${host}`)
      } finally {
        await app.close()
      }
    }
    const app = await routingApp(rules, { serverName: 'dev.local' })
    try {
      // Werkzeug 3.2: a Host not under the server name gets the default rules (200).
      const other = await get(app, 'foo.localhost')
      assert.equal(other.status, 200)
      assert.equal(other.body, 'default')
      assert.equal((await get(app, 'foo.dev.local')).body, 'subdomain')
    } finally {
      await app.close()
    }
  })
})

describe(BLUEPRINTS, () => {
  it(`${BLUEPRINTS}::test_nesting_subdomains (without nesting: the module's own subdomain)`, async () => {
    const app = await appFor('subdomains', ['api'], { serverName: 'example.test' })
    try {
      const res = await app.inject({ url: '/child/', headers: { host: 'api.example.test' } })
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, 'child')
    } finally {
      await app.close()
    }
  })

  it(`${BLUEPRINTS}::test_child_and_parent_subdomain (without nesting: the joined subdomain)`, async () => {
    const app = await appFor('subdomains', ['parent'], { serverName: 'example.test' })
    try {
      const child = await app.inject({ url: '/', headers: { host: 'api.parent.example.test' } })
      assert.equal(child.statusCode, 200)
      assert.equal(child.body, 'child')
      const parent = await app.inject({ url: '/', headers: { host: 'parent.example.test' } })
      assert.equal(parent.statusCode, 404)
    } finally {
      await app.close()
    }
  })
})
