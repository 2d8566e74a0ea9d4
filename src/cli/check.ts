import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MissingRequiredModule, TemplateNotFound } from '../errors.ts'
import { checkBoundaries } from '../modules/boundaries.ts'
import { discoverModules, entryName } from '../modules/discover.ts'
import { type LoadedModule, loadModules } from '../modules/load.ts'
import { mountedRoutes } from '../modules/mounted-routes.ts'
import type { ModuleRegistration } from '../modules/registration.ts'
import { missingRequirements } from '../modules/requires.ts'
import { sourceFiles } from '../modules/source-files.ts'
import { isFile, relativePosix } from '../paths.ts'
import { explicitFolder } from '../templates/names.ts'
import { compileRoutes, type ModuleRoutes } from '../urls/compile.ts'
import { type ConverterDefinition, converterTable } from '../urls/converters.ts'
import { type AppOptions, type AppPaths, enabledModules } from './locate.ts'
import { indexStatic, overriddenPaths, ownerName, staticFolders } from './static-files.ts'
import { syntaxErrorLocation } from './syntax-location.ts'
import { brokenTemplateLinks } from './template-links.ts'
import { templateSyntaxProblems } from './template-syntax.ts'

/** One problem `check` found. Errors fail the check; warnings are only reported. */
export interface Problem {
  readonly level: 'error' | 'warning'
  readonly code: string
  readonly message: string
}

/** Everything `check` found, problems in the order start-up would meet them. */
export interface CheckReport {
  readonly enabled: readonly string[]
  readonly enabledFrom: string | undefined
  readonly modules: number
  readonly routes: number
  readonly problems: readonly Problem[]
}

const problemOf = (error: unknown, level: Problem['level'] = 'error'): Problem => {
  const code = (error as { code?: unknown }).code
  return {
    level,
    code: typeof code === 'string' ? code : 'ERR_UNEXPECTED',
    message: error instanceof Error ? error.message : String(error),
  }
}

/**
 * Loads the app's modules as start-up does, but one at a time, so that every problem is
 * found at once instead of the first: modules that are missing or fail to load, duplicate
 * names, conflicting rules and endpoints, templates named literally by views that exist
 * nowhere, templates that do not compile, and static folders that cannot be read.
 */
export async function checkApp(
  paths: AppPaths,
  options: AppOptions,
  converters: Readonly<Record<string, ConverterDefinition>> | undefined,
): Promise<CheckReport> {
  const problems: Problem[] = []
  let enabled: readonly string[]
  let entries: readonly ModuleRegistration[]
  let enabledFrom: string | undefined
  try {
    const found = enabledModules(paths, options)
    enabled = found.names
    entries = found.entries
    enabledFrom = found.source
  } catch (error) {
    return { enabled: [], enabledFrom, modules: 0, routes: 0, problems: [problemOf(error)] }
  }

  // One module at a time, in enabled order, so that every problem is reported.
  const loaded: LoadedModule[] = []
  for (const entry of entries) {
    // A syntax error anywhere in the module's files is reported with its file and line.
    const onProblem = (error: unknown) => {
      const folders = [join(paths.modulesFolder, entry.name), paths.root]
      problems.push(withSyntaxLocation(problemOf(error), error, folders, paths.root))
    }
    try {
      const found = discoverModules(paths.modulesFolder, [entry])
      loaded.push(...(await loadModules(found, { loaded, onProblem })))
    } catch (error) {
      onProblem(error)
    }
  }

  // Against the names asked for: a required module that failed to load is reported as that.
  // A module is required by its folder's (or package's) name, or by the name it is mounted as.
  const names = [
    ...new Set(
      entries.flatMap((entry) => {
        const own = entryName(paths.modulesFolder, entry)
        return [entry.as ?? own, own]
      }),
    ),
  ]
  for (const { module, missing } of missingRequirements(
    loaded.map((m) => m.blueprint),
    names,
  )) {
    problems.push(problemOf(new MissingRequiredModule(module, missing, names)))
  }

  for (const error of (await checkBoundaries(paths.root, paths.modulesFolder, loaded)).problems) {
    problems.push(problemOf(error))
  }

  let routes = 0
  let table: Readonly<Record<string, ConverterDefinition>> | undefined
  try {
    table = converterTable(converters)
    routes = compileAll(loaded, table, problems)
  } catch (error) {
    problems.push(problemOf(error)) // the converters themselves are refused
  }
  problems.push(...missingTemplates(paths.root, loaded))
  for (const error of await templateSyntaxProblems(paths.root, loaded))
    problems.push(problemOf(error))
  if (table !== undefined) problems.push(...(await templateLinks(paths.root, loaded, table)))
  problems.push(...(await staticProblems(paths.root, loaded)))
  return { enabled, enabledFrom, modules: loaded.length, routes, problems }
}

