// Host and subdomain rules through the real request path: a module's subdomain
// (test/fixtures/subdomains), a rule's own host, what the 405/308 answers and urlFor make
// of them, the start-up checks, and what an app without host rules registers.
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { collectRoutes } from '../../src/cli/routes.ts'
import {
  InvalidURLRule,
  SubdomainWithoutServerName,
  UntrustedHostRule,
  url,
} from '../../src/index.ts'
import { echo, routingApp } from '../fixtures/routing/app.ts'
import { appFor, fixture } from '../helpers.ts'

const SERVER = { serverName: 'example.com' }

const hit = async (
  app: Awaited<ReturnType<typeof appFor>>,
  host: string,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
) => app.inject({ method: method as 'GET', url: path, headers: { host, ...headers } })

describe('a module with a subdomain', () => {
  it("answers its rules on <subdomain>.<serverName> only; a rule's own subdomain wins", async () => {
    const app = await appFor('subdomains', ['api', 'www'], SERVER)
    try {
      assert.equal((await hit(app, 'api.example.com', '/child/')).body, 'child')
      assert.equal((await hit(app, 'example.com', '/child/')).statusCode, 404)
      assert.equal((await hit(app, 'www.example.com', '/child/')).statusCode, 404)
      assert.deepEqual((await hit(app, 'API.Example.COM:8080', '/users/7')).json(), { id: 7 })
      // '<user>' of the rule, not the module's 'api'.
      assert.deepEqual((await hit(app, 'bob.example.com', '/3')).json(), { user: 'bob', id: 3 })
      // A Host that is no host name is not a user's subdomain.
      assert.equal((await hit(app, 'a"b.example.com', '/3')).statusCode, 404)
      // A module without a subdomain answers every host.
      assert.equal((await hit(app, 'example.com', '/')).body, 'www index')
      assert.equal((await hit(app, 'api.example.com', '/')).body, 'www index')
    } finally {
      await app.close()
    }
  })

  it("answers 405, 308 and OPTIONS from the request host's rules only", async () => {
    const app = await appFor('subdomains', ['api', 'www'], SERVER)
    try {
      const wrong = await hit(app, 'api.example.com', '/things/')
      assert.equal(wrong.statusCode, 405)
      assert.equal(wrong.headers.allow, 'POST, OPTIONS')
      assert.equal((await hit(app, 'www.example.com', '/things/')).statusCode, 404)
      const options = await hit(app, 'api.example.com', '/things/', 'OPTIONS')
      assert.equal(options.statusCode, 200)
      assert.equal(options.headers.allow, 'POST, OPTIONS')
      assert.equal((await hit(app, 'www.example.com', '/things/', 'OPTIONS')).statusCode, 404)
      const slash = await hit(app, 'api.example.com', '/child?x=1')
      assert.equal(slash.statusCode, 308)
      assert.equal(slash.headers.location, '/child/?x=1')
      assert.equal((await hit(app, 'example.com', '/child')).statusCode, 404)
    } finally {
      await app.close()
    }
  })

  it('is linked by urlFor with an absolute URL from another host, a path from its own', async () => {
    const app = await appFor('subdomains', ['api', 'www'], SERVER)
    try {
      assert.deepEqual((await hit(app, 'example.com', '/links')).json(), {
        user: 'http://api.example.com/users/3',
        profile: 'http://bob.example.com/3',
        home: '/',
        external: 'http://example.com/',
      })
      // Templates build a host rule's url_for at render time, for the request's host.
      assert.equal(
        (await hit(app, 'api.example.com', '/links.html')).body.trim(),
        '/users/3 / http://bob.example.com/3',
      )
      // Outside a request: the server name is the current host.
      assert.equal(app.urlFor('api.user', { id: 3 }), 'http://api.example.com/users/3')
      assert.equal(app.urlFor('api.profile', { user: 'bob', id: 3 }), 'http://bob.example.com/3')
      assert.throws(() => app.urlFor('api.profile', { id: 3 }), /missing a value for 'user'/)
    } finally {
      await app.close()
    }
  })

  it('needs serverName (SubdomainWithoutServerName), as Flask', async () => {
    await assert.rejects(
      appFor('subdomains', ['api']),
      (error: Error & { code: string }) =>
        error.code === SubdomainWithoutServerName.code && /'api'/.test(error.message),
    )
  })
})

describe('the command line on an app with subdomains', () => {
  it('lists its routes without a server name: subdomains tell rules apart there too', async () => {
    const rows = await collectRoutes({
      root: fixture('subdomains'),
      modulesFolder: join(fixture('subdomains'), 'modules'),
      enabled: ['api', 'parent', 'www'],
    })
    const root = rows.filter((row) => row.rule === '/').map((row) => row.endpoint)
    assert.deepEqual(root, ['parent.index', 'www.index'])
  })
})

