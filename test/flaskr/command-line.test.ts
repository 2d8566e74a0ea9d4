// Flask's command line for flaskr, as the real binary gives it: `flask run --debug` is
// `dev` (flaskr's server.ts in development, answering until stopped), `flask routes` is
// `routes`, and `check` finds nothing wrong with the port (its templates' url_for calls, the
// import of auth's login_required by blog).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { BIN, buildOnce, cleanEnv, cli, NODE, REPO } from '../cli/helpers.ts'

const ROOT = join(REPO, 'examples/flaskr')
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/

it('dev --root examples/flaskr: readable logs, /hello answers, SIGINT stops it', {
  timeout: 60_000,
}, async () => {
  await buildOnce()
  const child = spawn(NODE, [BIN, 'dev', '--root', ROOT, '--port', '0'], {
    env: cleanEnv(),
    detached: true, // its own process group, so that the app it starts ends with it
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk))
  try {
    let base: string | undefined
    for (const start = Date.now(); base === undefined && Date.now() - start < 30_000; ) {
      base = LISTENING.exec(output)?.[1]
      if (child.exitCode !== null) break
      await sleep(100)
    }
    assert.ok(base !== undefined, `not listening:\n${output}`)
    const response = await fetch(`${base}/hello`)
    assert.equal(await response.text(), 'Hello, World!')
    assert.match(output, /INFO/) // pino-pretty's lines, not JSON
    const exited = once(child, 'exit')
    child.kill('SIGINT')
    const [code] = await exited
    assert.equal(code, 0)
  } finally {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
  }
})

it("routes --root examples/flaskr: the endpoints of Flask's flaskr", {
  timeout: 60_000,
}, async () => {
  await buildOnce()
  const run = await cli(['routes', '--root', ROOT, '--json'], REPO)
  assert.equal(run.code, 0, run.stderr)
  const routes = JSON.parse(run.stdout) as { endpoint: string; rule: string; methods: string[] }[]
  assert.deepEqual(
    routes.map(({ endpoint, rule }) => `${endpoint} ${rule}`),
    [
      'auth.register /auth/register',
      'auth.login /auth/login',
      'auth.logout /auth/logout',
      'blog.index /',
      'blog.create /create',
      'blog.update /<int:id>/update',
      'blog.delete /<int:id>/delete',
    ],
  )
})

it('check --root examples/flaskr: no problems', { timeout: 60_000 }, async () => {
  await buildOnce()
  const run = await cli(['check', '--root', ROOT], REPO)
  assert.equal(run.code, 0, `${run.stdout}${run.stderr}`)
  assert.match(run.stdout, /No problems: 2 modules, 7 routes/)
})
