// State that can leave one machine: the example site's replicas over one PostgreSQL
// (DATABASE_URL) and one Redis (REDIS_URL), throwaway servers started here. A login made
// on one replica of admin is valid on the other, the cookie secret is one for all (a CSRF
// token of admin is good on web), a rate limit holds across replicas, and migrations run
// once however many replicas start at once, and not again.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { buildOnce } from '../cli/helpers.ts'
import { freePort, send } from '../deploy/edge.ts'
import { cookiesOf, logIn } from '../deploy/login.ts'
import { csrfTokens } from '../example/helpers.ts'
import {
  healthy,
  type Postgres,
  type RedisServer,
  type Running,
  startPostgres,
  startRedis,
  startReplica,
} from './servers.ts'

const HOST = '127.0.0.1'
const PASSWORD = 'engines test password'

/** Starts replicas at once (a fresh database: they race to migrate); resolves when all answer. */
async function replicas(
  services: readonly string[],
  env: Record<string, string>,
): Promise<{ running: Running[]; ports: number[] }> {
  const ports = await Promise.all(services.map(() => freePort()))
  const running = services.map((service, i) =>
    startReplica({ ...env, SERVICE: service, PORT: String(ports[i]) }),
  )
  await Promise.all(running.map((r, i) => healthy(HOST, ports[i] as number, r)))
  return { running, ports }
}

/** Each migration's rows, `module:version×count`. */
const migrationRows = (rows: { module: string; version: number; n: number | string }[]) =>
  rows.map((r) => `${r.module}:${r.version}x${Number(r.n)}`)

const MIGRATIONS_SQL =
  'SELECT module, version, COUNT(*) AS n FROM migrations GROUP BY module, version ORDER BY module, version'
const EXPECTED = ['admin:1x1', 'forum:1x1', 'forum:2x1', 'forum:3x1', 'site:1x1']

describe('the example over PostgreSQL and Redis', { timeout: 240_000 }, () => {
  let postgres: Postgres
  let redis: RedisServer
  let running: Running[] = []
  let ports: number[] = []
  let client: pg.Client
  before(async () => {
    await buildOnce() // the example imports the library from dist/
    postgres = await startPostgres(HOST, await freePort())
    redis = await startRedis(HOST, await freePort())
    client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    ;({ running, ports } = await replicas(['admin', 'admin', 'web'], {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
    }))
  })
  after(async () => {
    await client?.end()
    await Promise.all(running.map((r) => r.stop()))
    await redis?.stop()
    await postgres?.stop()
  })

  it('three replicas starting at once migrate once; a fourth finds it done', async () => {
    assert.deepEqual(migrationRows((await client.query(MIGRATIONS_SQL)).rows), EXPECTED)
    const more = await replicas(['api'], { DATABASE_URL: postgres.url, REDIS_URL: redis.url })
    running.push(...more.running)
    assert.deepEqual(migrationRows((await client.query(MIGRATIONS_SQL)).rows), EXPECTED)
    const boards = await client.query('SELECT COUNT(*) AS n FROM forum_boards')
    assert.equal(Number(boards.rows[0].n), 2, 'the seed rows were inserted once')
    const secrets = await client.query('SELECT name FROM site_secrets')
    assert.deepEqual(
      secrets.rows.map((r) => r.name),
      ['cookie'],
    )
  })

  it('a login on one admin replica is valid on the other; its CSRF token is good on web', async () => {
    const [adminA, adminB, web] = ports as [number, number, number]
    // The form (CSRF cookie and token) from replica A, the login POST to replica B.
    const form = await send(adminA, { path: '/admin/login/' })
    const [token] = csrfTokens(form.body)
    assert.ok(token)
    const csrfCookies = cookiesOf(form.headers)
    const body = new URLSearchParams({ password: PASSWORD, _csrf: token }).toString()
    const login = await send(adminB, {
      method: 'POST',
      path: '/admin/login/',
      headers: {
        cookie: csrfCookies.join('; '),
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    })
    assert.equal(login.status, 303, login.body)
    const session = cookiesOf(login.headers).find((c) => c.startsWith('admin_session='))
    assert.ok(session, 'a session cookie')
    for (const port of [adminA, adminB]) {
      const dashboard = await send(port, { path: '/admin/', headers: { cookie: session } })
      assert.equal(dashboard.status, 200, `dashboard on ${port}`)
    }
    // Web signs and checks with the same secret: admin's anonymous token posts there.
    const anonymous = await send(adminA, { path: '/admin/login/' })
    const post = new URLSearchParams({
      author: 'Ada',
      body: 'across replicas',
      _csrf: csrfTokens(anonymous.body)[0] as string,
    }).toString()
    const posted = await send(web, {
      method: 'POST',
      path: '/forum/1/',
      headers: {
        cookie: cookiesOf(anonymous.headers).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(post)),
      },
      body: post,
    })
    assert.equal(posted.status, 303, posted.body)
    const dashboard = await send(adminB, { path: '/admin/', headers: { cookie: session } })
    assert.match(dashboard.body, /across replicas/, 'the message is in the one database')
    // Logged out on B, the session is gone on A too.
    const withCsrf = [session, ...csrfCookies].join('; ')
    const logoutForm = await send(adminA, { path: '/admin/', headers: { cookie: withCsrf } })
    const [logoutToken] = csrfTokens(logoutForm.body)
    assert.ok(logoutToken)
    const logoutBody = new URLSearchParams({ _csrf: logoutToken }).toString()
    const out = await send(adminB, {
      method: 'POST',
      path: '/admin/logout/',
      headers: {
        cookie: withCsrf,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(logoutBody)),
      },
      body: logoutBody,
    })
    assert.equal(out.status, 303, out.body)
    const after = await send(adminA, { path: '/admin/', headers: { cookie: session } })
    assert.equal(after.status, 403)
  })

  it('the login limit counts in Redis: attempts spread over two replicas add up', async () => {
    const [adminA, adminB] = ports as [number, number]
    const statuses = []
    for (let i = 0; i < 6; i++) {
      const port = i % 2 === 0 ? adminA : adminB
      statuses.push((await logIn({ port, from: '127.0.0.2' }, `guess ${i}`)).status)
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429])
    // Another client still gets to try, on either replica.
    assert.equal((await logIn({ port: adminB, from: '127.0.0.3' }, 'nope')).status, 401)
  })
})

describe('the example over SQLite: replicas starting at once on one data folder', {
  timeout: 120_000,
}, () => {
  let dataDir: string
  let running: Running[] = []
  before(async () => {
    await buildOnce()
    dataDir = await mkdtemp(join(tmpdir(), 'fms-sqlite-race-'))
  })
  after(async () => {
    await Promise.all(running.map((r) => r.stop()))
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('all start (busy timeout and the write lock), migrations once, twice idempotent', async () => {
    const started = await replicas(['admin', 'web', 'api', 'admin'], { DATA_DIR: dataDir })
    running = started.running
    const more = await replicas(['web'], { DATA_DIR: dataDir })
    running.push(...more.running)
    const db = new DatabaseSync(join(dataDir, 'site.db'), { readOnly: true })
    try {
      const rows = db.prepare(MIGRATIONS_SQL).all() as {
        module: string
        version: number
        n: number
      }[]
      assert.deepEqual(migrationRows(rows), EXPECTED)
      assert.equal(
        (db.prepare('SELECT COUNT(*) AS n FROM site_secrets').get() as { n: number }).n,
        1,
      )
    } finally {
      db.close()
    }
  })
})
