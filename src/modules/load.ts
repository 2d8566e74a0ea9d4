import { pathToFileURL } from 'node:url'
import {
  DuplicateModule,
  ModuleLoadError,
  ModuleNameMismatch,
  ModulePackageInvalid,
  ModuleWithoutBlueprint,
} from '../errors.ts'
import { type Blueprint, isBlueprint } from './blueprint.ts'
import { childModulesPath, discoverModules, type ModuleDescription } from './discover.ts'
import { joinPrefixes } from './registration.ts'

/** A module imported and checked: its description and its blueprint. */
export interface LoadedModule extends ModuleDescription {
  readonly blueprint: Blueprint
  /**
   * The url prefix of all its rules, as mounted: its registration's, else its blueprint's
   * `urlPrefix`, under its parent's (Flask's joining); undefined when it has none.
   */
  readonly prefix: string | undefined
  /** Values its views get beside their rules' own (its registration's `defaults`). */
  readonly defaults: Readonly<Record<string, unknown>>
}

async function loadModule(
  description: ModuleDescription,
  parent: LoadedModule | undefined,
): Promise<LoadedModule> {
  let exports: Record<string, unknown>
  try {
    exports = await import(pathToFileURL(description.entry).href)
  } catch (cause) {
    throw new ModuleLoadError(description.name, description.entry, cause)
  }
  const { blueprint } = exports
  if (!isBlueprint(blueprint)) {
    throw new ModuleWithoutBlueprint(description.name, description.entry, Object.keys(exports))
  }
  // The folder is enabled, required and placed by its name; endpoints and /static_<name>/
  // use the blueprint's: a module is one name, or those lists would mean other modules.
  if (blueprint.name !== description.folderName && description.package !== undefined) {
    throw new ModulePackageInvalid(
      description.package,
      description.entry,
      `its package.json declares module '${description.folderName}' but its blueprint is named '${blueprint.name}'`,
    )
  }
  if (blueprint.name !== description.folderName) {
    throw new ModuleNameMismatch(description.folderName, blueprint.name, description.entry)
  }
  const { registration } = description
  return {
    ...description,
    blueprint,
    prefix: joinPrefixes(parent?.prefix, registration.prefix ?? blueprint.urlPrefix),
    defaults: registration.defaults ?? {},
  }
}

/** How loadModules goes on when a module is wrong. */
export interface LoadOptions {
  /** Report a wrong module here and leave it out, instead of stopping (the command line's `check`). */
  readonly onProblem?: (error: unknown) => void
  /** Modules loaded before, whose names the new ones must not repeat. */
  readonly loaded?: readonly LoadedModule[]
}

/**
 * Imports every enabled module (and only those), before anything is registered:
 * a module that throws, has no blueprint, or repeats another's name stops start-up
 * (or, with `onProblem`, is reported and left out while the others still load). The
 * modules a blueprint enables from its own `modules/` folder follow it, depth first.
 */
export async function loadModules(
  descriptions: readonly ModuleDescription[],
  options: LoadOptions = {},
): Promise<LoadedModule[]> {
  const { onProblem } = options
  const loaded: LoadedModule[] = []
  const byName = new Map((options.loaded ?? []).map((m) => [m.name, m]))
  const load = async (found: readonly ModuleDescription[], parent?: LoadedModule) => {
    for (const description of found) {
      let module: LoadedModule
      try {
        module = await loadModule(description, parent)
        const twin = byName.get(module.name)
        if (twin !== undefined)
          throw new DuplicateModule(module.name, twin.entry, description.entry)
        byName.set(module.name, module)
        loaded.push(module)
      } catch (error) {
        if (onProblem === undefined) throw error
        onProblem(error)
        continue
      }
      const children = module.blueprint.modules
      if (children.length === 0) continue
      let descriptions: ModuleDescription[]
      try {
        descriptions = discoverModules(childModulesPath(module.dir), children, module.name)
      } catch (error) {
        if (onProblem === undefined) throw error
        onProblem(error)
        continue
      }
      await load(descriptions, module)
    }
  }
  await load(descriptions)
  return loaded
}

/**
 * The modules with each child before its parent (and a parent right after its
 * children): the order a shared chain (static files) looks in, child, parent, root.
 */
export function childrenFirst(modules: readonly LoadedModule[]): LoadedModule[] {
  const ordered: LoadedModule[] = []
  const names = new Set(modules.map((m) => m.name))
  const visit = (module: LoadedModule) => {
    for (const child of modules) {
      if (child.parent !== undefined && child.parent === module.name) visit(child)
    }
    ordered.push(module)
  }
  for (const module of modules) {
    if (module.parent === undefined || !names.has(module.parent)) visit(module)
  }
  return ordered
}
