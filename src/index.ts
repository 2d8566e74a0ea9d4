export type {
  MicroServicesDecorations,
  MicroServicesInstance,
  MicroServicesOptions,
} from './app.ts'
export { MicroServicesApp } from './app.ts'
export * from './errors.ts'
export type { DefaultLimits } from './limits.ts'
export { defaultLimits, withDefaultLimits } from './limits.ts'
export type {
  AfterRequest,
  BeforeRequest,
  ContextProcessor,
  ModuleErrorHandler,
  ModuleSetup,
} from './router/blueprint.ts'
export { Blueprint, Router } from './router/blueprint.ts'
export type { GracefulShutdown, GracefulShutdownOptions } from './shutdown.ts'
export { gracefulShutdown } from './shutdown.ts'
export { createNunjucksEngine } from './templates/nunjucks.ts'
export { ContextProcessors } from './templates/plugin.ts'
export type {
  Register,
  Routes,
  SpecialValues,
  UrlFor,
  UrlForEndpoint,
  UrlForValuesArg,
  ValuesFor,
} from './types/routes.ts'
export type {
  Converter,
  ConverterArgs,
  ConverterDefinition,
  ConverterTypes,
} from './urls/converters.ts'
export type { ParamsOf, RequestFor, View } from './urls/params.ts'
export type { RouteExtras, UrlOptions } from './urls/url.ts'
export { UrlPattern, url } from './urls/url.ts'
export type { UrlForScope, UrlForValues } from './urls/url-for.ts'
