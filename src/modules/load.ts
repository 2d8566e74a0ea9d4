import { pathToFileURL } from 'node:url'
import {
  DuplicateModule,
  ModuleLoadError,
  ModuleNameMismatch,
  ModulePackageInvalid,
  ModuleWithoutBlueprint,
} from '../errors.ts'
import { type Blueprint, isBlueprint } from './blueprint.ts'
import type { ModuleDescription } from './discover.ts'

/** A module imported and checked: its description and its blueprint. */
export interface LoadedModule extends ModuleDescription {
  readonly blueprint: Blueprint
}

async function loadModule(description: ModuleDescription): Promise<LoadedModule> {
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
  if (blueprint.name !== description.name && description.package !== undefined) {
    throw new ModulePackageInvalid(
      description.package,
      description.entry,
      `its package.json declares module '${description.name}' but its blueprint is named '${blueprint.name}'`,
    )
  }
  if (blueprint.name !== description.name) {
    throw new ModuleNameMismatch(description.name, blueprint.name, description.entry)
  }
  return { ...description, blueprint }
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
 * (or, with `onProblem`, is reported and left out while the others still load).
 */
export async function loadModules(
  descriptions: readonly ModuleDescription[],
  options: LoadOptions = {},
): Promise<LoadedModule[]> {
  const { onProblem } = options
  const loaded: LoadedModule[] = []
  const byName = new Map((options.loaded ?? []).map((m) => [m.blueprint.name, m]))
  for (const description of descriptions) {
    try {
      const module = await loadModule(description)
      const twin = byName.get(module.blueprint.name)
      if (twin !== undefined) {
        throw new DuplicateModule(module.blueprint.name, twin.entry, description.entry)
      }
      byName.set(module.blueprint.name, module)
      loaded.push(module)
    } catch (error) {
      if (onProblem === undefined) throw error
      onProblem(error)
    }
  }
  return loaded
}
