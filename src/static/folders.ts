import type { StaticFolder } from './entry.ts'

/** A module's static folder, and whether the module was installed from npm. */
export interface ModuleStaticFolder extends StaticFolder {
  readonly owner: string
  readonly installed?: boolean
}

/**
 * The static chain's order, the one place it is written: the app's own modules in enabled
 * order, then the root `static/`, then the modules installed from npm, so the app's
 * files override an installed module's at the same path (Django's project over app).
 */
export function staticChainOrder(
  modules: readonly ModuleStaticFolder[],
  rootDir: string,
): StaticFolder[] {
  const folder = ({ owner, dir, shared }: ModuleStaticFolder): StaticFolder =>
    shared === undefined ? { owner, dir } : { owner, dir, shared }
  return [
    ...modules.filter((m) => m.installed !== true).map(folder),
    { owner: null, dir: rootDir },
    ...modules.filter((m) => m.installed === true).map(folder),
  ]
}
