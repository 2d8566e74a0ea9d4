// Separate hosts: the split example with each service replica in a network namespace of its
// own (its own address, loopback down), PostgreSQL and Redis in two more, nginx in another;
// every replica has a data folder of its own. Nothing can go through loopback or a shared
// file: the state is in PostgreSQL and Redis. The same checks as the one-host split, and the
// answers compared with the one-process site (inject).
import assert from 'node:assert/strict'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { findNginx } from '../../scripts/nginx.ts'
import { SITE } from '../../scripts/split.ts'
import { loadPlan, writeNginx } from '../../src/cli/deploy.ts'
import { EDGE_HOPS } from '../../src/services/placement.ts'
import { buildOnce } from '../cli/helpers.ts'
import { closeAgent, send, sourceOf } from '../deploy/edge.ts'
import { cookiesOf, logIn } from '../deploy/login.ts'
import { csrfTokens, type Site, siteOn } from '../example/helpers.ts'
import { CONFORMANCE_PATHS } from './conformance.ts'
import { type Hosts, makeHosts } from './hosts.ts'
import {
  acceptsTcp,
  healthy,
  launch,
  type Running,
  startPostgres,
  startRedis,
  startReplica,
} from './servers.ts'

const PORT = 3000
const EDGE_PORT = 8080
const PASSWORD = 'engines test password'
const REPLICAS = [
  ['web', 'web'],
  ['admin', 'admin'],
  ['api1', 'api'],
  ['api2', 'api'],
] as const

