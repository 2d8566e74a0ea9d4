import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { BIN, buildOnce, cleanEnv, fixture, NODE, removeTemp, tempApp } from './helpers.ts'

/** The real binary, running until told to stop; everything it prints is kept. */
class Running {
  readonly child: ChildProcess
  output = ''

  constructor(args: readonly string[], cwd: string) {
    // Its own process group, so that the test can always end it and the app it started.
    this.child = spawn(NODE, [BIN, ...args], { cwd, env: cleanEnv(), detached: true })
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString()
    })
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString()
    })
  }

  /** Waits (at most `ms`) until the output matches `pattern` `times` times; returns the last match. */
  async waitFor(pattern: RegExp, times = 1, ms = 20_000): Promise<RegExpMatchArray> {
    const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)
    for (const start = Date.now(); Date.now() - start < ms; await sleep(50)) {
      const matches = [...this.output.matchAll(global)]
      if (matches.length >= times) return matches[times - 1] as RegExpMatchArray
      if (this.child.exitCode !== null) break
    }
    throw new Error(`no ${times}x ${pattern} within ${ms} ms; output:\n${this.output}`)
  }

  /** SIGTERM, as a process manager would; resolves with the exit code. */
  async stop(ms = 10_000): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode
    const exited = new Promise<number | null>((done) =>
      this.child.once('exit', (code) => done(code)),
    )
    this.child.kill('SIGTERM')
    return Promise.race([exited, sleep(ms).then(() => null)])
  }

  /** Ends the whole group, whatever happened. */
  kill(): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/

const get = async (url: string): Promise<{ status: number; body: string }> => {
  const response = await fetch(url)
  return { status: response.status, body: await response.text() }
}

const answers = async (url: string): Promise<boolean> => {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

describe('start', () => {
  before(buildOnce)

  it('runs the entry file in production: JSON logs, no stack traces to clients, stops on SIGTERM', async () => {
    const app = new Running(['start', '--port', '0'], fixture('cli-app'))
    try {
      const base = (await app.waitFor(LISTENING))[1] as string
      const first = JSON.parse(app.output.split('\n')[0] as string)
      assert.equal(first.level, 30)
      assert.equal(first.msg, `Server listening at ${base}`)

      assert.deepEqual(await get(`${base}/blog/`), { status: 200, body: 'blog index v1' })
      assert.match((await get(`${base}/blog/3/`)).body, /<h1>Post 3<\/h1>/)
      const failed = await get(`${base}/shop/fail`)
      assert.equal(failed.status, 500)
      assert.doesNotMatch(failed.body, /secret detail|at fail|\.ts:\d/)

      assert.equal(await app.stop(), 0)
      assert.equal(await answers(base), false)
    } finally {
      app.kill()
    }
  })
})

describe('dev', () => {
  let dir: string
  before(async () => {
    await buildOnce()
    dir = tempApp('cli-app')
  })
  after(() => removeTemp(dir))

  it('restarts on code changes, reloads templates without a restart, and prints readable logs', async () => {
    const app = new Running(['dev', '--port', '0'], dir)
    try {
      let base = (await app.waitFor(LISTENING))[1] as string
      assert.match(app.output, /^\[\d\d:\d\d:\d\d\] INFO: Server listening at /m)
      assert.deepEqual(await get(`${base}/blog/`), { status: 200, body: 'blog index v1' })
      await app.waitFor(/\[dev\] watching/)

      const views = join(dir, 'modules', 'blog', 'views.ts')
      writeFileSync(views, readFileSync(views, 'utf8').replace('blog index v1', 'blog index v2'))
      await app.waitFor(/\[dev\] modules\/blog\/views\.ts changed: restarting/)
      base = (await app.waitFor(LISTENING, 2))[1] as string
      assert.deepEqual(await get(`${base}/blog/`), { status: 200, body: 'blog index v2' })

      const template = join(dir, 'modules', 'blog', 'templates', 'blog', 'post.html')
      writeFileSync(template, readFileSync(template, 'utf8').replace('Post ', 'Article '))
      // The watcher reports the change and that it leaves it to the app: no restart follows.
      await app.waitFor(
        /\[dev\] modules\/blog\/templates\/blog\/post\.html changed: the app reloads it, no restart/,
      )
      assert.match((await get(`${base}/blog/5/`)).body, /<h1>Article 5<\/h1>/)
      assert.equal(app.output.match(/restarting/g)?.length, 1)
      assert.match(app.output, /INFO: \[req-\d+\] GET \/blog\/5\//)

      assert.equal(await app.stop(), 0)
      assert.equal(await answers(base), false)
      assert.doesNotMatch(app.output, /the app stopped/)
    } finally {
      app.kill()
    }
  })
})
