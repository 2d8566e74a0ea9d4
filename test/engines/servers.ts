// Throwaway servers for the engine tests: Debian's PostgreSQL (as the postgres user: it
// refuses root) and Redis, each in a temp folder on a free port, and the example site's
// server.ts as one replica. Every process is stopped by its PID; a server that cannot
// start fails the test with its own output.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, chmod, chown, mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SITE_SERVER = fileURLToPath(new URL('../../examples/site/server.ts', import.meta.url))

/** Debian's PostgreSQL binaries (the newest major installed). */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql'
  const majors = existsSync(base)
    ? execFileSync('ls', [base], { encoding: 'utf8' }).split(/\s+/)
    : []
  const major = majors.filter((m) => /^\d+$/.test(m)).sort((a, b) => Number(b) - Number(a))[0]
  if (major === undefined) {
    throw new Error(
      `no PostgreSQL under ${base}: run scripts/engines.ts (apt-get install -y postgresql)`,
    )
  }
  return join(base, major, 'bin')
}

/** A running child: its PID, what it printed, and stop(). */
export interface Running {
  readonly child: ChildProcess
  output(): string
  stop(): Promise<void>
}

/** Every process started here: killed when the test process exits, however it ends. */
const started = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Spawns a tracked child, collecting its output. */
export function launch(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Running {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.add(child)
  child.once('exit', () => started.delete(child))
  let text = ''
  const collect = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-20_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  child.on('error', (error) => collect(Buffer.from(String(error))))
  return { child, output: () => text, stop: () => stopChild(child) }
}

/** SIGTERM by PID, SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 8000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Resolves once `host:port` accepts TCP; rejects with the child's output if it exits or times out. */
export async function acceptsTcp(
  host: string,
  port: number,
  running: Running,
  what: string,
  ms = 30_000,
): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (running.child.exitCode !== null) {
      throw new Error(`${what} exited (${running.child.exitCode}):\n${running.output()}`)
    }
    const ok = await new Promise<boolean>((done) => {
      const socket = connect({ host, port }, () => {
        socket.destroy()
        done(true)
      })
      socket.on('error', () => done(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(
    `${what} did not accept connections on ${host}:${port} within ${ms} ms:\n${running.output()}`,
  )
}

/** A throwaway PostgreSQL server. */
export interface Postgres extends Running {
  /** `postgres://postgres@host:port/postgres` */
  readonly url: string
}

/**
 * initdb in a new temp folder (owned by postgres, trust authentication: a test server
 * nobody else reaches), then postgres in the foreground on `host:port`, run as the
 * postgres user by `setpriv` (which execs: the PID is postgres's own). `prefix` runs it
 * inside something else, e.g. `['ip', 'netns', 'exec', 'ns']`.
 */
export async function startPostgres(
  host: string,
  port: number,
  prefix: readonly string[] = [],
): Promise<Postgres> {
  const bin = postgresBin()
  const dir = await mkdtemp(join(tmpdir(), 'fms-pg-'))
  await chmod(dir, 0o700)
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }))
  await chown(dir, id('-u'), id('-g'))
  const asPostgres = ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups']
  const data = join(dir, 'data')
  execFileSync(
    asPostgres[0] as string,
    [
      ...asPostgres.slice(1),
      join(bin, 'initdb'),
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
    ],
    { stdio: 'pipe' },
  )
  // Clients on the server's own subnet (the test hosts) too, not only loopback.
  await appendFile(join(data, 'pg_hba.conf'), 'host all all samenet trust\n')
  const [command, ...args] = [
    ...prefix,
    ...asPostgres,
    join(bin, 'postgres'),
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    `listen_addresses=${host}`,
    '-c',
    'fsync=off', // a throwaway server: no need to survive a power cut
  ]
  const running = launch(command as string, args)
  await acceptsTcp(host, port, running, 'postgres')
  return {
    ...running,
    url: `postgres://postgres@${host}:${port}/postgres`,
    stop: async () => {
      await running.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A throwaway Redis server: no persistence, `host:port`. */
export interface RedisServer extends Running {
  readonly url: string
}

export async function startRedis(
  host: string,
  port: number,
  prefix: readonly string[] = [],
): Promise<RedisServer> {
  const [command, ...args] = [
    ...prefix,
    'redis-server',
    '--port',
    String(port),
    '--bind',
    host,
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'no',
  ]
  const running = launch(command as string, args)
  await acceptsTcp(host, port, running, 'redis-server')
  return { ...running, url: `redis://${host}:${port}` }
}

/** One replica of the example site: `server.ts` with `env` (SERVICE, PORT, DATABASE_URL…). */
export function startReplica(env: Record<string, string>, prefix: readonly string[] = []): Running {
  const full = {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD: 'engines test password',
    ...env,
  }
  if (prefix.length === 0) return launch(process.execPath, [SITE_SERVER], { env: full })
  const [command, ...args] = [...prefix, process.execPath, SITE_SERVER]
  return launch(command as string, args, { env: full })
}

/** Resolves once `http://host:port/_health` answers 200; rejects with the replica's output. */
export async function healthy(host: string, port: number, running: Running, ms = 60_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `the replica on ${host}:${port} exited (${running.child.exitCode}):\n${running.output()}`,
      )
    }
    const ok = await fetch(`http://${host}:${port}/_health`).then(
      (res) => res.status === 200,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(
    `the replica on ${host}:${port} did not answer within ${ms} ms:\n${running.output()}`,
  )
}