describe('the split example on separate hosts (network namespaces)', { timeout: 300_000 }, () => {
  let net: Hosts
  const running: Running[] = []
  const folders: string[] = []
  let replicas: Record<string, Running> = {}
  let edge: string
  let one: Site
  const folder = async (name: string) => {
    const dir = await mkdtemp(join(tmpdir(), `fms-host-${name}-`))
    folders.push(dir)
    return dir
  }
  before(async () => {
    await buildOnce() // the example imports the library from dist/
    net = makeHosts(['db', 'redis', ...REPLICAS.map(([name]) => name), 'edge'])
    const { hosts } = net
    const at = (name: string) => hosts[name] as (typeof hosts)[string]
    const postgres = await startPostgres(at('db').address, 5432, at('db').exec)
    running.push(postgres)
    const redis = await startRedis(at('redis').address, 6379, at('redis').exec)
    running.push(redis)
    // Every replica at once, each with its own (unused) data folder: they race to migrate.
    const started = await Promise.all(
      REPLICAS.map(async ([name, service]) => {
        const replica = startReplica(
          {
            SERVICE: service,
            HOST: at(name).address,
            PORT: String(PORT),
            DATABASE_URL: postgres.url,
            REDIS_URL: redis.url,
            DATA_DIR: await folder(name),
            TRUST_PROXY: EDGE_HOPS,
            ADMIN_PASSWORD: PASSWORD,
          },
          at(name).exec,
        )
        running.push(replica)
        return [name, replica] as const
      }),
    )
    replicas = Object.fromEntries(started)
    await Promise.all(started.map(([name, r]) => healthy(at(name).address, PORT, r)))
    const dir = await folder('edge')
    await chmod(dir, 0o755) // nginx's workers read the static files
    const upstream = (...names: string[]) => names.map((n) => `${at(n).address}:${PORT}`)
    edge = at('edge').address
    await writeNginx(await loadPlan(sourceOf(SITE)), dir, {
      listen: `${edge}:${EDGE_PORT}`,
      upstreams: { web: upstream('web'), admin: upstream('admin'), api: upstream('api1', 'api2') },
    })
    const [command, ...args] = [
      ...at('edge').exec,
      await findNginx(),
      '-p',
      dir,
      '-c',
      'nginx.conf',
    ]
    const nginx = launch(command as string, args)
    running.push(nginx)
    await acceptsTcp(edge, EDGE_PORT, nginx, 'nginx')
    one = await siteOn(await folder('one'))
  })
  after(async () => {
    closeAgent()
    await one?.close()
    await Promise.all(running.map((r) => r.stop()))
    net?.remove()
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  const get = (path: string, headers: Record<string, string> = {}, from?: string) =>
    send(EDGE_PORT, { host: edge, path, headers, from })

  it('every service answers its health endpoint through the edge', async () => {
    for (const [service, modules] of [
      ['web', ['home', 'forum']],
      ['admin', ['admin']],
      ['api', ['api']],
    ] as const) {
      const res = await get(`/_health/${service}`)
      assert.equal(res.status, 200)
      assert.deepEqual(JSON.parse(res.body), { status: 'ok', service, modules })
    }
  })

  it('answers as the one-process site: status, type, Location; JSON bodies equal', async () => {
    for (const path of CONFORMANCE_PATHS) {
      const split = await get(path)
      const inject = await one.inject(path)
      const what = `${path}: split ${split.status}, one process ${inject.statusCode}`
      assert.equal(split.status, inject.statusCode, what)
      assert.equal(split.headers['content-type'], inject.headers['content-type'], what)
      assert.equal(split.headers.location, inject.headers.location, what)
      if (String(inject.headers['content-type']).startsWith('application/json')) {
        assert.deepEqual(JSON.parse(split.body), inject.json(), what)
      }
    }
  })

  it('log in on admin, post on web, see it on the dashboard and in the api', async () => {
    const [client] = net.clients.slice(1)
    const login = await logIn({ host: edge, port: EDGE_PORT, from: client }, PASSWORD)
    assert.equal(login.status, 303)
    const session = login.cookies.find((c) => c.startsWith('admin_session='))
    assert.ok(session)
    const page = await get('/forum/1/', {}, client)
    const text = `on separate hosts ${Date.now()}`
    const body = new URLSearchParams({
      author: 'tester',
      body: text,
      _csrf: csrfTokens(page.body)[0] as string,
    }).toString()
    const posted = await send(EDGE_PORT, {
      host: edge,
      from: client,
      method: 'POST',
      path: '/forum/1/',
      headers: {
        cookie: cookiesOf(page.headers).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    })
    assert.equal(posted.status, 303, posted.body)
    const dashboard = await get('/admin/', { cookie: session })
    assert.equal(dashboard.status, 200)
    assert.ok(dashboard.body.includes(text), 'admin reads what web wrote, through PostgreSQL')
    for (let i = 0; i < 2; i++) {
      // Both api replicas, in turn, see it.
      const api = await get('/api/boards/1/messages/')
      assert.ok(api.body.includes(text))
    }
  })

  it("the login limit counts each client behind the edge, not the edge's address", async () => {
    const [, , attacker, other] = [...net.clients, ...net.clients]
    const statuses = []
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await logIn({ host: edge, port: EDGE_PORT, from: attacker }, `guess ${i}`)).status,
      )
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429])
    assert.equal(
      (await logIn({ host: edge, port: EDGE_PORT, from: other }, 'not it either')).status,
      401,
    )
  })

  it('no failed request while one api replica is stopped and started again', async () => {
    const api1 = replicas.api1 as Running
    const statuses: number[] = []
    let going = true
    const load = (async () => {
      while (going) statuses.push((await get('/api/boards/')).status)
    })()
    await new Promise((r) => setTimeout(r, 300))
    await api1.stop()
    await new Promise((r) => setTimeout(r, 1000))
    const host = net.hosts.api1 as (typeof net.hosts)[string]
    const again = startReplica(
      {
        SERVICE: 'api',
        HOST: host.address,
        PORT: String(PORT),
        DATABASE_URL: `postgres://postgres@${net.hosts.db?.address}:5432/postgres`,
        REDIS_URL: `redis://${net.hosts.redis?.address}:6379`,
        DATA_DIR: await folder('api1-again'),
        TRUST_PROXY: EDGE_HOPS,
      },
      host.exec,
    )
    running.push(again)
    await healthy(host.address, PORT, again)
    await new Promise((r) => setTimeout(r, 1500)) // nginx's fail_timeout: it is tried again
    going = false
    await load
    assert.ok(statuses.length > 20, `${statuses.length} requests`)
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
    )
  })
})
