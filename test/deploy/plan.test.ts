import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { findNginx } from '../../scripts/nginx.ts'
import { EdgeConflict } from '../../src/errors.ts'
import type { AppInspection } from '../../src/modules/inspect.ts'
import { parseServices } from '../../src/services/config.ts'
import { planDeployment } from '../../src/services/plan.ts'
import { compileRoutes } from '../../src/urls/compile.ts'
import { converterTable } from '../../src/urls/converters.ts'
import { url } from '../../src/urls/url.ts'
import { fixture } from '../helpers.ts'
import { closeAgent, freePort, send, stopProcess, waitForPort } from './edge.ts'

const run = promisify(execFile)
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
const view = () => 'x'

/** An inspection of modules a and b (in services a and b), made from url() lists. */
function split(a: ReturnType<typeof url>[], b: ReturnType<typeof url>[]) {
  const routes = compileRoutes(
    [
      { module: 'a', patterns: a },
      { module: 'b', patterns: b },
    ],
    converterTable(),
  )
  const inspection = {
    root: '/app',
    folder: '/app/modules',
    modules: [
      { name: 'a', blueprint: { name: 'a' } },
      { name: 'b', blueprint: { name: 'b' } },
    ],
    routes,
  } as unknown as AppInspection
  const config = parseServices(
    {
      services: {
        a: { modules: ['a'], upstream: '127.0.0.1:3001' },
        b: { modules: ['b'], upstream: '127.0.0.1:3002' },
      },
    },
    '/app/services.json',
  )
  return planDeployment(inspection, config)
}

describe('deploy plan refuses what the edge would route differently from the app', () => {
  const refused: {
    name: string
    a: ReturnType<typeof url>[]
    b: ReturnType<typeof url>[]
    message: RegExp
  }[] = [
    {
      name: 'one path in two services (other methods)',
      a: [url('/x', view, 'x')],
      b: [url('/x', view, 'x', ['POST'])],
      message: /the path '\/x' is owned by service 'a' \(a\.x\) and by service 'b' \(b\.x\)/,
    },
    {
      name: 'one prefix in two services',
      a: [url('/f/<int:id>', view, 'id')],
      b: [url('/f/<slug>/edit', view, 'edit')],
      message:
        /the prefix '\/f\/' is owned by service 'a' \(a\.id\) and by service 'b' \(b\.edit\)/,
    },
    {
      name: "a prefix inside another service's prefix",
      a: [url('/forum/<path:p>', view, 'any')],
      b: [url('/forum/api/<int:n>', view, 'api')],
      message:
        /the prefix '\/forum\/api\/' \(service 'b': b\.api\) lies inside the prefix '\/forum\/' \(service 'a': a\.any\)/,
    },
    {
      name: "an exact path inside another service's prefix, answering fewer methods",
      a: [url('/forum/<slug>', view, 'topic')],
      b: [url('/forum/new', view, 'new', ['POST'])],
      message: /the path '\/forum\/new'.*for GET, HEAD the app may answer it with 'a'/,
    },
    {
      name: "the 308 of a slashed rule inside another service's prefix",
      a: [url('/docs/<page>', view, 'page')],
      b: [url('/docs/api/', view, 'api')],
      message: /the path '\/docs\/api' \(service 'b': the 308 to '\/docs\/api\/'\)/,
    },
  ]
  for (const c of refused) {
    it(c.name, () => {
      assert.throws(() => split(c.a, c.b), { code: EdgeConflict.code, message: c.message })
    })
  }

  it('accepts an exact path inside a prefix when it answers every method the prefix does', () => {
    const plan = split([url('/forum/<slug>', view, 'topic')], [url('/forum/new', view, 'new')])
    assert.deepEqual(
      plan.locations.map((l) => `${l.match} ${l.path} ${l.service}`),
      ['exact /forum/new b', 'prefix /forum/ a'],
    )
  })

  it('leaves out the 308 location when a rule of another service owns the slashless path', () => {
    const plan = split([url('/x/', view, 'slash')], [url('/x', view, 'bare')])
    assert.deepEqual(
      plan.locations.map((l) => `${l.match} ${l.path} ${l.service}`),
      ['exact /x/ a', 'exact /x b'],
    )
  })

  it("carries a route's own body limit to its location", () => {
    const plan = split(
      [url('/upload/', view, { name: 'up', methods: ['POST'], bodyLimit: 10_000_000 })],
      [],
    )
    assert.equal(plan.locations.find((l) => l.path === '/upload/')?.bodyLimit, 10_000_000)
    assert.equal(plan.edge.bodyLimit, 1024 * 1024)
  })
})

