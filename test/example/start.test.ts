// `npm start` runs `node examples/site/server.ts`: start that very file, as a user would.
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { it } from 'node:test'
import { exitOf, startServer, tempDataDir } from './helpers.ts'

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
  const child = startServer(data.path, { LOG_LEVEL: undefined })
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
  const child = startServer(data.path, { LOG_LEVEL: undefined })
  try {
    const { msg } = JSON.parse(await firstLine(child)) as { msg: string }
    const port = Number(/:(\d+)$/.exec(msg)?.[1])
    const kept = connect({ host: '127.0.0.1', port })
    const half = connect({ host: '127.0.0.1', port })
    let answer = ''
    // Resolves once the whole answer is in (or after 10 s, for the assertion to say so).
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000)
      kept.setEncoding('latin1').on('data', (chunk: string) => {
        answer += chunk
        if (answer.includes('"slug":"general"')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    await Promise.all([once(kept, 'connect'), once(half, 'connect')])
    kept.write('GET /api/boards/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    half.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    await answered
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
  const child = startServer(data.path, {
    NODE_ENV: 'production',
    ADMIN_PASSWORD: undefined,
    MODULES: undefined,
  })
  try {
    const { code, output } = await exitOf(child)
    assert.notEqual(code, 0)
    assert.match(output, /FMS_ERR_MODULE_SETUP/)
    assert.match(output, /ADMIN_PASSWORD is not set/)
    assert.doesNotMatch(output, /Server listening/)
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await data.remove()
  }
})
