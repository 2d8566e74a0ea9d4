import assert from 'node:assert/strict'
import { mkdir, rm, truncate, writeFile } from 'node:fs/promises'
import { type AddressInfo, connect } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { bigBytes, staticApp } from '../static/tree.ts'

type Setup = Awaited<ReturnType<typeof staticApp>>

// A file changed on disk after the index was built (production: no watcher). The index's
// size used to go out as Content-Length while fewer bytes followed: the client hung.
// Every answer must be whole: as many bytes as Content-Length says, and the file's bytes.
describe('a static file changed after the index was built', () => {
  let s: Setup
  let base: string
  const file = (name: string) => join(s.tree.root, 'static', name)
  before(async () => {
    s = await staticApp()
    await s.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`
  })
  after(() => s.close())

  /** GET through a keep-alive client; a hang fails after 5 s instead of passing silently. */
  async function get(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${path}`, {
      headers: { 'accept-encoding': 'identity', ...headers },
      signal: AbortSignal.timeout(5000),
    })
    const body = Buffer.from(await res.arrayBuffer())
    return { res, body }
  }

  const cases: [string, string, Buffer][] = [
    ['a small file that shrank', 'page.html', Buffer.from('<p>short</p>\n')],
    ['a small file that grew', 'data.json', Buffer.from(`{"grown": "${'x'.repeat(4000)}"}\n`)],
    ['a large (streamed) file that shrank', 'big.bin', bigBytes(100_000)],
  ]
  for (const [label, name, content] of cases)
    it(`sends ${label} whole, with its own length and validators`, async () => {
      const before = await s.app.inject({ method: 'HEAD', url: `/static/${name}` })
      await writeFile(file(name), content)
      const { res, body } = await get(`/static/${name}`)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-length'), String(content.length))
      assert.ok(body.equals(content))
      assert.notEqual(res.headers.get('etag'), before.headers.etag)
    })

  it('reads a Range against the file as it is now', async () => {
    await writeFile(file('a.txt'), 'abc')
    const { res, body } = await get('/static/a.txt', { range: 'bytes=1-100' })
    assert.equal(res.status, 206)
    assert.equal(res.headers.get('content-range'), 'bytes 1-2/3')
    assert.equal(body.toString(), 'bc')
    const untouched = await get('/static/c.txt', { range: 'bytes=2-' })
    assert.equal(untouched.res.status, 206)
    assert.equal(untouched.body.toString(), 'me_c\n')
  })

  it('answers 416 for a Range the shrunk file no longer has', async () => {
    await writeFile(file('logo.svg'), '<svg/>')
    const { res } = await get('/static/logo.svg', { range: 'bytes=10-20' })
    assert.equal(res.status, 416)
    assert.equal(res.headers.get('content-range'), 'bytes */6')
  })

  // Opening a folder read-only succeeds on Linux; reading it threw EISDIR, a 500.
  // @fastify/static answers 404 for a folder without index.html: so does the chain.
  for (const name of ['logo.svg', 'big.bin'])
    it(`answers 404 for ${name} replaced by a folder, small (read whole) or large (streamed)`, async () => {
      await rm(file(name))
      await mkdir(file(name))
      await writeFile(join(file(name), 'inside.txt'), 'inside')
      const { res, body } = await get(`/static/${name}`)
      assert.equal(res.status, 404)
      assert.ok(!body.toString().includes('inside'))
    })

  it('answers a file emptied on disk with an empty body', async () => {
    await truncate(file('README'), 0)
    const { res, body } = await get('/static/README')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-length'), '0')
    assert.equal(body.length, 0)
  })

  it('closes the connection when a streamed file shrinks mid-answer, never hangs', async () => {
    const size = 32 * 1024 * 1024
    // Rewritten larger after the index was built: answered afresh, and streamed.
    await writeFile(file('js/app.js'), bigBytes(size))
    const port = (s.app.server.address() as AddressInfo).port
    const socket = connect(port, '127.0.0.1')
    socket.write('GET /static/js/app.js HTTP/1.1\r\nHost: x\r\n\r\n')
    let received = 0
    const ended = new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('the client hung')), 10_000)
      socket.on('close', () => {
        clearTimeout(timer)
        done()
      })
      socket.on('error', () => {})
    })
    // Read the first bytes, then stop reading: the server's stream waits on the socket.
    await new Promise<void>((done) =>
      socket.once('data', (chunk: Buffer) => {
        received += chunk.length
        socket.pause()
        done()
      }),
    )
    await new Promise((done) => setTimeout(done, 200))
    await truncate(file('js/app.js'), 1024 * 1024)
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
    })
    socket.resume()
    await ended
    assert.ok(received < size, `received ${received} of ${size} bytes, then the close`)
  })
})
