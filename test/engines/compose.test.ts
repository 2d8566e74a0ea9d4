// The Compose deployment as `deploy compose` writes it, run with Debian's docker-compose:
// the image built from the package root on the offline base image, PostgreSQL (a throwaway
// server on the Docker bridge) for the shared state, the edge published on loopback. The
// answers are the one-process site's; a stopped service is a 503 while the others answer;
// no request fails while one api replica is stopped and started again, or while the edge
// reloads. Everything is taken down (`down -v`), the compose project and its volume too.
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { SITE } from '../../scripts/split.ts'
import { loadPlan, writeCompose } from '../../src/cli/deploy.ts'
import { buildOnce } from '../cli/helpers.ts'
import { closeAgent, freePort, send, sourceOf } from '../deploy/edge.ts'
import { logIn } from '../deploy/login.ts'
import { type Site, siteOn } from '../example/helpers.ts'
import { CONFORMANCE_PATHS } from './conformance.ts'
import { BASE_IMAGE, ensureBaseImage } from './images.ts'
import { type Postgres, startPostgres } from './servers.ts'

const run = promisify(execFile)

/** The part of autocannon's result read here. */
interface AutocannonResult {
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly requests: { readonly total: number }
}
// autocannon ships no types; this is the one call made of it.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string
  connections: number
  duration: number
  timeout: number
  requests: { method: string; path: string }[]
}) => Promise<AutocannonResult>
const PASSWORD = 'compose test password'
const PROJECT = `fmsengines${process.pid}`
/** The Docker bridge's address on the host (docker0): the containers reach PostgreSQL there. */
const bridgeAddress = (): string => {
  const result = spawnSync(
    'docker',
    ['network', 'inspect', 'bridge', '--format', '{{(index .IPAM.Config 0).Gateway}}'],
    { encoding: 'utf8' },
  )
  const address = result.stdout.trim()
  if (result.status !== 0 || address === '') {
    throw new Error(`no address of Docker's bridge network (is dockerd running?): ${result.stderr}`)
  }
  return address
}

