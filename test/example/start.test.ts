// `npm start` runs `node examples/site/server.ts`: start that very file, as a user would.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { tempDataDir } from './helpers.ts'

const repo = fileURLToPath(new URL('../../', import.meta.url))

/** Resolves with the first line the child prints on stdout; rejects if it exits first. */
function firstLine(child: ChildProcess): Promise<string> {
  const stderr: string[] = []
  child.stderr?.on('data', (chunk) => stderr.push(String(chunk)))
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => {
      lines.close()
      resolve(line)
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`server exited (${code ?? signal}) before a line:\n${stderr.join('')}`)),
    )
  })
}

it('the server says where it listens in its first log line, then serves', {
  timeout: 30_000,
}, async () => {
  const data = await tempDataDir()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' }
  env.DATA_DIR = data.path
  delete env.LOG_LEVEL
  // process.execPath is Node 24 when the tests run under it (node_modules/.bin/node).
  const child = spawn(process.execPath, ['examples/site/server.ts'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    const line = await firstLine(child)
    const { msg } = JSON.parse(line) as { msg: string }
    const where = /^Server listening at (http:\/\/127\.0\.0\.1:(\d+))$/.exec(msg)
    assert.ok(where, `first line names host and port: ${line}`)
    const [, base = '', port = ''] = where
    assert.ok(Number(port) > 0)

    const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(10_000) })
    assert.equal(res.status, 200)
    assert.match(await res.text(), /<h1>Welcome<\/h1>/)
    assert.ok(existsSync(join(data.path, 'site.db')), 'the database is made in DATA_DIR')
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
    await data.remove()
  }
})

it('SIGTERM with a kept-alive socket and a half-sent request: exit 0, database closed, no WAL left', {
  timeout: 30_000,
}, async () => {
  const data = await tempDataDir()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' }
  env.DATA_DIR = data.path
  delete env.LOG_LEVEL
  const child = spawn(process.execPath, ['examples/site/server.ts'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    const { msg } = JSON.parse(await firstLine(child)) as { msg: string }
    const port = Number(/:(\d+)$/.exec(msg)?.[1])
    const kept = connect({ host: '127.0.0.1', port })
    const half = connect({ host: '127.0.0.1', port })
    let answer = ''
    kept.setEncoding('latin1').on('data', (chunk: string) => {
      answer += chunk
    })
    await Promise.all([once(kept, 'connect'), once(half, 'connect')])
    kept.write('GET /api/boards/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    half.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    const deadline = Date.now() + 10_000
    while (!answer.includes('"slug":"general"') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    assert.match(answer, /connection: keep-alive/i)
    assert.ok(existsSync(join(data.path, 'site.db-wal')), 'the database is open in WAL mode')

    const exited = once(child, 'exit')
    const signalled = performance.now()
    child.kill('SIGTERM')
    const [code] = await exited
    const took = performance.now() - signalled
    assert.equal(code, 0)
    assert.ok(took < 9000, `exited ${Math.round(took)} ms after SIGTERM (forced exit: 10 s)`)
    assert.ok(kept.destroyed || kept.readableEnded, 'the kept-alive socket is closed')
    const left = readdirSync(data.path).filter((file) => /-(wal|shm)$/.test(file))
    assert.deepEqual(left, [], 'the database was closed: its WAL files are gone')
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await data.remove()
  }
})

it('NODE_ENV=production without ADMIN_PASSWORD: the server refuses to start, saying why', {
  timeout: 30_000,
}, async () => {
  const data = await tempDataDir()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' }
  env.DATA_DIR = data.path
  env.NODE_ENV = 'production'
  delete env.ADMIN_PASSWORD
  delete env.MODULES
  const child = spawn(process.execPath, ['examples/site/server.ts'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    let output = ''
    child.stdout?.on('data', (chunk) => {
      output += String(chunk)
    })
    child.stderr?.on('data', (chunk) => {
      output += String(chunk)
    })
    const [code] = await once(child, 'exit')
    assert.notEqual(code, 0)
    assert.match(output, /FMS_ERR_MODULE_SETUP/)
    assert.match(output, /ADMIN_PASSWORD is not set/)
    assert.doesNotMatch(output, /Server listening/)
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await data.remove()
  }
})
