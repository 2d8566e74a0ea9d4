import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { DeployPackageMissing, DeployVariablesMissing, ServicesConfigInvalid } from '../errors.ts'
import { checkBoundaries } from '../modules/boundaries.ts'
import { inspectApp } from '../modules/inspect.ts'
import type { LoadedModule } from '../modules/load.ts'
import type { ModuleEntry } from '../modules/registration.ts'
import { relativePosix } from '../paths.ts'
import {
  COMPOSE_RESOLVER,
  composeFile,
  composeUpstreams,
  DEFAULT_BASE_IMAGE,
  DEFAULT_NPM_CI_FLAGS,
  requiredVariables,
} from '../services/compose.ts'
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
  readonly enabled: readonly ModuleEntry[]
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
  const byName = new Map(inspection.modules.map((m) => [m.name, m]))
  // A parent's hooks and setups are its child modules' too.
  const guarded = (module: LoadedModule | undefined): boolean => {
    if (module === undefined) return false
    const { blueprint } = module
    return (
      blueprint.beforeRequestHooks.length > 0 ||
      blueprint.afterRequestHooks.length > 0 ||
      blueprint.setups.length > 0 ||
      (module.parent !== undefined && guarded(byName.get(module.parent)))
    )
  }
  const staticDirs = new Map(
    inspection.modules.map((module) => [
      module.name,
      {
        dir: module.blueprint.staticFolder,
        shared: module.blueprint.sharedStatic,
        installed: module.package !== undefined,
        guarded: guarded(module),
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
  /** The app's image (default `<app folder name>:<package version>`). */
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

/** The nearest folder at or above the app's with a package.json: what the image installs. */
export function packageRoot(root: string): string {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new DeployPackageMissing(resolve(root))
  }
}

/** `<name>:<version of the package>`: a tag that names one build, never `:latest`. */
const defaultImage = (name: string, pkgRoot: string): string => {
  const { version } = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as {
    version?: unknown
  }
  return `${name}:${typeof version === 'string' && version !== '' ? version : '0.0.0'}`
}

/** The app's Dockerfile: its package root with its dependencies, run from the app's folder. */
const dockerfile = (
  appDir: string,
): string => `# Generated by \`fastify-microservices deploy compose\`: the app's image, for every service.
# Build context: the app's package root. BASE_IMAGE: any image with Node 24 and npm.
ARG BASE_IMAGE=${DEFAULT_BASE_IMAGE}
FROM \${BASE_IMAGE}
WORKDIR /app
COPY package*.json ./
# NPM_CI_FLAGS: '${DEFAULT_NPM_CI_FLAGS}' by default; '--include=dev' when the app runs on devDependencies.
ARG NPM_CI_FLAGS=${DEFAULT_NPM_CI_FLAGS}
RUN npm ci \${NPM_CI_FLAGS} --no-audit --no-fund
COPY . .
WORKDIR /app/${appDir || '.'}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
`

/** What the image leaves out of the build context when the package root has no .dockerignore. */
const DOCKERIGNORE = `# Written by \`fastify-microservices deploy compose\`: kept out of the image's build context.
node_modules
.git
`

/** What `deploy compose` wrote, and what the deployment must be given. */
export interface ComposeOutput {
  readonly files: readonly string[]
  /** services.json's required variables: `up` refuses to start without them. */
  readonly required: readonly string[]
  readonly dir: string
}

/**
 * Writes \`out/docker-compose.yml\` (a compose service per service, nginx in front), the
 * edge's config and static files in \`out/edge/\`, \`out/Dockerfile\` for the app's image
 * (built from the package root) and, when the package root has none, its .dockerignore.
 */
export async function writeCompose(
  loaded: LoadedPlan,
  out: string,
  options: ContainerOptions = {},
): Promise<ComposeOutput> {
  const dir = resolve(out)
  const root = loaded.plan.root
  const pkgRoot = packageRoot(root)
  await mkdir(dir, { recursive: true })
  await writeNginx(loaded, join(dir, 'edge'), {
    listen: '8080',
    upstreams: composeUpstreams(loaded.plan),
    resolver: COMPOSE_RESOLVER,
  })
  const files: string[] = []
  const dockerfilePath = join(dir, 'Dockerfile')
  await writeFile(dockerfilePath, dockerfile(relativePosix(pkgRoot, root)))
  const ignore = join(pkgRoot, '.dockerignore')
  if (!existsSync(ignore)) {
    await writeFile(ignore, DOCKERIGNORE)
    files.push(ignore)
  }
  const file = join(dir, 'docker-compose.yml')
  await writeFile(
    file,
    composeFile(loaded.plan, {
      image: options.image ?? defaultImage(appName(root), pkgRoot),
      command: containerCommand(root),
      context: relativePosix(dir, pkgRoot) || '.',
      dockerfile: relativePosix(pkgRoot, dockerfilePath),
    }),
  )
  files.unshift(file, join(dir, 'edge', 'nginx.conf'), dockerfilePath)
  return { files, required: requiredVariables(loaded.plan), dir }
}

/** The report of `deploy compose`: the files, what to set, how to run it. */
export const formatCompose = (output: ComposeOutput): string =>
  [
    ...output.files.map((file) => `Wrote ${file}`),
    output.required.length === 0
      ? 'Required: nothing (services.json\'s "environment" marks no variable null)'
      : `Required: ${output.required.join(' ')} (in the environment, or in ${join(output.dir, '.env')})`,
    `Run:    docker-compose -f ${join(output.dir, 'docker-compose.yml')} up -d --build`,
    `        (BASE_IMAGE=<image> builds on another base than ${DEFAULT_BASE_IMAGE})`,
  ].join('\n')

/**
 * Writes `out/kubernetes.yaml`: a Secret with the values of services.json's "environment"
 * (from `env`, else their defaults; a required one missing is refused), Deployments,
 * Services and one HTTPRoute, each validated.
 */
export async function writeKubernetes(
  loaded: LoadedPlan,
  out: string,
  options: ContainerOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const { kubernetesManifests } = await import('../services/kubernetes.ts')
  const dir = resolve(out)
  const root = loaded.plan.root
  const name = options.name ?? appName(root)
  const environment: Record<string, string> = {}
  const missing: string[] = []
  for (const [variable, fallback] of Object.entries(loaded.plan.environment)) {
    const value = env[variable] || fallback
    if (value === null || value === undefined) missing.push(variable)
    else environment[variable] = value
  }
  if (missing.length > 0) throw new DeployVariablesMissing(missing)
  const text = kubernetesManifests(loaded.plan, {
    name,
    image: options.image ?? defaultImage(name, packageRoot(root)),
    command: containerCommand(root),
    gateway: options.gateway,
    environment,
  })
  await mkdir(dir, { recursive: true })
  const file = join(dir, 'kubernetes.yaml')
  await writeFile(file, text)
  return [file]
}
