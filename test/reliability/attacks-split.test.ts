// `npm run start:split`: the example site behind real nginx. The login and posting rate
// limits are per client: behind the edge, the client is the address nginx forwards, not
// nginx's own. Otherwise one visitor's five wrong passwords lock every visitor out.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type SplitSite, startSplitSite } from '../../scripts/split.ts'
import { buildOnce } from '../cli/helpers.ts'
import { freePort } from '../deploy/edge.ts'
import { logIn } from '../deploy/login.ts'

const logInFrom = async (from: string, port: number, password: string) =>
  (await logIn({ from, port }, password)).status

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
    for (let i = 0; i < 6; i++) attacker.push(await logInFrom('127.0.0.2', port, `guess ${i}`))
    assert.deepEqual(attacker, [401, 401, 401, 401, 401, 429])
    // Another visitor, from another address, still gets to try (a wrong password: 401).
    assert.equal(await logInFrom('127.0.0.3', port, 'not it either'), 401)
  })
})
