import { MissingRequiredModule } from '../errors.ts'
import type { Blueprint } from './blueprint.ts'

/** A module of the enabled set and the modules it requires that the set lacks. */
export interface MissingRequirement {
  readonly module: string
  readonly missing: readonly string[]
}

/**
 * What each blueprint requires (`Router.createBlueprint(name, url, { requires })`) that
 * `enabled` lacks, in enabled order. The order of the enabled list does not matter: a
 * module may come before the modules it requires.
 */
export function missingRequirements(
  blueprints: readonly Pick<Blueprint, 'name' | 'requires'>[],
  enabled: readonly string[],
): MissingRequirement[] {
  const present = new Set(enabled)
  return blueprints.flatMap(({ name, requires }) => {
    const missing = requires.filter((required) => !present.has(required))
    return missing.length === 0 ? [] : [{ module: name, missing }]
  })
}

/** Throws MissingRequiredModule for the first module whose requirements `enabled` lacks. */
export function checkRequirements(
  blueprints: readonly Pick<Blueprint, 'name' | 'requires'>[],
  enabled: readonly string[],
): void {
  const [first] = missingRequirements(blueprints, enabled)
  if (first !== undefined) throw new MissingRequiredModule(first.module, first.missing, enabled)
}
