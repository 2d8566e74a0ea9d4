import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { readManifest, writeManifest } from '../../src/static/hashing.ts'
import {
  DEFAULT_CACHE_CONTROL,
  IMMUTABLE_CACHE_CONTROL,
  serveModuleStatic,
  staticChain,
} from '../../src/static/plugin.ts'
import { APP_JS, bigBytes, staticApp, staticTree } from './tree.ts'

type Setup = Awaited<ReturnType<typeof staticApp>>

describe('static chain over HTTP', () => {
  let s: Setup
  before(async () => {
    s = await staticApp()
  })
  after(() => s.close())

  const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    s.app.inject({ method, url, headers })

  describe('what the original (Flask-MicroServices) answers', () => {
    const rows: [string, number, string | undefined][] = [
      ['/static/a.txt', 200, 'root_a\n'],
      ['/static/b.txt', 200, 'home_b\n'],
      ['/static/c.txt', 200, 'home_c\n'],
      ['/static_home/b.txt', 200, 'home_b\n'],
      ['/static_home/c.txt', 200, 'home_c\n'],
      ['/static_home/a.txt', 404, undefined],
      ['/static/nope.txt', 404, undefined],
      ['/static/', 404, undefined],
      ['/nope', 404, undefined],
      ['/static/a.txt?x=1', 200, 'root_a\n'],
      ['/static_forum/a.txt', 404, undefined],
    ]
    for (const [url, status, body] of rows)
      it(`GET ${url} -> ${status}`, async () => {
        const res = await get(url)
        assert.equal(res.statusCode, status)
        if (body !== undefined) assert.equal(res.body, body)
      })

    it('answers Range: bytes=0-2 with 206, Content-Range, ETag and Last-Modified', async () => {
      const res = await get('/static/a.txt', { range: 'bytes=0-2' })
      assert.equal(res.statusCode, 206)
      assert.equal(res.body, 'roo')
      assert.equal(res.headers['content-range'], 'bytes 0-2/7')
      assert.equal(res.headers['content-length'], '3')
      assert.ok(res.headers.etag)
      assert.ok(res.headers['last-modified'])
    })
  })

  describe('ranges', () => {
    const cases: [string, number, string | undefined, string | undefined][] = [
      ['bytes=0-2', 206, 'roo', 'bytes 0-2/7'],
      ['bytes=4-', 206, '_a\n', 'bytes 4-6/7'],
      ['bytes=-2', 206, 'a\n', 'bytes 5-6/7'],
      ['bytes=-100', 206, 'root_a\n', 'bytes 0-6/7'],
      ['bytes=2-100', 206, 'ot_a\n', 'bytes 2-6/7'],
      ['bytes=6-6', 206, '\n', 'bytes 6-6/7'],
      ['bytes=7-', 416, undefined, 'bytes */7'],
      ['bytes=100-200', 416, undefined, 'bytes */7'],
      ['bytes=-0', 416, undefined, 'bytes */7'],
      ['bytes=0-1,3-4', 200, 'root_a\n', undefined],
      ['bytes=3-1', 200, 'root_a\n', undefined],
      ['items=0-1', 200, 'root_a\n', undefined],
      ['bytes=x-y', 200, 'root_a\n', undefined],
    ]
    for (const [range, status, body, contentRange] of cases)
      it(`Range: ${range} -> ${status}`, async () => {
        const res = await get('/static/a.txt', { range })
        assert.equal(res.statusCode, status)
        if (body !== undefined) assert.equal(res.body, body)
        assert.equal(res.headers['content-range'], contentRange)
        assert.equal(res.headers['accept-ranges'], 'bytes')
      })

    it('honours If-Range: a matching validator gets the range, a stale one the whole file', async () => {
      const { headers } = await get('/static/a.txt')
      const etag = String(headers.etag)
      const lastModified = String(headers['last-modified'])
      const cases: [string, number][] = [
        [etag, 206],
        [lastModified, 206],
        ['"stale"', 200],
        [`W/${etag}`, 200],
        ['Thu, 01 Jan 1970 00:00:00 GMT', 200],
      ]
      for (const [ifRange, status] of cases) {
        const res = await get('/static/a.txt', { range: 'bytes=0-2', 'if-range': ifRange })
        assert.equal(res.statusCode, status, ifRange)
      }
    })
  })

  describe('validation', () => {
    it('answers 304 to a matching If-None-Match, which wins over If-Modified-Since', async () => {
      const first = await get('/static/a.txt')
      const etag = String(first.headers.etag)
      const long = 'Thu, 01 Jan 1970 00:00:00 GMT'
      const cases: [Record<string, string>, number][] = [
        [{ 'if-none-match': etag }, 304],
        [{ 'if-none-match': `W/${etag}` }, 304],
        [{ 'if-none-match': `"other", ${etag}` }, 304],
        [{ 'if-none-match': '*' }, 304],
        [{ 'if-none-match': '"other"' }, 200],
        [{ 'if-none-match': etag, 'if-modified-since': long }, 304],
        [
          {
            'if-none-match': '"other"',
            'if-modified-since': String(first.headers['last-modified']),
          },
          200,
        ],
      ]
      for (const [headers, status] of cases) {
        const res = await get('/static/a.txt', headers)
        assert.equal(res.statusCode, status, JSON.stringify(headers))
        if (status === 304) {
          assert.equal(res.body, '')
          assert.equal(res.headers.etag, etag)
        }
      }
    })

    it('answers 304 to If-Modified-Since not older than the file', async () => {
      const { headers } = await get('/static/a.txt')
      const modified = Date.parse(String(headers['last-modified']))
      const cases: [string, number][] = [
        [String(headers['last-modified']), 304],
        [new Date(modified + 60_000).toUTCString(), 304],
        [new Date(modified - 60_000).toUTCString(), 200],
        ['not a date', 200],
        // Not HTTP-dates (RFC 9110 section 5.6.7): ignored, whatever Date.parse makes of them.
        ['2099', 200],
        ['2099-01-01', 200],
        ['99999', 200],
        ['Fri, 01 Jan 2099', 200],
        ['01 Jan 2099 00:00:00', 200],
        ['Thu, 01 Jan 2099 00:00:00 GMT, Thu, 01 Jan 1970 00:00:00 GMT', 200],
        ['Thu, 33 Jan 2099 00:00:00 GMT', 200],
        ['Thu, 01 Jan 2099 25:00:00 GMT', 200],
        // A valid date later than the file (even in the future) is a 304, as Werkzeug and Django.
        ['Thu, 01 Jan 2099 00:00:00 GMT', 304],
        ['Thursday, 01-Jan-99 00:00:00 GMT', 200],
        ['Thu Jan  1 00:00:00 2099', 304],
      ]
      for (const [since, status] of cases) {
        const res = await get('/static/a.txt', { 'if-modified-since': since })
        assert.equal(res.statusCode, status, since)
      }
    })
  })

  describe('headers', () => {
    const types: [string, string][] = [
      ['/static/a.txt', 'text/plain; charset=utf-8'],
      ['/static/css/site.css', 'text/css; charset=utf-8'],
      ['/static/js/app.js', 'text/javascript; charset=utf-8'],
      ['/static/data.json', 'application/json; charset=utf-8'],
      ['/static/logo.svg', 'image/svg+xml; charset=utf-8'],
      ['/static/page.html', 'text/html; charset=utf-8'],
      ['/static/dot.png', 'image/png'],
      ['/static/README', 'application/octet-stream'],
    ]
    for (const [url, type] of types)
      it(`${url} is ${type}, nosniff, cacheable`, async () => {
        const res = await get(url)
        assert.equal(res.statusCode, 200)
        assert.equal(res.headers['content-type'], type)
        assert.equal(res.headers['x-content-type-options'], 'nosniff')
        assert.equal(res.headers['cache-control'], DEFAULT_CACHE_CONTROL)
        assert.equal(res.headers.vary, undefined)
      })

    it('sends the same bytes as the file, binary included', async () => {
      const res = await get('/static/dot.png')
      const disk = await readFile(join(s.tree.root, 'static', 'dot.png'))
      assert.deepEqual(res.rawPayload, disk)
    })

    it('answers HEAD with the headers of GET and no body', async () => {
      for (const url of ['/static/a.txt', '/static/big.bin']) {
        const head = await get(url, {}, 'HEAD')
        const full = await get(url)
        assert.equal(head.statusCode, 200)
        assert.equal(head.body, '')
        assert.equal(head.headers['content-length'], String(full.rawPayload.length))
        assert.equal(head.headers.etag, full.headers.etag)
        assert.equal(head.headers['content-type'], full.headers['content-type'])
      }
    })

    it('streams a large file byte for byte, and ranges of it', async () => {
      const bytes = bigBytes()
      const res = await get('/static/big.bin')
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-length'], String(bytes.length))
      assert.ok(res.rawPayload.equals(bytes))
      const start = 300_000
      const end = 700_123
      const part = await get('/static/big.bin', { range: `bytes=${start}-${end}` })
      assert.equal(part.statusCode, 206)
      assert.equal(part.headers['content-range'], `bytes ${start}-${end}/${bytes.length}`)
      assert.ok(part.rawPayload.equals(bytes.subarray(start, end + 1)))
    })

    it('serves a cached small file the same the second time', async () => {
      const one = await get('/static/css/site.css')
      const two = await get('/static/css/site.css')
      assert.deepEqual(two.rawPayload, one.rawPayload)
      assert.equal(two.headers.etag, one.headers.etag)
    })
  })

  describe('precompressed siblings', () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ['', undefined, undefined],
      ['gzip, deflate, br', 'br', undefined],
      ['br', 'br', undefined],
      ['gzip', 'gzip', undefined],
      ['gzip, br;q=0', 'gzip', undefined],
      ['*', 'br', undefined],
      ['*, br;q=0', 'gzip', undefined],
      ['br;q=0.5, gzip', 'gzip', undefined],
      ['br;q=0.5, gzip;q=0.5', 'br', undefined],
      ['gzip;q=0.2, br;q=0.8', 'br', undefined],
      ['x-gzip', 'gzip', undefined],
      ['identity', undefined, undefined],
      ['deflate', undefined, undefined],
      ['gzip, br', undefined, 'bytes=0-9'],
    ]
    for (const [accept, encoding, range] of cases)
      it(`Accept-Encoding: '${accept}'${range ? ` with ${range}` : ''} -> ${encoding ?? 'identity'}`, async () => {
        const headers: Record<string, string> = {}
        if (accept !== '') headers['accept-encoding'] = accept
        if (range !== undefined) headers.range = range
        const res = await get('/static/zipped/app.js', headers)
        assert.equal(res.headers['content-encoding'], encoding)
        assert.equal(res.headers.vary, 'Accept-Encoding')
        assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8')
        const body =
          encoding === 'br'
            ? brotliDecompressSync(res.rawPayload)
            : encoding === 'gzip'
              ? gunzipSync(res.rawPayload)
              : res.rawPayload
        assert.equal(body.toString(), range ? APP_JS.slice(0, 10) : APP_JS)
        assert.equal(res.statusCode, range ? 206 : 200)
      })

    it('gives each encoding its own ETag, and revalidates it', async () => {
      const br = await get('/static/zipped/app.js', { 'accept-encoding': 'br' })
      const gz = await get('/static/zipped/app.js', { 'accept-encoding': 'gzip' })
      const plain = await get('/static/zipped/app.js')
      assert.equal(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size, 3)
      const again = await get('/static/zipped/app.js', {
        'accept-encoding': 'br',
        'if-none-match': String(br.headers.etag),
      })
      assert.equal(again.statusCode, 304)
      assert.equal(again.headers.vary, 'Accept-Encoding')
      const other = await get('/static/zipped/app.js', {
        'accept-encoding': 'gzip',
        'if-none-match': String(br.headers.etag),
      })
      assert.equal(other.statusCode, 200)
    })

    it('uses a gzip sibling when there is no brotli one', async () => {
      const res = await get('/static/zipped/only-gz.css', { 'accept-encoding': 'br, gzip' })
      assert.equal(res.headers['content-encoding'], 'gzip')
      assert.equal(gunzipSync(res.rawPayload).toString(), 'p{}\n'.repeat(50))
    })

    it('serves the compressed file itself when asked by name', async () => {
      const res = await get('/static/zipped/app.js.gz')
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-encoding'], undefined)
      assert.equal(res.headers['content-type'], 'application/gzip')
    })
  })

  describe('dotfiles', () => {
    it('refuses them with 403 by default', async () => {
      for (const url of ['/static/.env', '/static/.git/config', '/static/%2eenv']) {
        const res = await get(url)
        assert.equal(res.statusCode, 403, url)
        assert.doesNotMatch(res.body, /SECRET|SENTINEL/)
      }
    })
  })

  describe('urlPath', () => {
    it('builds plain URLs without hashing, encoded, for the chain and for one module', () => {
      assert.equal(s.chain.urlPath('css/site.css'), '/static/css/site.css')
      assert.equal(s.chain.urlPath('/a.txt'), '/static/a.txt')
      assert.equal(s.chain.urlPath('b.txt', 'home'), '/static_home/b.txt')
      assert.equal(s.chain.urlPath('a b/ü?.txt'), '/static/a%20b/%C3%BC%3F.txt')
      assert.equal(s.chain.urlPath('missing.txt'), '/static/missing.txt')
    })
  })
})

