// A split app on loopback: services in their own processes, real nginx in front. Every
// process started here is ended by stop(), on failure too; ports are free ones picked by
// binding port 0.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { findNginx } from '../../scripts/nginx.ts'
import { loadPlan, writeNginx } from '../../src/cli/deploy.ts'
import { readConfig } from '../../src/modules/config.ts'
import { discoverModules, modulesPath } from '../../src/modules/discover.ts'

const run = promisify(execFile)

/** Every process started here: killed when the test process exits, however it ends. */
const started = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL')
})
const track = (child: ChildProcess): ChildProcess => {
  started.add(child)
  child.once('exit', () => started.delete(child))
  return child
}
const SERVICE_SCRIPT = fileURLToPath(new URL('./service.ts', import.meta.url))

/** A free TCP port on 127.0.0.1: bound to port 0, read, closed. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

/** Resolves when `port` accepts a connection; rejects after `ms`. */
export async function waitForPort(port: number, ms = 15_000): Promise<void> {
  const until = Date.now() + ms
  for (let attempt = 0; attempt < 1000; attempt++) {
    const ok = await new Promise<boolean>((done) => {
      const req = request({ host: '127.0.0.1', port, path: '/_health', agent: false }, (res) => {
        res.resume()
        res.on('end', () => done(true))
      })
      req.on('error', () => done(false))
      req.end()
    })
    if (ok) return
    if (Date.now() > until) break
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing answered on 127.0.0.1:${port} within ${ms} ms`)
}

/** One process of a service (or the whole app when `service` is undefined). */
export interface ServiceProcess {
  readonly service: string | undefined
  readonly port: number
  readonly child: ChildProcess
  stderr(): string
}

/** Starts `test/deploy/service.ts` for `root` on `port`; resolves once it answers. */
export async function startService(
  root: string,
  service: string | undefined,
  port: number,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const child = track(
    spawn(process.execPath, [SERVICE_SCRIPT], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        APP_ROOT: root,
        PORT: String(port),
        SERVICE: service ?? '',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  )
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8')
  })
  const proc = { service, port, child, stderr: () => errors }
  try {
    // A loaded machine (the whole suite on two cores) can take long to start Node.
    await waitForPort(port, 60_000)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n${errors}`)
  }
  return proc
}

/** Ends a process: SIGTERM (graceful), SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** nginx running in the foreground from a generated folder. */
export interface Edge {
  readonly dir: string
  readonly port: number
  readonly nginx: string
  readonly child: ChildProcess
  /** `nginx -s reload`: new workers with the config, old ones finish their requests. */
  reload(): Promise<void>
  errorLog(): Promise<string>
}

/** A split app: services per services.json on free ports, nginx in front. */
export interface Split {
  readonly edge: Edge
  readonly services: ServiceProcess[]
  /** The ports of each service's processes. */
  readonly ports: Record<string, number[]>
  stop(): Promise<void>
}

/** Starts every process of every service of `root`'s services.json and nginx in front. */
export async function startSplit(
  root: string,
  env: Record<string, string> = {},
  workers = 1,
  /** Directives added to the generated config's http block, for what a test's client needs. */
  httpDirectives: readonly string[] = [],
): Promise<Split> {
  const nginx = await findNginx()
  const dir = await mkdtemp(join(tmpdir(), 'fms-edge-'))
  // mkdtemp makes it 0700; nginx's workers (user nobody under a root master) read the static files.
  await chmod(dir, 0o755)
  const source = sourceOf(root)
  const loaded = await loadPlan(source)
  const ports: Record<string, number[]> = {}
  for (const service of loaded.plan.services) {
    ports[service.name] = []
    for (let i = 0; i < service.upstreams.length; i++) ports[service.name]?.push(await freePort())
  }
  const services: ServiceProcess[] = []
  let child: ChildProcess | undefined
  const stop = async () => {
    await Promise.all([
      ...services.map((s) => stopProcess(s.child)),
      child === undefined ? undefined : stopProcess(child, 3000),
    ])
    await rm(dir, { recursive: true, force: true })
  }
  try {
    const started = await Promise.all(
      Object.entries(ports).flatMap(([name, list]) =>
        list.map((port) => startService(root, name, port, env)),
      ),
    )
    services.push(...started)
    const port = await freePort()
    const upstreams = Object.fromEntries(
      Object.entries(ports).map(([name, list]) => [name, list.map((p) => `127.0.0.1:${p}`)]),
    )
    await writeNginx(loaded, dir, { upstreams, listen: `127.0.0.1:${port}`, workers })
    if (httpDirectives.length > 0) {
      const file = join(dir, 'nginx.conf')
      const text = await readFile(file, 'utf8')
      await writeFile(
        file,
        text.replace('\nhttp {\n', `\nhttp {\n  ${httpDirectives.join('\n  ')}\n`),
      )
    }
    const args = ['-p', dir, '-c', 'nginx.conf']
    child = track(spawn(nginx, args, { stdio: 'ignore' }))
    await waitForPort(port)
    const edge: Edge = {
      dir,
      port,
      nginx,
      child,
      reload: async () => {
        await run(nginx, [...args, '-s', 'reload'])
      },
      errorLog: async () => {
        try {
          return await readFile(join(dir, 'error.log'), 'utf8')
        } catch {
          return ''
        }
      },
    }
    return { edge, services, ports, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Where loadPlan reads an app, as the command line would find it. */
export function sourceOf(root: string) {
  const config = readConfig(root)
  const modulesFolder = modulesPath(root, config.modulesDir)
  const enabled = config.modules ?? []
  discoverModules(modulesFolder, enabled)
  return { root, modulesFolder, enabled }
}

/** An HTTP answer as the tests compare it. */
export interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 })

/**
 * Sends one request exactly as written (no normalisation of the path) to 127.0.0.1:port
 * (or `host`); with `from`, on a connection of its own from that address (another client).
 */
export function send(
  port: number,
  options: {
    method?: string
    path: string
    headers?: Record<string, string>
    body?: string | Buffer
    from?: string
    host?: string
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        ...(options.from === undefined ? { agent } : { localAddress: options.from, agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error(`timed out: ${options.path}`)))
    req.end(options.body)
  })
}

/** Closes the kept-alive sockets of send(). */
export const closeAgent = (): void => agent.destroy()
