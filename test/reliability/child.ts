import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'

/** Node 24, which runs .ts files (the system node may be older). */
export const NODE = process.execPath

/** A server started in its own process, and every JSON line it printed. */
export interface Child {
  readonly process: ChildProcess
  readonly lines: Record<string, unknown>[]
  readonly port: number
  /** Resolves with the first line (already printed or to come) that `test` accepts. */
  line(
    test: (line: Record<string, unknown>) => boolean,
    ms?: number,
  ): Promise<Record<string, unknown>>
  /** Resolves with the exit code (or signal) and the milliseconds since `since`. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
  /** Ends it for sure (test clean-up). */
  kill(): void
  stderr(): string
}

/** Starts a server script (.ts) that prints `{ "listening": port }` once up. */
export async function startChild(
  script: string | URL,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<Child> {
  const file = script instanceof URL ? fileURLToPath(script) : script
  const child = spawn(NODE, [...nodeArgs, file], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Record<string, unknown>[] = []
  const waiters = new Set<() => void>()
  let errors = ''
  let pending = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8')
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>)
      } catch {
        lines.push({ text: part })
      }
    }
    for (const wake of waiters) wake()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8')
  })
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    at: performance.now(),
  }))
  exit.then(() => {
    for (const wake of waiters) wake()
  })
  let gone = false
  void exit.then(() => {
    gone = true
  })

  const line: Child['line'] = (test, ms = 15_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no such line within ${ms} ms; stderr: ${errors}`))
      }, ms)
      function check() {
        const found = lines.find(test)
        if (found !== undefined) {
          clearTimeout(timer)
          waiters.delete(check)
          resolve(found)
        } else if (gone) {
          clearTimeout(timer)
          waiters.delete(check)
          reject(new Error(`the process ended first; stderr: ${errors}`))
        }
      }
      waiters.add(check)
      check()
    })

  // A minute: on a loaded machine a child can take more than 15 s to import and listen.
  // If it never does, it is killed here, or it would keep the test process alive.
  const ready = await line((l) => typeof l.listening === 'number', 60_000).catch((error) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    throw error
  })
  return {
    process: child,
    lines,
    port: ready.listening as number,
    line,
    exited: () => exit,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
    stderr: () => errors,
  }
}

/** One GET over a fresh connection, without keep-alive. */
export function get(
  port: number,
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A raw TCP connection to the server, for what a client library hides. */
export async function rawSocket(port: number): Promise<Socket & { received: () => string }> {
  const socket = connect({ host: '127.0.0.1', port })
  let received = ''
  socket.setEncoding('latin1')
  socket.on('data', (chunk: string) => {
    received += chunk
  })
  socket.on('error', () => {})
  await once(socket, 'connect')
  return Object.assign(socket, { received: () => received })
}

/** Resolves once the socket is closed by the other side (or at once if it already is). */
export async function closed(socket: Socket): Promise<void> {
  if (socket.destroyed || socket.readableEnded) return
  // Not events.once: it rejects on 'error', and a server that cuts a client still writing
  // (a slowloris drip) resets the connection (ECONNRESET) before it is closed.
  await new Promise<void>((resolve) => socket.once('close', () => resolve()))
}

/** Resolves true when a new connection is refused (the server stopped listening). */
export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.on('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
}