describe('static chain with hashed names', () => {
  let s: Setup
  before(async () => {
    s = await staticApp({ hashed: true, cacheControl: 'public, max-age=60' })
  })
  after(() => s.close())

  it('serves the hashed name as immutable and the plain name with the normal Cache-Control', async () => {
    const url = s.chain.urlPath('css/site.css')
    assert.match(url, /^\/static\/css\/site\.[0-9a-f]{12}\.css$/)
    const hashed = await s.app.inject(url)
    assert.equal(hashed.statusCode, 200)
    assert.equal(hashed.headers['cache-control'], IMMUTABLE_CACHE_CONTROL)
    assert.equal(hashed.body, 'body {\n  color: red;\n}\n')
    assert.equal(hashed.headers['content-type'], 'text/css; charset=utf-8')
    const plain = await s.app.inject('/static/css/site.css')
    assert.equal(plain.headers['cache-control'], 'public, max-age=60')
    assert.equal(plain.body, hashed.body)
  })

  it("hashes the winner of the chain and each module's own files", async () => {
    const chainUrl = s.chain.urlPath('c.txt')
    assert.equal((await s.app.inject(chainUrl)).body, 'home_c\n')
    const moduleUrl = s.chain.urlPath('b.txt', 'home')
    assert.match(moduleUrl, /^\/static_home\/b\.[0-9a-f]{12}\.txt$/)
    assert.equal((await s.app.inject(moduleUrl)).body, 'home_b\n')
    const wrong = chainUrl.replace(/\.[0-9a-f]{12}\./, '.000000000000.')
    assert.equal((await s.app.inject(wrong)).statusCode, 404)
  })

  it('serves names from a loaded manifest as immutable', async () => {
    const tree = await staticTree()
    try {
      const file = join(tree.root, 'manifest.json')
      await writeManifest(file, { 'a.txt': 'a.feedfacecafe.txt' })
      const app = Fastify()
      const chain = await staticChain(app, {
        folders: tree.folders,
        manifest: await readManifest(file),
      })
      assert.equal(chain.urlPath('a.txt'), '/static/a.feedfacecafe.txt')
      const res = await app.inject('/static/a.feedfacecafe.txt')
      assert.equal(res.body, 'root_a\n')
      assert.equal(res.headers['cache-control'], IMMUTABLE_CACHE_CONTROL)
      await app.close()
    } finally {
      await tree.cleanup()
    }
  })
})

