import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { ServicesConfigInvalid } from '../errors.ts'
import { checkBoundaries } from '../modules/boundaries.ts'
import { inspectApp } from '../modules/inspect.ts'
import { relativePosix } from '../paths.ts'
import { readServices, SERVICES_FILE } from '../services/config.ts'
import { crossServiceImports } from '../services/cross-service.ts'
import { type NginxOptions, nginxConfig } from '../services/nginx.ts'
import { type DeployPlan, planDeployment } from '../services/plan.ts'
import type { ConverterDefinition } from '../urls/converters.ts'
import { collectEdgeStatic } from './deploy-static.ts'
import { findEntry } from './run.ts'

/** Where the deploy commands read the app. */
export interface DeploySource {
  readonly root: string
  readonly modulesFolder: string
  readonly enabled: readonly string[]
  readonly converters?: Readonly<Record<string, ConverterDefinition>>
}

/** What the edge needs to know of a module's static files. */
export interface ModuleStatic {
  /** The module's static folder. */
  readonly dir: string
  /** Blueprint's sharedStatic: false keeps the folder out of `/static/`. */
  readonly shared: boolean
  /** Installed from npm: its files come after the root's in the shared chain. */
  readonly installed: boolean
  /**
   * The module runs code of its own for its requests (beforeRequest or afterRequest hooks,
   * or a setup that may add hooks and plugins): its `/static_<module>/` files go through
   * its service, never from the edge's disk, so a guard covers them there as in the app.
   */
  readonly guarded: boolean
}

/** The checked plan, and each module's static folder. */
export interface LoadedPlan {
  readonly plan: DeployPlan
  readonly staticDirs: ReadonlyMap<string, ModuleStatic>
  /** What the split allows but should not: imports across services, with "crossServiceImports": "warn". */
  readonly warnings: readonly Error[]
}

/** Inspects the app as start-up does and makes its plan from services.json. */
export async function loadPlan(source: DeploySource): Promise<LoadedPlan> {
  const config = readServices(source.root)
  if (config === undefined) {
    throw new ServicesConfigInvalid(
      join(source.root, SERVICES_FILE),
      'the app has none; the deploy commands split the app as it says',
    )
  }
  const inspection = await inspectApp({
    root: source.root,
    modulesDir: source.modulesFolder,
    enabled: source.enabled,
    modulesEnv: false,
    converters: source.converters,
  })
  const plan = planDeployment(inspection, config)
  const { imports } = await checkBoundaries(inspection.root, inspection.folder, inspection.modules)
  const crossing = crossServiceImports(imports, config)
  const staticDirs = new Map(
    inspection.modules.map(({ blueprint, package: installed }) => [
      blueprint.name,
      {
        dir: blueprint.staticFolder,
        shared: blueprint.sharedStatic,
        installed: installed !== undefined,
        guarded:
          blueprint.beforeRequestHooks.length > 0 ||
          blueprint.afterRequestHooks.length > 0 ||
          blueprint.setups.length > 0,
      },
    ]),
  )
  return { plan, staticDirs, warnings: crossing === undefined ? [] : [crossing] }
}

/** What `deploy nginx` wrote. */
export interface NginxOutput {
  readonly dir: string
  readonly config: string
  readonly staticFiles: number
  readonly staticFolders: readonly string[]
}

/**
 * Writes `out/nginx.conf` and the static files it serves (`out/static/`, `out/static_<module>/`),
 * plus `out/tmp/` for nginx's temporary files: `nginx -p out -c nginx.conf` runs it.
 */
export async function writeNginx(
  loaded: LoadedPlan,
  out: string,
  overrides: Omit<NginxOptions, 'staticFolders' | 'types'> = {},
): Promise<NginxOutput> {
  const dir = resolve(out)
  await mkdir(join(dir, 'tmp'), { recursive: true })
  const edgeStatic = await collectEdgeStatic(loaded.plan, loaded.staticDirs, dir)
  const config = join(dir, 'nginx.conf')
  await writeFile(
    config,
    nginxConfig(loaded.plan, {
      ...overrides,
      staticFolders: edgeStatic.folders,
      types: edgeStatic.types,
    }),
  )
  return {
    dir,
    config,
    staticFiles: edgeStatic.files,
    staticFolders: edgeStatic.folders.map((f) => f.path),
  }
}

/** The report of `deploy nginx`. */
export const formatNginx = (output: NginxOutput): string =>
  [
    `Wrote ${output.config}`,
    `  static: ${output.staticFiles} files under ${output.staticFolders.join(' ') || '(none)'}`,
    `Run:    nginx -p ${output.dir} -c nginx.conf`,
    `Reload: nginx -p ${output.dir} -c nginx.conf -s reload`,
  ].join('\n')

/** The options `deploy compose` and `deploy kubernetes` share. */
export interface ContainerOptions {
  /** The app's image (default `<app folder name>:latest`). */
  readonly image?: string
  /** The app's name for Kubernetes objects (default the app's folder name). */
  readonly name?: string
  /** The Gateway the HTTPRoute attaches to. */
  readonly gateway?: string
}

/** The app's folder name as a DNS label: Kubernetes names and image names accept it. */
const appName = (root: string): string =>
  basename(resolve(root))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'app'

/** The command a container runs: node and the app's entry file, from the app's folder. */
const containerCommand = (root: string): string[] => ['node', relativePosix(root, findEntry(root))]

/** A Dockerfile for the app: Node 24 runs its TypeScript as it is. */
const DOCKERFILE = `# Generated by \`fastify-microservices deploy compose\`: the app's image, for every service.
FROM node:24-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
`

/**
 * Writes `out/docker-compose.yml` (a compose service per service, nginx in front), the
 * edge's config and static files in `out/edge/`, and `out/Dockerfile` for the app's image.
 */
export async function writeCompose(
  loaded: LoadedPlan,
  out: string,
  options: ContainerOptions = {},
): Promise<string[]> {
  const { composeFile, composeUpstreams } = await import('../services/compose.ts')
  const dir = resolve(out)
  const root = loaded.plan.root
  await mkdir(dir, { recursive: true })
  await writeNginx(loaded, join(dir, 'edge'), {
    listen: '8080',
    upstreams: composeUpstreams(loaded.plan),
  })
  const dockerfile = join(dir, 'Dockerfile')
  await writeFile(dockerfile, DOCKERFILE)
  const file = join(dir, 'docker-compose.yml')
  const context = relativePosix(dir, root) || '.'
  await writeFile(
    file,
    composeFile(loaded.plan, {
      image: options.image ?? `${appName(root)}:latest`,
      command: containerCommand(root),
      context,
      dockerfile: relativePosix(root, dockerfile),
    }),
  )
  return [file, join(dir, 'edge', 'nginx.conf'), dockerfile]
}

/** Writes `out/kubernetes.yaml`: Deployments, Services and one HTTPRoute, each validated. */
export async function writeKubernetes(
  loaded: LoadedPlan,
  out: string,
  options: ContainerOptions = {},
): Promise<string[]> {
  const { kubernetesManifests } = await import('../services/kubernetes.ts')
  const dir = resolve(out)
  const root = loaded.plan.root
  const name = options.name ?? appName(root)
  const text = kubernetesManifests(loaded.plan, {
    name,
    image: options.image ?? `${name}:latest`,
    command: containerCommand(root),
    gateway: options.gateway,
  })
  await mkdir(dir, { recursive: true })
  const file = join(dir, 'kubernetes.yaml')
  await writeFile(file, text)
  return [file]
}