describe('host rules', () => {
  it('share a path with rules of every host: the host rule wins its hosts', async () => {
    const app = await routingApp({
      a: [
        url('/<int:id>', echo, { name: 'tenant', host: '<tenant>.shop.test' }),
        url('/<name>', echo, 'named'),
        url('/about', echo, { name: 'about', host: 'shop.test' }),
        url('/about', echo, 'about_all'),
      ],
    })
    try {
      assert.deepEqual((await hit(app, 'acme.shop.test', '/3')).json(), {
        endpoint: 'a.tenant',
        params: { tenant: 'acme', id: 3 },
      })
      assert.deepEqual((await hit(app, 'other.test', '/3')).json(), {
        endpoint: 'a.named',
        params: { name: '3' },
      })
      // A Host the rule's pattern takes but that is no host name never gives its values.
      assert.equal((await hit(app, 'a"b.shop.test', '/3')).json().endpoint, 'a.named')
      assert.equal((await hit(app, 'shop.test', '/about')).json().endpoint, 'a.about')
      assert.equal((await hit(app, 'other.test', '/about')).json().endpoint, 'a.about_all')
    } finally {
      await app.close()
    }
  })

  it('are refused when written wrong, or when trustedHosts would answer their hosts 400', async () => {
    const view = () => ''
    assert.throws(() => url('/', view, { host: 'example.com:8080' }), InvalidURLRule)
    assert.throws(() => url('/', view, { host: 'example.com/x' }), InvalidURLRule)
    assert.throws(() => url('/', view, { subdomain: '.api' }), InvalidURLRule)
    await assert.rejects(
      routingApp({ a: [url('/', view, { name: 'x', host: '<path:p>.example.com' })] }),
      InvalidURLRule,
    )
    await assert.rejects(
      routingApp({ a: [url('/<id>', view, { name: 'x', host: '<id>.example.com' })] }),
      /in both the host and the path/,
    )
    const untrusted = (error: Error & { code: string }) => error.code === UntrustedHostRule.code
    await assert.rejects(
      appFor('subdomains', ['api'], { ...SERVER, trustedHosts: ['example.com'] }),
      untrusted,
    )
    await assert.rejects(
      routingApp(
        { a: [url('/', view, { name: 'x', host: 'app.<domain>' })] },
        {
          trustedHosts: ['.app.test'],
        },
      ),
      untrusted,
    )
    const trusted = await appFor('subdomains', ['api'], {
      ...SERVER,
      trustedHosts: ['.example.com'],
    })
    assert.equal((await hit(trusted, 'api.example.com', '/child/')).body, 'child')
    await trusted.close()
  })

  it('match the Host the app receives; behind a proxy, links use X-Forwarded-Host', async () => {
    const app = await appFor('subdomains', ['api', 'www'], { ...SERVER, trustProxy: true })
    try {
      // The generated nginx config forwards both (Host $http_host, X-Forwarded-Host $http_host).
      const both = { 'x-forwarded-host': 'api.example.com' }
      assert.equal((await hit(app, 'api.example.com', '/child/', 'GET', both)).body, 'child')
      // A proxy that rewrites Host: the rule sees the Host it was sent.
      assert.equal((await hit(app, 'app:3000', '/child/', 'GET', both)).statusCode, 404)
      const links = await hit(app, 'api.example.com', '/links', 'GET', both)
      assert.equal(links.json().user, '/users/3')
    } finally {
      await app.close()
    }
  })
})

describe('an app without host rules', () => {
  it('registers no host constraint: matching costs what it did', async () => {
    const constrained: string[] = []
    const collect = (app: Awaited<ReturnType<typeof routingApp>>) =>
      app.addHook('onRoute', (route) => {
        if (route.constraints?.host !== undefined) constrained.push(route.url)
      })
    const plain = await routingApp(
      { a: [url('/', echo, 'index'), url('/<int:id>', echo, 'item')] },
      SERVER,
      collect,
    )
    await plain.close()
    assert.deepEqual(constrained, [])
    const hosted = await routingApp(
      { a: [url('/', echo, 'index'), url('/x', echo, { name: 'x', subdomain: 'api' })] },
      SERVER,
      collect,
    )
    await hosted.close()
    // GET /x and the HEAD route Fastify adds beside it.
    assert.deepEqual([...new Set(constrained)], ['/x'])
  })
})

describe('host rules over a real socket', () => {
  it('route by the Host header the client sends', async () => {
    const app = await appFor('subdomains', ['api', 'www'], SERVER)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const get = (host: string, path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            body += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
        req.on('error', reject)
        req.end()
      })
    try {
      assert.deepEqual(await get(`api.example.com:${port}`, '/child/'), {
        status: 200,
        body: 'child',
      })
      assert.equal((await get(`example.com:${port}`, '/child/')).status, 404)
      const profile = await get(`bob.example.com:${port}`, '/3')
      assert.deepEqual(JSON.parse(profile.body), { user: 'bob', id: 3 })
    } finally {
      await app.close()
    }
  })
})
