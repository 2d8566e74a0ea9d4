import { type ChildProcess, spawn } from 'node:child_process'
import { relative, resolve, sep } from 'node:path'
import { createInterface } from 'node:readline'
import { watch as watchFiles } from 'chokidar'
import { EntryNotFound } from '../errors.ts'
import { isFile, relativePosix } from '../paths.ts'
import { devLogFormatter } from './dev-logs.ts'

/** Entry files tried in the app's root, in order, when --entry is not given. */
const ENTRY_FILES = ['server.ts', 'app.ts', 'server.js', 'app.js', 'server.mjs', 'app.mjs']

/** How `dev` and `start` run the app. */
export interface RunOptions {
  readonly root: string
  readonly entry: string
  /** Sets PORT for the app, which its entry file reads. */
  readonly port?: string
  /** Sets SERVICE for the app: it mounts only that service of services.json. */
  readonly service?: string
  /** Given to the entry file after its name. */
  readonly args?: readonly string[]
}

/** The app's entry file: the one named, else the first of ENTRY_FILES in the root. */
export function findEntry(root: string, entry?: string): string {
  if (entry !== undefined) {
    const path = resolve(root, entry)
    if (!isFile(path)) throw new EntryNotFound(root, [relative(root, path) || entry])
    return path
  }
  const found = ENTRY_FILES.map((file) => resolve(root, file)).find(isFile)
  if (found === undefined) throw new EntryNotFound(root, ENTRY_FILES)
  return found
}

type Mode = 'production' | 'development'

function launch(options: RunOptions, mode: Mode, pretty: boolean): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: mode }
  if (options.port !== undefined) env.PORT = options.port
  if (options.service !== undefined) env.SERVICE = options.service
  const child = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
    cwd: options.root,
    env,
    stdio: pretty ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  })
  if (pretty) {
    const format = devLogFormatter()
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      if (from === null) continue
      createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) =>
        to.write(`${format(line)}\n`),
      )
    }
  }
  return child
}

/** Resolves with the exit code, or with the signal that ended the process. */
const exited = (child: ChildProcess): Promise<number | NodeJS.Signals> =>
  new Promise((done) => {
    if (child.exitCode !== null) return done(child.exitCode)
    if (child.signalCode !== null) return done(child.signalCode)
    child.once('exit', (code, signal) => done(code ?? signal ?? 0))
  })

/** Asks the process to stop, and makes it stop if it has not after `graceMs`. */
async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const done = exited(child)
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await done
  clearTimeout(timer)
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** Waits for SIGINT or SIGTERM once; returns a function that stops listening. */
function onStopSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals) => handler(signal)
  for (const signal of SIGNALS) process.once(signal, listener)
  return () => {
    for (const signal of SIGNALS) process.off(signal, listener)
  }
}

/**
 * Production: runs the entry file with NODE_ENV=production, its output untouched (the
 * app's JSON logs), passing SIGINT/SIGTERM on; resolves with the app's exit code.
 */
export async function start(options: RunOptions): Promise<number> {
  const child = launch(options, 'production', false)
  let stopping = false
  const forget = onStopSignal((signal) => {
    stopping = true
    child.kill(signal)
  })
  const result = await exited(child)
  forget()
  if (typeof result === 'number') return result
  return stopping ? 0 : 1
}

/** Folders never watched. */
const NOT_WATCHED = new Set(['node_modules', '.git', 'dist', 'coverage'])
/** Folders the running app follows by itself in development: no restart. */
const RELOADED = new Set(['static', 'templates'])
const CODE = /\.(?:ts|mts|cts|js|mjs|cjs|json)$/

const partsOf = (root: string, file: string): string[] => relative(root, file).split(sep)

/** Whether a changed file is code or configuration the running app has already read. */
export function restartsApp(root: string, file: string): boolean {
  const parts = partsOf(root, file)
  if (parts.some((part) => NOT_WATCHED.has(part) || RELOADED.has(part))) return false
  const name = parts.at(-1) ?? ''
  // routes.d.ts is written by the app itself at start-up: watching it would loop.
  return CODE.test(name) && !name.endsWith('.d.ts')
}

/** Whether a changed file is a template or static file, which the app reloads without a restart. */
export function reloadsItself(root: string, file: string): boolean {
  const parts = partsOf(root, file)
  return !parts.some((part) => NOT_WATCHED.has(part)) && parts.some((part) => RELOADED.has(part))
}

/**
 * Development: runs the entry file with NODE_ENV=development, its JSON logs made
 * readable, and restarts it (debounced) when code or configuration under the root
 * changes. Runs until SIGINT or SIGTERM; a crashed app waits for the next change.
 */
export async function dev(options: RunOptions, debounceMs = 150): Promise<number> {
  const say = (text: string) => process.stderr.write(`[dev] ${text}\n`)
  const show = (file: string) => relativePosix(options.root, file)
  let child = launch(options, 'development', true)
  let restarting = false
  let stopping = false
  let pending: string | undefined
  let timer: NodeJS.Timeout | undefined

  const watch = (current: ChildProcess) => {
    void exited(current).then((result) => {
      if (current === child && !restarting && !stopping) {
        say(`the app stopped (${result}); waiting for a change to restart it`)
      }
    })
  }
  watch(child)

  const restart = async () => {
    if (restarting) return
    restarting = true
    const changed = pending
    pending = undefined
    say(`${changed ?? 'a file'} changed: restarting`)
    await stop(child)
    if (stopping) return
    child = launch(options, 'development', true)
    watch(child)
    restarting = false
    if (pending !== undefined) void restart()
  }

  const watcher = watchFiles(options.root, {
    ignoreInitial: true,
    ignored: (path: string) =>
      relative(options.root, path)
        .split(sep)
        .some((part) => NOT_WATCHED.has(part)),
  })
  watcher.on('all', (_event, file) => {
    if (reloadsItself(options.root, file)) {
      say(`${show(file)} changed: the app reloads it, no restart`)
      return
    }
    if (!restartsApp(options.root, file)) return
    pending = show(file)
    clearTimeout(timer)
    timer = setTimeout(() => void restart(), debounceMs)
  })
  await new Promise<void>((ready) => watcher.once('ready', () => ready()))
  say(
    `watching ${show(options.root) || '.'} for changes (templates and static files reload without a restart)`,
  )

  await new Promise<void>((done) => onStopSignal(() => done()))
  stopping = true
  clearTimeout(timer)
  await watcher.close()
  await stop(child)
  return 0
}
