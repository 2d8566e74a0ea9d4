import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ServicesConfigInvalid } from '../errors.ts'
import { inspectApp } from '../modules/inspect.ts'
import { readServices, SERVICES_FILE } from '../services/config.ts'
import { type NginxOptions, nginxConfig } from '../services/nginx.ts'
import { type DeployPlan, planDeployment } from '../services/plan.ts'
import type { ConverterDefinition } from '../urls/converters.ts'
import { collectEdgeStatic } from './deploy-static.ts'

/** Where the deploy commands read the app. */
export interface DeploySource {
  readonly root: string
  readonly modulesFolder: string
  readonly enabled: readonly string[]
  readonly converters?: Readonly<Record<string, ConverterDefinition>>
}

/** The checked plan, and each module's static folder. */
export interface LoadedPlan {
  readonly plan: DeployPlan
  readonly staticDirs: ReadonlyMap<string, string>
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
  const staticDirs = new Map(
    inspection.modules.map((m) => [m.blueprint.name, m.blueprint.staticFolder] as const),
  )
  return { plan, staticDirs }
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
