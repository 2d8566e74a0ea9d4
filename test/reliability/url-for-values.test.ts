// Reverse URLs built from request values, as an attacker drives them over a raw socket: a
// view passing `{ ...request.query }` to urlFor (the "keep the filters" habit) must never
// hand out a javascript: or off-site link nor answer 500; an absolute URL never carries a
// Host the app does not trust.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  BuildError,
  InvalidTrustedHosts,
  MicroServicesApp,
  type MicroServicesInstance,
  type MicroServicesOptions,
} from '../../src/index.ts'
import { appFor } from '../helpers.ts'

interface Answer {
  readonly status: number
  readonly body: string
}

/** Sends `head` (request line and headers, without the blank line) and reads the answer to the end. */
function raw(port: number, head: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' })
    const chunks: Buffer[] = []
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) })
    })
    socket.end(`${head}\r\nConnection: close\r\n\r\n`)
  })
}

const get = (port: number, path: string, host = '127.0.0.1') =>
  raw(port, `GET ${path} HTTP/1.1\r\nHost: ${host}`)

/** The href of the page's one link, as a browser reads it (entities decoded). */
const href = (body: string): string | undefined =>
  /href="([^"]*)"/
    .exec(body)?.[1]
    ?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))

// Details exposed: the tests read the refusal's code (outside development a 4xx of the
// library says its status text only, which test/reliability/faults.test.ts checks).
async function listening(options: MicroServicesOptions = {}) {
  const app = await appFor('url-for-values', undefined, { exposeErrors: true, ...options })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as AddressInfo).port }
}

describe('urlFor with values from the request', () => {
  let app: MicroServicesInstance
  let port: number
  before(async () => ({ app, port } = await listening()))
  after(() => app.close())

  it('keeps plain filters, encoded', async () => {
    const answer = await get(port, '/shop/?q=red%20shoes&page=2')
    assert.equal(answer.status, 200)
    assert.equal(href(answer.body), '/shop/?q=red+shoes&page=2')
  })

  // Each of these was a javascript: link, an off-site link or a 500 before.
  const attacks: [query: string, why: RegExp][] = [
    ['_scheme=javascript', /'_scheme' needs '_external: true'/],
    ['_scheme=javascript&_external=true', /'_external' must be true or false/],
    ['_scheme=https://evil.example/%23', /'_scheme' needs '_external: true'/],
    ['_scheme=data', /'_scheme' needs '_external: true'/],
    ['_method=DELETE', /it answers GET, not DELETE/],
    ['_method=DELETE&_method=GET', /'_method' must be an HTTP method name/],
    ['_method=%00', /'_method' must be an HTTP method name/],
    ['_external=x', /'_external' must be true or false/],
    ['_external=true', /'_external' must be true or false/],
    ['_anchor=a&_anchor=b', /'_anchor' must be a string/],
  ]
  for (const [query, why] of attacks) {
    it(`?${query} is a 400 BuildError, not a link nor a 500`, async () => {
      const answer = await get(port, `/shop/?${query}`)
      assert.equal(answer.status, 400)
      assert.doesNotMatch(answer.body, /href=/)
      assert.match(answer.body, /FMS_ERR_URL_BUILD/)
      assert.match(answer.body, why)
    })
  }

  it('an _anchor stays a fragment of this page, quoted', async () => {
    const answer = await get(port, '/shop/?_anchor=x%22%3E%3Cscript%3Ealert(1)%3C/script%3E')
    assert.equal(answer.status, 200)
    assert.equal(href(answer.body), '/shop/#x%22%3E%3Cscript%3Ealert(1)%3C/script%3E')
    assert.doesNotMatch(answer.body, /<script>/)
  })

  const schemes: [scheme: unknown, built: string | RegExp][] = [
    ['https', 'https://shop.test/shop/'],
    ['HTTPS', 'https://shop.test/shop/'],
    ['ws', 'ws://shop.test/shop/'],
    ['git+ssh', 'git+ssh://shop.test/shop/'],
    ['javascript', /the scheme 'javascript' is refused/],
    ['JavaScript', /the scheme 'JavaScript' is refused/],
    ['data', /the scheme 'data' is refused/],
    ['vbscript', /the scheme 'vbscript' is refused/],
    ['file', /the scheme 'file' is refused/],
    [' javascript', /is not a URL scheme/],
    ['java\tscript', /is not a URL scheme/],
    ['https://evil.example/#', /is not a URL scheme/],
    ['1http', /is not a URL scheme/],
    ['', /is not a URL scheme/],
    [['https'], /is not a URL scheme/],
  ]
  for (const [scheme, built] of schemes) {
    it(`urlFor with _external and _scheme ${JSON.stringify(scheme)}`, () => {
      const call = () =>
        app.urlFor('shop.list', { _external: true, _scheme: scheme as string }) as string
      const scoped = app.urlMap
      const withServer = () =>
        scoped.urlFor(
          'shop.list',
          { _external: true, _scheme: scheme as string },
          {
            host: 'shop.test',
            protocol: 'http',
          },
        )
      if (typeof built === 'string') assert.equal(withServer(), built)
      else {
        for (const attempt of [call, withServer]) {
          assert.throws(attempt, (error: Error & { statusCode: number }) => {
            assert.ok(error instanceof BuildError)
            assert.equal(error.statusCode, 400)
            assert.match(error.message, built)
            return true
          })
        }
      }
    })
  }
})

