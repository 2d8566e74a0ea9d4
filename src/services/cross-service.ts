import { CrossServiceImport, type MicroServicesError } from '../errors.ts'
import type { CrossImport } from '../modules/boundaries.ts'
import { ownerOf, type ServicesConfig } from './config.ts'

/**
 * The imports of a split that load a module's code in a service that does not mount it:
 * there each service has its own copy of that code and of the state it keeps. Type-only
 * imports and modules listed as `stateless` in services.json are left out. Refused with
 * CrossServiceImport, or, with `"crossServiceImports": "warn"`, returned as that error.
 */
export function crossServiceImports(
  imports: readonly CrossImport[],
  config: ServicesConfig,
): MicroServicesError | undefined {
  const service = ownerOf(config)
  const crossing = imports.flatMap((found) => {
    if (found.owner === null || found.typeOnly || config.stateless.includes(found.owner)) return []
    const from = service.get(found.module)
    const to = service.get(found.owner)
    if (from === undefined || to === undefined || from === to) return []
    return [
      { module: found.module, service: from, other: found.owner, otherService: to, site: found },
    ]
  })
  if (crossing.length === 0) return undefined
  const error = new CrossServiceImport(crossing)
  if (config.crossServiceImports === 'error') throw error
  return error
}
