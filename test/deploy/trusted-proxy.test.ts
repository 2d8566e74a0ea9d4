// Behind the edge that `deploy compose` and `deploy kubernetes` generate, the services get
// the TRUST_PROXY those files set: the example's login limit then counts each client, not
// the edge. Run for real: the example split behind nginx with that environment, and
// without it (every client locked out together), from two client addresses.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import { SITE, startSplitSite } from '../../scripts/split.ts'
import { loadPlan, writeCompose, writeKubernetes } from '../../src/cli/deploy.ts'
import { buildOnce } from '../cli/helpers.ts'
import { freePort, sourceOf } from './edge.ts'
import { logIn } from './login.ts'

/** Six wrong passwords from one client, then one from another: their statuses. */
async function attack(trustProxy: string): Promise<{ attacker: number[]; other: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fms-trusted-'))
  const port = await freePort()
  const address = async () => `127.0.0.1:${await freePort()}`
  const site = await startSplitSite({
    edge: `127.0.0.1:${port}`,
    upstreams: { web: [await address()], admin: [await address()], api: [await address()] },
    dataDir,
    env: { TRUST_PROXY: trustProxy },
    stdio: 'ignore',
  })
  try {
    const attacker = []
    for (let i = 0; i < 6; i++) {
      attacker.push((await logIn({ port, from: '127.0.0.2' }, `guess ${i}`)).status)
    }
    const other = (await logIn({ port, from: '127.0.0.3' }, 'not it either')).status
    return { attacker, other }
  } finally {
    await site.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

describe('trusted proxy behind the generated edge', { timeout: 180_000 }, () => {
  let out: string
  let compose: string | undefined
  let kubernetes: string | undefined
  before(async () => {
    await buildOnce() // the example imports the library from dist/
    out = await mkdtemp(join(tmpdir(), 'fms-trusted-out-'))
    const loaded = await loadPlan(sourceOf(SITE))
    const [composeFile] = (await writeCompose(loaded, join(out, 'compose'))).files
    const file = parseYaml(await readFile(composeFile as string, 'utf8')) as {
      services: Record<string, { environment: Record<string, string> }>
    }
    compose = file.services.admin?.environment.TRUST_PROXY
    const [manifests] = await writeKubernetes(loaded, join(out, 'k8s'), {}, { ADMIN_PASSWORD: 'x' })
    const admin = parseAllDocuments(await readFile(manifests as string, 'utf8'))
      .map((doc) => doc.toJS() as IDeployment)
      .find((doc) => doc.kind === 'Deployment' && doc.metadata?.name?.endsWith('-admin'))
    kubernetes = admin?.spec?.template.spec?.containers[0]?.env?.find(
      (e) => e.name === 'TRUST_PROXY',
    )?.value
  })
  after(async () => {
    if (out) await rm(out, { recursive: true, force: true })
  })

  it('compose and kubernetes give every service the one hop of the edge', () => {
    assert.equal(compose, '1')
    assert.equal(kubernetes, '1')
  })

  it("with it, one client's wrong passwords leave another client free to try", async () => {
    const { attacker, other } = await attack(compose as string)
    assert.deepEqual(attacker, [401, 401, 401, 401, 401, 429])
    assert.equal(other, 401)
  })

  it('without it, the edge is the only client: everyone is locked out together', async () => {
    const { attacker, other } = await attack('')
    assert.deepEqual(attacker, [401, 401, 401, 401, 401, 429])
    assert.equal(other, 429)
  })
})
