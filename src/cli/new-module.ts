import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ModuleFolderExists } from '../errors.ts'
import { CONFIG_FILE } from '../modules/config.ts'
import { assertModuleName } from '../modules/discover.ts'
import { registrationOf } from '../modules/registration.ts'
import { relativePosix } from '../paths.ts'
import type { AppPaths } from './locate.ts'
import { type AppBuilder, moduleFiles } from './scaffold.ts'

/** What new-module did, for the report. */
export interface NewModule {
  readonly name: string
  readonly dir: string
  /** Every file written, absolute. */
  readonly files: readonly string[]
  /**
   * How the module gets enabled: 'config' (added to the config file's list), 'listed'
   * (it already was there), or 'folders' (no list is configured: the app enables every
   * module folder, unless its code passes a list).
   */
  readonly enabled: 'config' | 'listed' | 'folders'
}

/**
 * Writes a new module into the app's modules folder and, where the app keeps its enabled
 * list in its config file, adds it there. Refuses an invalid name and an existing folder.
 */
export function newModule(paths: AppPaths, name: string): NewModule {
  assertModuleName(name) // the one definition of a valid module name is discovery's
  const dir = join(paths.modulesFolder, name)
  if (existsSync(dir)) throw new ModuleFolderExists(name, dir)

  const modulesDir = relativePosix(paths.root, paths.modulesFolder)
  const fromConfig = paths.config.modulesDir ?? 'modules'
  const files = moduleFiles({
    name,
    toRoot: relativePosix(dir, paths.root),
    modulesDir: modulesDir === fromConfig || modulesDir === 'modules' ? undefined : modulesDir,
    build: appBuilder(paths.root),
  })
  mkdirSync(paths.modulesFolder, { recursive: true })
  mkdirSync(dir)
  const written: string[] = []
  for (const [path, text] of files) {
    const file = join(dir, ...path.split('/'))
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text, { flag: 'wx' })
    written.push(file)
  }
  return { name, dir, files: written, enabled: enable(paths, name) }
}

/** Files of the root that build the app without listening (server.ts listens). */
const APP_FILES = ['app.ts', 'app.mts', 'app.js', 'app.mjs']
/** `export async function buildApp(`, `export const buildSite =`: a build function by its name. */
const BUILD_EXPORT =
  /^export\s+(?:async\s+)?function\s+(build\w*)\s*[(<]|^export\s+const\s+(build\w*)\s*[:=]/m

/** The app's own build function, if its app file exports one whose name starts with "build". */
function appBuilder(root: string): AppBuilder | undefined {
  for (const file of APP_FILES) {
    let text: string
    try {
      text = readFileSync(join(root, file), 'utf8')
    } catch {
      continue
    }
    const match = BUILD_EXPORT.exec(text)
    const name = match?.[1] ?? match?.[2]
    if (name !== undefined) return { file, name }
  }
  return undefined
}

function enable(paths: AppPaths, name: string): NewModule['enabled'] {
  const list = paths.config.modules
  if (paths.configFile === undefined || list === undefined) return 'folders'
  if (list.some((entry) => registrationOf(entry).name === name)) return 'listed'
  // Read the file again as it is, so every other key keeps its value and place.
  const config = JSON.parse(readFileSync(paths.configFile, 'utf8')) as Record<string, unknown>
  config.modules = [...list, name]
  writeFileSync(paths.configFile, `${JSON.stringify(config, null, 2)}\n`)
  return 'config'
}

/** The report new-module prints: what was written and how the module is enabled. */
export function describeNewModule(result: NewModule, root: string): string {
  const show = (path: string) => relativePosix(root, path) || '.'
  const quoted = `'${result.name}'`
  const enabled = {
    config: `Enabled ${quoted}: added to the "modules" list of ${CONFIG_FILE}.`,
    listed: `${quoted} was already in the "modules" list of ${CONFIG_FILE}.`,
    folders: [
      `No enabled list is configured, so the app enables every module folder, ${quoted} included.`,
      `If your code passes a list to registerUrls(), add ${quoted} to it:`,
      `  await app.registerUrls([/* ... */ ${quoted}])`,
    ].join('\n'),
  }[result.enabled]
  const test = result.files.find((file) => file.endsWith('.test.ts'))
  return [
    `Created module ${quoted} in ${show(result.dir)}:`,
    ...result.files.map((file) => `  ${show(file)}`),
    enabled,
    test === undefined ? '' : `Run its test: node --test ${show(test)}`,
  ]
    .filter((line) => line !== '')
    .join('\n')
}