describe('the deploy command line', () => {
  const cli = (args: string[]) =>
    run(process.execPath, [MAIN, ...args], { cwd: fixture('split') }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    )

  it('deploy plan --json: service -> modules -> rules -> locations', async () => {
    const { code, stdout } = await cli(['deploy', 'plan', '--json'])
    assert.equal(code, 0)
    const plan = JSON.parse(stdout)
    assert.deepEqual(
      plan.services.map((s: { name: string; modules: string[]; upstreams: string[] }) => [
        s.name,
        s.modules,
        s.upstreams,
      ]),
      [
        ['web', ['home', 'forum'], ['127.0.0.1:3001']],
        ['admin', ['admin'], ['127.0.0.1:3002', '127.0.0.1:3003']],
      ],
    )
    const at = (path: string) => plan.locations.find((l: { path: string }) => l.path === path)
    assert.deepEqual(at('/admin/forum/'), {
      match: 'exact',
      path: '/admin/forum/',
      service: 'web',
      endpoints: ['forum.admin'],
      methods: ['GET', 'HEAD'],
    })
    assert.equal(at('/admin').service, 'admin')
    assert.equal(at('/forum/thread/').match, 'prefix')
  })

  it('deploy plan (text) names every service, rule and location', async () => {
    const { stdout } = await cli(['deploy', 'plan'])
    assert.match(stdout, /service web: home, forum \(127\.0\.0\.1:3001\)/)
    assert.match(stdout, /location \^~ \/forum\/thread\//)
    assert.match(stdout, /location = \/admin {2}\(308 from the app\)/)
  })

  it('deploy nginx --out DIR writes a config nginx accepts (nginx -t) and the static files', async () => {
    const nginx = await findNginx()
    const dir = await mkdtemp(join(tmpdir(), 'fms-nginx-'))
    try {
      const { code, stdout } = await cli(['deploy', 'nginx', '--out', dir])
      assert.equal(code, 0)
      assert.match(stdout, /Run: {4}nginx -p .* -c nginx\.conf/)
      const conf = await readFile(join(dir, 'nginx.conf'), 'utf8')
      assert.match(
        conf,
        /location = "\/admin\/forum\/" \{ # forum\.admin\n\s+proxy_pass http:\/\/svc_web;/,
      )
      assert.match(conf, /server 127\.0\.0\.1:3003 /)
      assert.match(conf, /client_max_body_size 1048576;/)
      assert.match(conf, /keepalive 32;/)
      assert.equal(await readFile(join(dir, 'static', 'robots.txt'), 'utf8'), 'User-agent: *\n')
      const test = await run(nginx, ['-t', '-p', dir, '-c', 'nginx.conf'])
      assert.match(test.stderr, /syntax is ok/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('start --service admin --port P: the process runs that service', async () => {
    const port = await freePort()
    const child = spawn(
      process.execPath,
      [MAIN, 'start', '--service', 'admin', '--port', String(port)],
      { cwd: fixture('split'), stdio: 'ignore' },
    )
    try {
      await waitForPort(port, 60_000)
      const health = await send(port, { path: '/_health' })
      assert.deepEqual(JSON.parse(health.body), {
        status: 'ok',
        service: 'admin',
        modules: ['admin'],
      })
      assert.equal((await send(port, { path: '/forum/' })).status, 404)
    } finally {
      closeAgent()
      await stopProcess(child)
    }
  })

  it('exits 1 with the coded error when services.json is missing', async () => {
    const result = await run(process.execPath, [MAIN, 'deploy', 'plan'], {
      cwd: fixture('original'),
    }).catch((error: { code: number; stderr: string }) => error)
    assert.equal((result as { code: number }).code, 1)
    assert.match((result as { stderr: string }).stderr, /FMS_ERR_SERVICES_INVALID/)
  })
})