/** Every url_for in every template, against the route table (and the static files, for literal names). */
async function templateLinks(
  root: string,
  modules: readonly LoadedModule[],
  converters: Readonly<Record<string, ConverterDefinition>>,
): Promise<Problem[]> {
  const folders = staticFolders(
    root,
    modules.map((m) => ({
      name: m.name,
      staticFolder: m.blueprint.staticFolder,
      installed: m.package !== undefined,
    })),
  )
  let staticIndex: Awaited<ReturnType<typeof indexStatic>> | undefined
  try {
    staticIndex = await indexStatic(folders)
  } catch {
    staticIndex = undefined // an unreadable folder is reported on its own; links are checked without it
  }
  return brokenTemplateLinks({ root, modules, converters, staticIndex }).map(({ error }) =>
    problemOf(error),
  )
}

/** A module that failed on a syntax error, in any of its files: the problem names file and line. */
function withSyntaxLocation(
  problem: Problem,
  error: unknown,
  folders: readonly string[],
  root: string,
): Problem {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error
  const at = syntaxErrorLocation(cause, folders)
  if (at === undefined) return problem
  const file = relativePosix(root, at.file)
  return {
    ...problem,
    message: `${problem.message}\nThe syntax error is at ${file}:${at.line}:\n${at.frame}`,
  }
}

/** Compiles the routes of every loaded module once, reporting each wrong pattern. */
function compileAll(
  modules: readonly LoadedModule[],
  converters: Readonly<Record<string, ConverterDefinition>>,
  problems: Problem[],
): number {
  const all: ModuleRoutes[] = modules.map(mountedRoutes)
  return compileRoutes(all, converters, (error) => problems.push(problemOf(error))).length
}

/** A render whose first argument is one plain string literal: render('a.html') or render("a.html", {...}). */
const LITERAL_RENDER = /\brender\s*\(\s*(['"`])([^'"`$\\\n]+)\1\s*[,)]/g

/**
 * Templates the modules' code names literally (`reply.render('home/index.html')`) that
 * no folder it could be found in holds: the module's templates/ and the root's, or the
 * one module named (`forum:board.html`), or the root only (`:board.html`).
 */
function missingTemplates(root: string, modules: readonly LoadedModule[]): Problem[] {
  const rootFolder = join(root, 'templates')
  const folderOf = new Map(modules.map((m) => [m.name, m.blueprint.templateFolder]))
  const problems: Problem[] = []
  for (const module of modules) {
    for (const file of sourceFiles(module.dir)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(LITERAL_RENDER)) {
        const name = match[2] as string
        if (name.startsWith('.')) continue // relative names only mean something inside templates
        const { module: named, rest: path } = explicitFolder(name)
        const explicit = named !== undefined
        const owner = named === undefined ? module.name : named
        const own = owner === null ? undefined : folderOf.get(owner)
        const folders = explicit
          ? owner === null
            ? [rootFolder]
            : own === undefined
              ? []
              : [own]
          : [module.blueprint.templateFolder, rootFolder]
        if (folders.some((folder) => isFile(join(folder, ...path.split('/'))))) continue
        const line = text.slice(0, match.index).split('\n').length
        const where = `${relativePosix(root, file)}:${line}`
        const detail =
          explicit && owner !== null && own === undefined
            ? `It is named in ${where}, but module '${owner}' is not enabled.`
            : `It is named in ${where}.`
        problems.push(problemOf(new TemplateNotFound(name, module.name, folders, detail)))
      }
    }
  }
  return problems
}

/**
 * Static folders that exist but cannot be read are errors (the app could not serve
 * them); a module's file hiding another module's is a warning, since namespaced
 * folders (static/<module>/...) exist to avoid exactly that.
 */
async function staticProblems(root: string, modules: readonly LoadedModule[]): Promise<Problem[]> {
  const folders = staticFolders(
    root,
    modules.map((m) => ({
      name: m.name,
      staticFolder: m.blueprint.staticFolder,
      sharedStatic: m.blueprint.sharedStatic,
      installed: m.package !== undefined,
    })),
  )
  const problems: Problem[] = []
  // Folder by folder, since a walk stops at the first folder it cannot read.
  for (const folder of folders) {
    try {
      await indexStatic([folder])
    } catch (error) {
      problems.push(problemOf(error))
    }
  }
  if (problems.length > 0) return problems
  for (const [path, [winner, ...losers]] of overriddenPaths(await indexStatic(folders))) {
    if (winner === undefined || winner.owner === null) continue
    for (const loser of losers) {
      if (loser.owner === null) continue // the root overriding a module on purpose is common
      problems.push({
        level: 'warning',
        code: 'FMS_WARN_STATIC_SHADOWED',
        message: `The static file '${path}' of ${ownerName(winner.owner)} hides the one of ${ownerName(loser.owner)}. Put each module's files under static/<module>/ so they cannot collide.`,
      })
    }
  }
  return problems
}

/** The report `check` prints. */
export function formatCheck(report: CheckReport): string {
  const errors = report.problems.filter((p) => p.level === 'error').length
  const warnings = report.problems.length - errors
  const lines = report.problems.map(
    (p) => `${p.level} [${p.code}] ${p.message.replaceAll('\n', '\n  ')}`,
  )
  const counted = `${report.modules} module${report.modules === 1 ? '' : 's'}, ${report.routes} route${report.routes === 1 ? '' : 's'}`
  const summary =
    report.problems.length === 0
      ? `No problems: ${counted}.`
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${counted} checked).`
  return [...lines, summary].join('\n')
}
