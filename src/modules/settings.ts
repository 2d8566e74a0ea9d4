import { Ajv, type ErrorObject } from 'ajv'
import { ModuleSettingsInvalid } from '../errors.ts'

/** A JSON schema of an object; `default` keywords give the module's defaults. */
export type SettingsSchema = Readonly<Record<string, unknown>> & { readonly type?: 'object' }

/** Where the app overrides a module's settings, weakest first. */
export interface SettingsSources {
  /** `"settings": { "<module>": { ... } }` of microservices.json. */
  readonly config?: Readonly<Record<string, unknown>> | undefined
  /** The environment: `<MODULE>_<KEY>` (`BLOG_PER_PAGE` for `perPage` of `blog`) wins. */
  readonly env?: NodeJS.ProcessEnv
}

// Defaults filled in, and environment strings coerced to the schema's types ('20' -> 20).
const ajv = new Ajv({ useDefaults: true, coerceTypes: true, allErrors: true, strict: false })

const envName = (module: string, key: string): string =>
  `${module}_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`
    .replace(/[^A-Za-z0-9]/g, '_')
    .toUpperCase()

const describe = (error: ErrorObject): string =>
  `${error.instancePath === '' ? 'the settings' : `'${error.instancePath.slice(1).replaceAll('/', '.')}'`} ${error.message ?? 'is not valid'}${
    error.keyword === 'additionalProperties'
      ? ` ('${(error.params as { additionalProperty: string }).additionalProperty}')`
      : ''
  }`

/**
 * A module's settings: the schema's defaults, overridden by microservices.json's
 * `settings.<module>`, then by the environment (`<MODULE>_<KEY>` for each property the
 * schema names), validated against the schema; refused with ModuleSettingsInvalid.
 */
export function resolveSettings(
  module: string,
  schema: SettingsSchema | undefined,
  sources: SettingsSources,
): Record<string, unknown> {
  if (schema === undefined) return {}
  const fromConfig = sources.config?.[module]
  const used: string[] = []
  if (fromConfig !== undefined) used.push(`"settings.${module}" of microservices.json`)
  if (
    fromConfig !== undefined &&
    (typeof fromConfig !== 'object' || fromConfig === null || Array.isArray(fromConfig))
  ) {
    throw new ModuleSettingsInvalid(module, ['they are not an object'], used.join(', '))
  }
  const settings: Record<string, unknown> = { ...(fromConfig as object | undefined) }
  const properties = (schema.properties ?? {}) as Record<string, unknown>
  for (const key of Object.keys(properties)) {
    const name = envName(module, key)
    const value = sources.env?.[name]
    if (value === undefined) continue
    settings[key] = value
    used.push(name)
  }
  const validate = ajv.compile(schema)
  if (!validate(settings)) {
    throw new ModuleSettingsInvalid(
      module,
      (validate.errors ?? []).map(describe),
      used.length === 0 ? 'nothing (the defaults alone)' : used.join(', '),
    )
  }
  return Object.freeze(settings)
}