describe('the Compose deployment of the example, run as written', { timeout: 600_000 }, () => {
  let dir: string
  let postgres: Postgres
  let edgePort: number
  let one: Site
  let file: string
  const compose = (...args: string[]) => {
    const result = spawnSync('docker-compose', ['-p', PROJECT, '-f', file, ...args], {
      encoding: 'utf8',
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    })
    if (result.status !== 0) {
      throw new Error(
        `docker-compose ${args.join(' ')} failed (${result.status ?? result.error}):\n${(result.stderr + result.stdout).slice(-4000)}`,
      )
    }
    return result.stdout
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    send(edgePort, { path, headers })
  /** Resolves when every path answers 200 through the edge. */
  const answering = async (paths: readonly string[], ms = 120_000) => {
    const until = Date.now() + ms
    let last = ''
    while (Date.now() < until) {
      const statuses = await Promise.all(
        paths.map((p) =>
          get(p).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      )
      if (statuses.every((s) => s === 200)) return
      last = statuses.join(' ')
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(
      `the edge did not answer ${paths.join(' ')} within ${ms} ms (${last}):\n${compose('logs', '--tail=30')}`,
    )
  }

  before(async () => {
    await buildOnce() // the image copies dist/: the example imports the library from it
    const seconds = ensureBaseImage()
    if (seconds > 0) console.log(`# base image ${BASE_IMAGE} made in ${seconds} s`)
    dir = await mkdtemp(join(tmpdir(), 'fms-compose-'))
    postgres = await startPostgres(bridgeAddress(), await freePort())
    edgePort = await freePort()
    const written = await writeCompose(await loadPlan(sourceOf(SITE)), dir)
    assert.deepEqual(written.required, ['ADMIN_PASSWORD'], 'the command names what it needs')
    file = written.files[0] as string
    // The env file the deployment reads (compose's .env beside the file).
    await writeFile(
      join(dir, '.env'),
      [
        `ADMIN_PASSWORD=${PASSWORD}`,
        `DATABASE_URL=${postgres.url}`,
        `BASE_IMAGE=${BASE_IMAGE}`,
        `EDGE_IMAGE=${BASE_IMAGE}`,
        // The example's plugins are the repository's devDependencies; no install scripts.
        'NPM_CI_FLAGS=--ignore-scripts',
        `APP_IMAGE=fms-engines-site:${process.pid}`,
        `EDGE_ADDRESS=127.0.0.1:${edgePort}`,
        'LOG_LEVEL=warn',
      ].join('\n'),
    )
    const built = Date.now()
    compose('build')
    console.log(`# image built in ${Math.round((Date.now() - built) / 1000)} s`)
    const up = Date.now()
    compose('up', '-d')
    await answering(['/_health/web', '/_health/admin', '/_health/api'])
    console.log(`# up to every service answering through the edge: ${Date.now() - up} ms`)
    one = await siteOn(await mkdtemp(join(dir, 'one-')))
  })
  after(async () => {
    closeAgent()
    await one?.close()
    if (file !== undefined) {
      try {
        compose('down', '-v', '--rmi', 'local', '--timeout', '5')
      } catch (error) {
        console.log(`# ${(error as Error).message}`)
      }
      spawnSync('docker', ['image', 'rm', `fms-engines-site:${process.pid}`], { stdio: 'ignore' })
    }
    await postgres?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('answers as the one-process site: status, type, Location; JSON bodies equal', async () => {
    for (const path of CONFORMANCE_PATHS) {
      const deployed = await get(path)
      const inject = await one.inject(path)
      const what = `${path}: compose ${deployed.status}, one process ${inject.statusCode}`
      assert.equal(deployed.status, inject.statusCode, what)
      assert.equal(deployed.headers['content-type'], inject.headers['content-type'], what)
      assert.equal(deployed.headers.location, inject.headers.location, what)
      if (String(inject.headers['content-type']).startsWith('application/json')) {
        assert.deepEqual(JSON.parse(deployed.body), inject.json(), what)
      }
    }
  })

  it('the state is in PostgreSQL: every replica migrated it once', async () => {
    const pg = await import('pg')
    const client = new pg.default.Client({ connectionString: postgres.url })
    await client.connect()
    try {
      const rows = await client.query('SELECT COUNT(*) AS n FROM migrations')
      assert.equal(Number(rows.rows[0].n), 5)
      const secrets = await client.query('SELECT COUNT(*) AS n FROM site_secrets')
      assert.equal(Number(secrets.rows[0].n), 1)
    } finally {
      await client.end()
    }
  })

  it('the login limit counts the client behind the edge (TRUST_PROXY), not the edge', async () => {
    const statuses = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await logIn({ port: edgePort }, `guess ${i}`)).status)
    }
    // The sixth is refused: the limit holds across the service's replicas (one counter).
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429])
  })

  it('no failed request while one api replica is stopped and started again, nor while the edge reloads', async () => {
    const container = async (service: string) => {
      const { stdout } = await run('docker', [
        'ps',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${PROJECT}`,
        '--filter',
        `label=com.docker.compose.service=${service}`,
      ])
      const [id] = stdout.trim().split('\n')
      assert.ok(id, `a ${service} container`)
      return id
    }
    const replica = await container('api')
    const edge = await container('edge')
    // The load runs while docker works (async: the event loop keeps sending): autocannon's
    // kept-alive connections while the replica restarts, and throughout a client that, as
    // browsers and Node's fetch do (RFC 9112 9.3.1), sends a GET once more on a new
    // connection when its kept-alive one is closed before any answer: what a reloading
    // nginx does to its idle connections (see test/deploy/rolling.test.ts).
    const failed: string[] = []
    let requests = 0
    let phase = 'before'
    let going = true
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 2 })
    const browserGet = (path: string, retried = false): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: edgePort, path, agent: retried ? false : keepAlive },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNRESET' && !retried) browserGet(path, true).then(resolve, reject)
          else reject(error)
        })
        req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
        req.end()
      })
    const load = (async () => {
      while (going) {
        requests++
        const status = await browserGet('/api/boards/').then(
          (r) => r,
          (error: Error) => error.message,
        )
        if (status !== 200) failed.push(`${phase}: ${status}`)
      }
    })()
    try {
      const cannon = autocannon({
        url: `http://127.0.0.1:${edgePort}`,
        connections: 4,
        duration: 6,
        timeout: 10,
        requests: [{ method: 'GET', path: '/api/boards/' }],
      })
      await new Promise((r) => setTimeout(r, 500))
      phase = 'stopping an api replica'
      await run('docker', ['stop', '--time', '10', replica])
      phase = 'an api replica stopped'
      await new Promise((r) => setTimeout(r, 1000))
      phase = 'starting it again'
      await run('docker', ['start', replica])
      const result = await cannon
      assert.ok(result.requests.total > 50, `autocannon: ${result.requests.total} requests`)
      assert.deepEqual(
        { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
        { errors: 0, timeouts: 0, non2xx: 0 },
        'autocannon while an api replica is stopped and started again',
      )
      phase = 'reloading the edge'
      await run('docker', [
        'exec',
        edge,
        'nginx',
        '-p',
        '/edge/',
        '-c',
        'nginx.conf',
        '-s',
        'reload',
      ])
      await new Promise((r) => setTimeout(r, 1500))
    } finally {
      going = false
      await load
      keepAlive.destroy()
    }
    assert.ok(requests > 20, `${requests} requests`)
    assert.deepEqual(failed, [])
  })

  it('a stopped service is a 503 through the edge; the others still answer', async () => {
    compose('stop', '--timeout', '5', 'admin')
    const admin = await get('/admin/login/')
    assert.equal(admin.status, 503)
    assert.deepEqual(JSON.parse(admin.body), {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
    })
    assert.equal((await get('/_health/admin')).status, 503)
    assert.equal((await get('/')).status, 200)
    assert.equal((await get('/api/boards/')).status, 200)
    compose('start', 'admin')
    await answering(['/_health/admin'])
  })
})
