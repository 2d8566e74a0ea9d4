import { existsSync } from 'node:fs'
import { readdir, rename, rm } from 'node:fs/promises'
import { extname, join } from 'node:path'
import mime from 'mime'
import type { EdgeStaticFolder } from '../services/nginx.ts'
import type { DeployPlan } from '../services/plan.ts'
import { collectStatic, MANIFEST_FILE } from './collectstatic.ts'
import type { ModuleStatic } from './deploy.ts'
import { indexStatic, staticFolders } from './static-files.ts'

/** What the edge serves from disk, collected into its folder. */
export interface EdgeStatic {
  readonly folders: readonly EdgeStaticFolder[]
  /** MIME type -> extensions of the files collected. */
  readonly types: Record<string, string[]>
  readonly files: number
}

async function extensions(dir: string, found: Set<string>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await extensions(join(dir, entry.name), found)
    else if (extname(entry.name) !== '') found.add(extname(entry.name).slice(1).toLowerCase())
  }
}

/**
 * Collects the app's static files for the edge, hashed names beside plain ones: `out/static/`
 * holds the chain as the app resolves it (each module's folder in enabled order, then the
 * root's), `out/static_<module>/` each module's own folder. The manifests go beside the
 * folders (`static.manifest.json`), so nginx never serves a file the app would not: a
 * sharedStatic: false module stays out of `out/static/`, and a guarded module's own prefix
 * is proxied to its service (its hooks answer there), not collected.
 */
export async function collectEdgeStatic(
  plan: DeployPlan,
  staticDirs: ReadonlyMap<string, ModuleStatic>,
  out: string,
): Promise<EdgeStatic> {
  const folders: EdgeStaticFolder[] = []
  let files = 0
  const collect = async (
    path: string,
    name: string,
    index: Awaited<ReturnType<typeof indexStatic>>,
  ) => {
    const target = join(out, name)
    const result = await collectStatic(index, { target, clear: true })
    if (existsSync(join(target, MANIFEST_FILE))) {
      await rename(join(target, MANIFEST_FILE), join(out, `${name}.manifest.json`))
    }
    if (result.files === 0) {
      await rm(target, { recursive: true, force: true })
      return
    }
    files += result.files
    folders.push({ path, dir: `${name}/` })
  }
  const modules = plan.services.flatMap((service) =>
    service.modules.map((name) => {
      const found = staticDirs.get(name) as ModuleStatic
      return {
        name,
        service: service.name,
        staticFolder: found.dir,
        sharedStatic: found.shared,
        installed: found.installed,
        guarded: found.guarded,
      }
    }),
  )
  const ordered = plan.static.map((s) => s.owner)
  modules.sort((a, b) => ordered.indexOf(a.name) - ordered.indexOf(b.name))
  await collect('/static/', 'static', await indexStatic(staticFolders(plan.root, modules), true))
  for (const module of modules) {
    if (!existsSync(module.staticFolder)) continue
    if (module.guarded) {
      folders.push({ path: `/static_${module.name}/`, service: module.service })
      continue
    }
    const index = await indexStatic([{ owner: module.name, dir: module.staticFolder }], true)
    await collect(`/static_${module.name}/`, `static_${module.name}`, index)
  }
  const found = new Set<string>(['html', 'json', 'txt'])
  for (const folder of folders) {
    if (folder.dir !== undefined) await extensions(join(out, folder.dir), found)
  }
  const types: Record<string, string[]> = {}
  for (const ext of [...found].sort()) {
    const type = mime.getType(ext)
    if (type !== null) types[type] = [...(types[type] ?? []), ext]
  }
  return { folders, types, files }
}
