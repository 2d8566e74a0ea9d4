// `flask --app flaskr run --debug` is `npx fastify-microservices dev --root examples/flaskr`:
// the real binary runs flaskr's server.ts in development, which answers until stopped.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { BIN, buildOnce, cleanEnv, NODE, REPO } from '../cli/helpers.ts'

const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/

it('dev --root examples/flaskr: readable logs, /hello answers, SIGINT stops it', {
  timeout: 60_000,
}, async () => {
  await buildOnce()
  const child = spawn(NODE, [BIN, 'dev', '--root', join(REPO, 'examples/flaskr'), '--port', '0'], {
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
