import type { ModuleRoutes } from '../urls/compile.ts'
import type { LoadedModule } from './load.ts'

/**
 * What a loaded module gives the route table: its blueprint's patterns, to be joined to
 * its url prefix with its registration's defaults, under its mounted name. Start-up and
 * every command build their table from this, so they see the same rules.
 */
export function mountedRoutes(module: LoadedModule): ModuleRoutes {
  const { blueprint } = module
  return {
    module: module.name,
    file: module.entry,
    patterns: blueprint.urlpatterns,
    subdomain: blueprint.subdomain,
    prefix: module.prefix,
    defaults: module.defaults,
  }
}