describe('absolute URLs and the Host header', () => {
  it('a Host that is no host name never reaches a URL: 400', async () => {
    const { app, port } = await listening()
    try {
      for (const host of ['evil.example/phish?', 'evil.example#', 'a b', 'user@evil.example', '']) {
        const answer = await get(port, '/shop/share', host)
        assert.equal(answer.status, 400, `Host: ${host}`)
        assert.doesNotMatch(answer.body, /http:\/\/evil/)
      }
      const fine = await get(port, '/shop/share', 'shop.test:8080')
      assert.equal(fine.status, 200)
      assert.equal(fine.body, 'http://shop.test:8080/shop/')
    } finally {
      await app.close()
    }
  })

  it('serverName wins over the request Host', async () => {
    const { app, port } = await listening({ serverName: 'shop.test' })
    try {
      const answer = await get(port, '/shop/share', 'evil.example')
      assert.equal(answer.status, 200)
      assert.equal(answer.body, 'http://shop.test/shop/')
    } finally {
      await app.close()
    }
  })

  it("trustedHosts refuses other hosts with 400, as Django's ALLOWED_HOSTS", async () => {
    const { app, port } = await listening({ trustedHosts: ['shop.test', '.example.com'] })
    try {
      const cases: [host: string, status: number][] = [
        ['shop.test', 200],
        ['SHOP.test:8080', 200],
        ['shop.test.', 200],
        ['example.com', 200],
        ['www.example.com', 200],
        ['a.b.example.com:443', 200],
        ['evil.example', 400],
        ['shop.test.evil.example', 400],
        ['evilexample.com', 400],
        ['shop.test/x', 400],
        ['shop.test:80:80', 400],
        ['[::1]', 400],
      ]
      for (const [host, status] of cases) {
        const answer = await get(port, '/shop/share', host)
        assert.equal(answer.status, status, `Host: ${host}`)
        if (status === 400) assert.match(answer.body, /FMS_ERR_HOST_UNTRUSTED/)
      }
      // every request, not only those of module routes: a 404 too
      assert.equal((await get(port, '/nothing/here', 'evil.example')).status, 400)
      // an HTTP/1.0 request may come without a Host: untrusted
      assert.equal((await raw(port, 'GET /shop/share HTTP/1.0')).status, 400)
    } finally {
      await app.close()
    }
  })

  it("trustedHosts ['*'] takes any host name, never a malformed Host", async () => {
    const { app, port } = await listening({ trustedHosts: ['*'] })
    try {
      assert.equal((await get(port, '/shop/share', 'anything.example')).status, 200)
      assert.equal((await get(port, '/shop/share', 'evil.example/phish?')).status, 400)
    } finally {
      await app.close()
    }
  })

  const badOptions: unknown[] = [
    [],
    'example.com',
    ['example.com:8080'],
    ['http://example.com'],
    [''],
    [7],
    ['a b'],
  ]
  for (const option of badOptions) {
    it(`refuses trustedHosts ${JSON.stringify(option)} when the app is made`, () => {
      assert.throws(
        () => MicroServicesApp({ trustedHosts: option as string[], routeTypes: false }),
        InvalidTrustedHosts,
      )
    })
  }
})
