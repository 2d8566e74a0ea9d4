// `npm run start:split`: the example site as the services of examples/site/services.json
// (web, admin, api with two replicas), each process `SERVICE=<name> node server.ts`,
// behind real nginx on one machine, all sharing the SQLite database of DATA_DIR.
//
// EDGE_PORT moves the edge (default: edge.listen of services.json, 127.0.0.1:8080).
// Ctrl-C stops every process it started.
import { type ChildProcess, spawn } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadPlan, writeNginx } from '../src/cli/deploy.ts'
import { appPaths, enabledModules } from '../src/cli/locate.ts'
import { EDGE_HOPS } from '../src/services/placement.ts'
import { findNginx } from './nginx.ts'

export const SITE = fileURLToPath(new URL('../examples/site/', import.meta.url))

/** How to start the split site; every field defaults to services.json's addresses. */
export interface SplitSiteOptions {
  /** `host:port` the edge listens on. */
  readonly edge?: string
  /** Replaces each service's addresses (tests use free ports). */
  readonly upstreams?: Readonly<Record<string, readonly string[]>>
  /** The shared database folder (default the site's own data/). */
  readonly dataDir?: string
  /** Environment of every service process, over the defaults (tests). */
  readonly env?: Readonly<NodeJS.ProcessEnv>
  /** Where the processes' output goes (default: this process's). */
  readonly stdio?: 'inherit' | 'ignore'
}

/** The running split site. */
export interface SplitSite {
  readonly url: string
  readonly processes: readonly { service: string; address: string; child: ChildProcess }[]
  stop(): Promise<void>
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ host, port, path: '/_health', agent: false }, (res) => {
      res.resume()
      done(res.statusCode === 200)
    })
    req.on('error', () => done(false))
    req.end()
  })
}

async function ready(address: string, child: ChildProcess, ms = 60_000): Promise<void> {
  const at = address.lastIndexOf(':')
  const host = address.slice(0, at)
  const port = Number(address.slice(at + 1))
  const until = Date.now() + ms
  for (let i = 0; Date.now() < until && i < 2000; i++) {
    if (child.exitCode !== null)
      throw new Error(`the process for ${address} exited (${child.exitCode})`)
    if (await answers(host, port)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`nothing answered on ${address} within ${ms} ms`)
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** Every process started here: killed when this process exits, however it ends. */
const started = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL')
})
const exitedEarly = (child: ChildProcess) => started.delete(child)

/** Starts every service process of the example, then nginx in front; resolves once all answer. */
export async function startSplitSite(options: SplitSiteOptions = {}): Promise<SplitSite> {
  const nginx = await findNginx()
  const paths = appPaths({ root: SITE })
  const loaded = await loadPlan({
    root: paths.root,
    modulesFolder: paths.modulesFolder,
    enabled: enabledModules(paths, {}).names,
  })
  const stdio = options.stdio ?? 'inherit'
  const processes: { service: string; address: string; child: ChildProcess }[] = []
  const dir = await mkdtemp(join(tmpdir(), 'fms-split-'))
  await chmod(dir, 0o755) // nginx's workers read the static files
  let edgeChild: ChildProcess | undefined
  const stop = async () => {
    await Promise.all([
      ...processes.map((p) => stopChild(p.child)),
      edgeChild && stopChild(edgeChild),
    ])
    await rm(dir, { recursive: true, force: true })
  }
  const launch = (service: string, address: string) => {
    const at = address.lastIndexOf(':')
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SERVICE: service,
      HOST: address.slice(0, at),
      PORT: address.slice(at + 1),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // nginx is the one proxy in front: request.ip is the client it forwards, so the
      // login and posting limits count each client, not the edge.
      TRUST_PROXY: EDGE_HOPS,
      ...options.env,
    }
    if (options.dataDir !== undefined) env.DATA_DIR = options.dataDir
    const child = spawn(process.execPath, [join(SITE, 'server.ts')], { cwd: SITE, env, stdio })
    processes.push({ service, address, child })
    started.add(child)
    child.once('exit', () => exitedEarly(child))
    return child
  }
  try {
    const all = loaded.plan.services.flatMap((service) =>
      (options.upstreams?.[service.name] ?? service.upstreams).map((address) => ({
        service: service.name,
        address,
      })),
    )
    // The first process alone: it makes the database, its migrations and the session secret
    // that every other process then reads.
    const [first, ...rest] = all
    if (first === undefined) throw new Error('services.json has no service')
    await ready(first.address, launch(first.service, first.address))
    await Promise.all(rest.map((p) => ready(p.address, launch(p.service, p.address))))
    const listen = options.edge ?? process.env.EDGE_PORT ?? loaded.plan.edge.listen
    const edge = /^\d+$/.test(listen) ? `127.0.0.1:${listen}` : listen
    await writeNginx(loaded, dir, { listen: edge, upstreams: options.upstreams })
    edgeChild = spawn(nginx, ['-p', dir, '-c', 'nginx.conf'], { stdio })
    started.add(edgeChild)
    edgeChild.once('exit', () => exitedEarly(edgeChild as ChildProcess))
    await ready(edge, edgeChild) // /_health through the edge: the fallback service's
    return { url: `http://${edge}`, processes, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

if (import.meta.main) {
  const site = await startSplitSite()
  console.log(`The example site, split into services behind nginx: ${site.url}`)
  for (const p of site.processes) console.log(`  ${p.service.padEnd(6)} ${p.address}`)
  console.log('Ctrl-C stops them all.')
  const stopAll = () => {
    void site.stop().then(() => process.exit(0))
  }
  process.once('SIGINT', stopAll)
  process.once('SIGTERM', stopAll)
}
