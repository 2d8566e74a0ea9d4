// What the package tests share: a user's shell environment, a command run in it, and the
// app's server started on a free port.
import assert from 'node:assert/strict'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { join } from 'node:path'

export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const STRIPPED = new Set(['NODE_ENV', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'MODULES', 'PORT'])

/** The environment of a user's shell: nothing from the npm script or test runner around us. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('npm_') || STRIPPED.has(key)) continue
    env[key] = value
  }
  return { ...env, ...extra }
}

export function run(command: string, args: readonly string[], cwd: string, timeout = 90_000) {
  return new Promise<Run>((done) => {
    execFile(command, args, { cwd, env: userEnv(), timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      done({ code, stdout, stderr })
    })
  })
}

/** Starts `node server.ts` on a free port; resolves with its address once it listens. */
export function startServer(cwd: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['server.ts'], {
    cwd,
    env: userEnv({ PORT: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`no listening line in 20 s:\n${output}`)),
      20_000,
    )
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const address = /listening at (http:\/\/[^"\s]+)/i.exec(output)
      if (address) {
        clearTimeout(timer)
        resolve({ child, base: address[1] as string })
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server.ts exited (${code}):\n${output}`))
    })
  })
}

/** `npm pack` of a folder into `into`: the tarball and the files it holds. */
export async function pack(
  dir: string,
  into: string,
): Promise<{ tarball: string; files: string[] }> {
  const packed = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', into],
    dir,
  )
  assert.equal(packed.code, 0, packed.stderr)
  const [result] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[]
  assert.ok(result)
  return { tarball: join(into, result.filename), files: result.files.map((file) => file.path) }
}
