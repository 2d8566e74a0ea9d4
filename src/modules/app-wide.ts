import type { FastifyInstance } from 'fastify'
import { mergeAdditions, noAdditions, type TemplateAdditions } from '../templates/additions.ts'
import type { ContextProcessors } from '../templates/context.ts'
import type { UrlProcessors } from '../urls/url-processors.ts'
import type { LoadedModule } from './load.ts'
import { afterHook, beforeHook } from './register.ts'

/**
 * What mounted modules declare for the whole app (Flask's before_app_request,
 * after_app_request, app_context_processor, app_url_*; a module's own url processors are
 * registered here too): hooks on the app itself, so every route and
 * the 404s no rule matched see them; nothing is added when no module declares any.
 */
export function installAppWide(
  app: FastifyInstance,
  modules: readonly LoadedModule[],
  processors: ContextProcessors,
  urlProcessors: UrlProcessors,
): void {
  // A module mounted twice declares its app-wide behaviour once (Flask's record_once).
  const blueprints = [...new Set(modules.map((m) => m.blueprint))]
  for (const hook of blueprints.flatMap((b) => b.beforeAppRequestHooks)) {
    app.addHook('preHandler', beforeHook(hook))
  }
  // Flask runs after_request functions in the reverse order of their registration.
  for (const hook of blueprints.flatMap((b) => b.afterAppRequestHooks).reverse()) {
    app.addHook('onSend', afterHook(hook))
  }
  for (const processor of blueprints.flatMap((b) => b.appContextProcessors)) {
    processors.add(processor)
  }
  for (const { name, blueprint } of modules) {
    for (const fn of blueprint.appUrlValuePreprocessors) urlProcessors.addPreprocessor(fn)
    for (const fn of blueprint.appUrlDefaultsFunctions) urlProcessors.addDefaults(fn)
    for (const fn of blueprint.urlValuePreprocessors) urlProcessors.addPreprocessor(fn, name)
    for (const fn of blueprint.urlDefaultsFunctions) urlProcessors.addDefaults(fn, name)
  }
}

/** The template filters, globals and tests of mounted modules: null for every render, else by module. */
export function templateAdditions(
  modules: readonly LoadedModule[],
): Map<string | null, TemplateAdditions> {
  const every = noAdditions()
  const additions = new Map<string | null, TemplateAdditions>([[null, every]])
  for (const { name, blueprint } of modules) {
    mergeAdditions(every, blueprint.appTemplateAdditions)
    additions.set(name, blueprint.templateAdditions)
  }
  return additions
}