describe('static chain options', () => {
  it('takes no Cache-Control, dotfiles, and works inside a prefixed plugin', async () => {
    const tree = await staticTree()
    const app = Fastify()
    let chain: Awaited<ReturnType<typeof staticChain>> | undefined
    await app.register(
      async (scope) => {
        chain = await staticChain(scope, {
          folders: tree.folders,
          cacheControl: false,
          allowDotfiles: true,
        })
        serveModuleStatic(scope, chain, 'home')
      },
      { prefix: '/v1' },
    )
    await app.ready()
    try {
      const res = await app.inject('/v1/static/a.txt')
      assert.equal(res.body, 'root_a\n')
      assert.equal(res.headers['cache-control'], undefined)
      assert.equal((await app.inject('/v1/static_home/b.txt')).body, 'home_b\n')
      assert.equal((await app.inject('/v1/static/.env')).statusCode, 200)
      assert.equal((await app.inject('/v1/static/../secret.txt')).statusCode, 404)
      assert.equal(chain?.urlPath('b.txt', 'home'), '/static_home/b.txt')
    } finally {
      await app.close()
      await tree.cleanup()
    }
  })

  it("adds Accept-Encoding to another hook's Vary instead of replacing it", async () => {
    const tree = await staticTree()
    const app = Fastify()
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('vary', 'Origin')
    })
    await staticChain(app, { folders: tree.folders })
    try {
      const res = await app.inject('/static/zipped/app.js')
      assert.equal(res.headers.vary, 'Origin, Accept-Encoding')
    } finally {
      await app.close()
      await tree.cleanup()
    }
  })

  it('answers 404 for a file deleted while running, without watching', async () => {
    const s = await staticApp()
    try {
      await writeFile(join(s.tree.root, 'static', 'gone.txt'), 'x')
      const { rm } = await import('node:fs/promises')
      await rm(join(s.tree.root, 'static', 'page.html'))
      await rm(join(s.tree.root, 'static', 'big.bin'))
      assert.equal((await s.app.inject('/static/page.html')).statusCode, 404)
      assert.equal((await s.app.inject('/static/big.bin')).statusCode, 404)
      // Not in the index: files are read at start-up unless watched.
      assert.equal((await s.app.inject('/static/gone.txt')).statusCode, 404)
    } finally {
      await s.close()
    }
  })
})
