export { abort, HTTPException, httpErrors } from './abort.ts'
export type {
  MicroServicesDecorations,
  MicroServicesInstance,
  MicroServicesOptions,
} from './app.ts'
export { MicroServicesApp } from './app.ts'
export type { ErrorHandlerFunction, ErrorHandlerKey } from './error-handler-spec.ts'
export * from './errors.ts'
export type { DefaultLimits, PipeliningLimits } from './limits.ts'
export {
  defaultLimits,
  defaultPipeliningLimits,
  limitPipelining,
  withDefaultLimits,
} from './limits.ts'
export type {
  AfterRequest,
  BeforeRequest,
  BlueprintOptions,
  ErrorFormat,
  ModuleErrorHandler,
  ModuleSetup,
} from './modules/blueprint.ts'
export { Blueprint, Router } from './modules/blueprint.ts'
export type { Migration, MigrationDatabase, MigrationReport } from './modules/migrations.ts'
export { MIGRATIONS_TABLE, runMigrations, sqliteMigrations } from './modules/migrations.ts'
export type { ModuleEntry, ModuleRegistration } from './modules/registration.ts'
export type { SettingsSchema, SettingsSources } from './modules/settings.ts'
export { resolveSettings } from './modules/settings.ts'
export type {
  MicroServicesPluginOptions,
  StaticOptions,
  TemplateOptions,
} from './plugin.ts'
export { microservices } from './plugin.ts'
export type { ViewResponse } from './respond.ts'
export { response } from './respond.ts'
export type { GracefulShutdown, GracefulShutdownOptions } from './shutdown.ts'
export { gracefulShutdown } from './shutdown.ts'
export type { ContextProcessor } from './templates/context.ts'
export type {
  ModuleTemplateFolder,
  RenderScope,
  TemplateEngine,
  TemplateFolders,
  TemplatePrecedence,
} from './templates/engine.ts'
export type { AutoescapeOption, NunjucksEngineOptions } from './templates/nunjucks.ts'
export { createNunjucksEngine } from './templates/nunjucks.ts'
export type { RenderOptions } from './templates/plugin.ts'
export { markSafe } from './templates/safe.ts'
export type {
  Converter,
  ConverterArgs,
  ConverterDefinition,
  ConverterTypes,
} from './urls/converters.ts'
export type { ParamsOf, RequestFor, View } from './urls/params.ts'
export type {
  Register,
  Routes,
  UrlFor,
  UrlForEndpoint,
  UrlForValues,
  UrlForValuesArg,
  ValuesFor,
} from './urls/typed-routes.ts'
export type { RouteExtras, UrlOptions } from './urls/url.ts'
export { UrlPattern, url } from './urls/url.ts'
export type { UrlForScope } from './urls/url-map.ts'
