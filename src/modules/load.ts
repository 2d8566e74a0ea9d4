import { pathToFileURL } from 'node:url'
import { DuplicateModule, ModuleLoadError, ModuleWithoutBlueprint } from '../errors.ts'
import { type Blueprint, isBlueprint } from './blueprint.ts'
import type { ModuleDescription } from './discover.ts'

/** A module imported and checked: its description and its blueprint. */
export interface LoadedModule extends ModuleDescription {
  readonly blueprint: Blueprint
}

/**
 * Imports every enabled module (and only those), before anything is registered:
 * a module that throws, has no blueprint, or repeats another's name stops start-up.
 */
export async function loadModules(
  descriptions: readonly ModuleDescription[],
): Promise<LoadedModule[]> {
  const loaded: LoadedModule[] = []
  const byName = new Map<string, LoadedModule>()
  for (const description of descriptions) {
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
    const twin = byName.get(blueprint.name)
    if (twin !== undefined) throw new DuplicateModule(blueprint.name, twin.entry, description.entry)
    const module = { ...description, blueprint }
    byName.set(blueprint.name, module)
    loaded.push(module)
  }
  return loaded
}
