// `npm run start:split`: the example site behind real nginx. The login and posting rate
// limits are per client: behind the edge, the client is the address nginx forwards, not
// nginx's own. Otherwise one visitor's five wrong passwords lock every visitor out.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type SplitSite, startSplitSite } from '../../scripts/split.ts'
import { buildOnce } from '../cli/helpers.ts'
import { freePort } from '../deploy/edge.ts'
import { csrfTokens } from '../example/helpers.ts'

interface Answer {
  status: number
  body: string
  cookies: string[]
}

/** One request from `from` (a loopback address: another client) to the edge. */
function fromClient(
  from: string,
  port: number,
  options: { method?: string; path: string; cookie?: string; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (options.cookie) headers.cookie = options.cookie
    if (options.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(options.body))
    }
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] as string),
          }),
        )
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')))
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A login attempt as a browser makes it: the form (CSRF token and cookie), then the POST. */
async function logIn(from: string, port: number, password: string): Promise<number> {
  const form = await fromClient(from, port, { path: '/admin/login/' })
  const [token] = csrfTokens(form.body)
  assert.ok(token, `no CSRF token: ${form.status}`)
  const res = await fromClient(from, port, {
    method: 'POST',
    path: '/admin/login/',
    cookie: form.cookies.join('; '),
    body: new URLSearchParams({ password, _csrf: token }).toString(),
  })
  return res.status
}

describe('the split example site: rate limits per client behind nginx', {
  timeout: 180_000,
}, () => {
  let site: SplitSite
  let dataDir: string
  let port: number
  before(async () => {
    await buildOnce() // the example imports the library from dist/
    dataDir = await mkdtemp(join(tmpdir(), 'fms-attack-split-'))
    port = await freePort()
    const address = async () => `127.0.0.1:${await freePort()}`
    site = await startSplitSite({
      edge: `127.0.0.1:${port}`,
      upstreams: { web: [await address()], admin: [await address()], api: [await address()] },
      dataDir,
      stdio: 'ignore',
    })
  })
  after(async () => {
    await site?.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it("one client's wrong passwords do not lock another client out", async () => {
    const attacker = []
    for (let i = 0; i < 6; i++) attacker.push(await logIn('127.0.0.2', port, `guess ${i}`))
    assert.deepEqual(attacker, [401, 401, 401, 401, 401, 429])
    // Another visitor, from another address, still gets to try (a wrong password: 401).
    assert.equal(await logIn('127.0.0.3', port, 'not it either'), 401)
  })
})
