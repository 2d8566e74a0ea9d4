// Every process the harness starts, so that each one ends with the harness: on success,
// on an error, on Ctrl-C.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect, createServer } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const running = new Set<ChildProcess>()

/** Node 24, the one running the harness, for every child. */
export const NODE = process.execPath

/** autocannon's command line, for a load generator in a process of its own: `NODE AUTOCANNON ...`. */
export const AUTOCANNON = fileURLToPath(
  new URL('../node_modules/autocannon/autocannon.js', import.meta.url),
)

/** A server of bench/serve.ts run from a checkout of the library. */
export interface CheckoutServer {
  readonly name: string
  /** The checkout, the server's working folder: its server imports its own dist/. */
  readonly dir: string
  /** What follows `node`: bench/serve.ts, the kind, its options. */
  readonly args: readonly string[]
}

/**
 * `<name>=<checkout>:<kind>[:<root>]`, as bench/builds.ts and bench/instructions.ts take
 * their servers: `<root>` defaults to the checkout's bench/fixtures/site/.
 * @example checkoutServer('before=../before:module-app') // { name: 'before', dir: '/work/before', args: [...] }
 */
export function checkoutServer(spec: string): CheckoutServer {
  const [name = '', rest = ''] = spec.split('=')
  const [checkout = '.', kind = 'module-app', root] = rest.split(':')
  const dir = resolve(checkout)
  const options = { root: root === undefined ? `${dir}/bench/fixtures/site/` : resolve(root) }
  return { name, dir, args: ['bench/serve.ts', kind, JSON.stringify(options)] }
}

/** The port in the line bench/serve.ts prints once it listens (for waitForLine). */
export const servedPort = (line: string): number | undefined =>
  line.startsWith('{"port"') ? (JSON.parse(line) as { port: number }).port : undefined

/** Starts a child process the harness will end when it ends. */
export function start(command: string, args: readonly string[], options: SpawnOptions = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/** Ends one child and waits for it to be gone (SIGKILL if SIGTERM is not enough). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}

/**
 * Waits until the child writes a line that `parse` turns into a value (stdout or
 * stderr); fails if the child exits first or after `timeoutMs`, quoting what it wrote.
 */
export function waitForLine<T>(
  child: ChildProcess,
  parse: (line: string) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let output = ''
    let pending = ''
    const done = (error: Error | null, value?: T) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      // Keep reading so a chatty child never blocks on a full pipe.
      child.stdout?.resume()
      child.stderr?.resume()
      if (error) reject(error)
      else resolve(value as T)
    }
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const value = parse(line.trim())
        if (value !== undefined) return done(null, value)
      }
    }
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`${child.spawnargs.join(' ')} exited (${signal ?? code}):\n${output}`))
    const timer = setTimeout(
      () => done(new Error(`${child.spawnargs.join(' ')} said nothing usable:\n${output}`)),
      timeoutMs,
    )
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
  })
}

/** Runs a child to its end and returns the last JSON line it printed on stdout. */
export async function runForJson<T>(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<T> {
  const child = start(command, args, options)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  const last = stdout.trim().split('\n').at(-1) ?? ''
  if (code !== 0 || !last.startsWith('{'))
    throw new Error(`${child.spawnargs.join(' ')} failed (${code}):\n${stderr}${stdout}`)
  return JSON.parse(last) as T
}

function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
}

process.once('exit', killAll)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll()
    process.exit(130)
  })
}

/** A TCP port free on 127.0.0.1 now (for servers that cannot pick their own). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** Waits until `port` accepts connections; fails if the child exits first or after `timeoutMs`. */
export async function waitForPort(
  child: ChildProcess,
  port: number,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the server exited (${child.exitCode ?? child.signalCode}) before listening on ${port}`,
      )
    if (await accepts(port)) return port
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`)
}
