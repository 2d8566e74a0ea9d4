import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { InvalidModuleName } from '../errors.ts'
import { assertModuleName, discoverModules, listModules } from '../modules/discover.ts'
import { loadModules } from '../modules/load.ts'
import {
  type ModuleEntry,
  type ModuleRegistration,
  mountedName,
  registrationOf,
} from '../modules/registration.ts'
import { formatPlan } from '../services/plan.ts'
import type { StaticIndex } from '../static/file-index.ts'
import { writeRouteTypes } from '../urls/routes-file.ts'
import { checkApp, formatCheck } from './check.ts'
import { collectStatic, formatCollect } from './collectstatic.ts'
import {
  type ContainerOptions,
  formatCompose,
  formatNginx,
  loadPlan,
  writeCompose,
  writeKubernetes,
  writeNginx,
} from './deploy.ts'
import { findStatic, formatFound, staticPath } from './findstatic.ts'
import { type AppOptions, appPaths, enabledModules, loadConverters } from './locate.ts'
import { DEFAULT_DATABASE, formatMigrate, migrateApp } from './migrate.ts'
import { describeNewModule, newModule } from './new-module.ts'
import {
  collectEndpoints,
  collectRoutes,
  formatRoutes,
  ROUTE_SORTS,
  type RouteSort,
  sortRoutes,
} from './routes.ts'
import { dev, findEntry, start } from './run.ts'
import { indexStatic, staticFolders } from './static-files.ts'

/** Exit codes scripts can rely on. */
const EXIT = {
  /** Done, nothing wrong. */
  ok: 0,
  /** The app has problems: check found errors, findstatic found nothing, modules failed to load. */
  problems: 1,
  /** The command was used wrongly: bad arguments, an invalid name, an existing folder. */
  usage: 2,
} as const

/** Errors that mean "the command was used wrongly", not "the app is broken". */
const USAGE_CODES = new Set([
  'FMS_ERR_CLI_MODULE_EXISTS',
  'FMS_ERR_CLI_ENTRY_NOT_FOUND',
  'FMS_ERR_CLI_STATIC_TARGET',
  'FMS_ERR_CLI_STATIC_PATH',
  'FMS_ERR_CLI_CONVERTERS',
])

/** Thrown by an action to end the command with `exitCode` after printing `error`. */
class Exit {
  readonly exitCode: number
  readonly error: unknown
  constructor(exitCode: number, error: unknown) {
    this.exitCode = exitCode
    this.error = error
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function printError(error: unknown): void {
  const code = codeOf(error)
  if (code?.startsWith('FMS_')) {
    process.stderr.write(`error [${code}] ${(error as Error).message}\n`)
  } else {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
  }
}

/** The one definition of a valid module name is discovery's: ask it, for a usage error. */
function moduleName(name: string): string {
  if (registrationOf(name).package !== undefined) return name // a module installed from npm
  try {
    assertModuleName(name)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
  return name
}

const moduleList = (value: string): string[] =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map(moduleName)

const version = (): string => {
  const file = join(import.meta.dirname, '..', '..', 'package.json')
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}

interface CommonOptions extends AppOptions {
  readonly json?: boolean
}

/** The options every command that reads an app takes. */
function appCommand(program: Command, name: string, converters = false): Command {
  const command = program
    .command(name)
    .option('--root <dir>', "the app's folder (default: the current folder)")
    .option(
      '--modules-dir <dir>',
      'the modules folder, from the root (default: "modulesDir" of microservices.json, else modules)',
    )
    .option(
      '--modules <names>',
      'the enabled modules, comma-separated (default: $MODULES, else "modules" of microservices.json, else every module folder)',
      moduleList,
    )
  if (converters) {
    command.option(
      '--converters <file>',
      "a file exporting the app's own URL converters: export const converters = {...}",
    )
  }
  return command
}

/** Where `routes` and `types` read the app: its folders, enabled list and converters. */
async function routeSource(paths: ReturnType<typeof appPaths>, options: CommonOptions) {
  return {
    root: paths.root,
    modulesFolder: paths.modulesFolder,
    enabled: enabledModules(paths, options).entries,
    converters: await loadConverters(paths.root, options.converters),
  }
}

/**
 * The app's static folders. The modules are imported: a blueprint's sharedStatic: false
 * keeps its files out of the shared chain, so out of what collectstatic publishes.
 */
async function staticIndex(options: AppOptions, hashed = false): Promise<StaticIndex> {
  const paths = appPaths(options)
  const { entries } = enabledModules(paths, options)
  const loaded = await loadModules(discoverModules(paths.modulesFolder, entries))
  const modules = loaded.map(({ name, blueprint, package: installed }) => ({
    name,
    staticFolder: blueprint.staticFolder,
    sharedStatic: blueprint.sharedStatic,
    installed: installed !== undefined,
  }))
  return indexStatic(staticFolders(paths.root, modules), hashed)
}

/** The enabled modules as registered, then every other module folder under its own name. */
function everyModule(enabled: readonly ModuleRegistration[], folder: string): ModuleEntry[] {
  const mounted = new Set(enabled.map(mountedName))
  return [...enabled, ...listModules(folder).filter((name) => !mounted.has(name))]
}

const out = (text: string) => process.stdout.write(`${text}\n`)

/** Problems a command goes on despite, on stderr so that its output stays clean. */
const warnAll = (warnings: readonly Error[]) => {
  for (const warning of warnings) {
    process.stderr.write(`warning [${codeOf(warning)}] ${warning.message}\n`)
  }
}

/** Builds the command line; `exit` receives each command's exit code. */
function buildProgram(exit: (code: number) => void): Command {
  const program = new Command('fastify-microservices')
  program
    .description('Scaffold, inspect, check and run a fastify-microservices app.')
    .version(version())
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: false })

  appCommand(program, 'new-module')
    .description(
      'Create modules/<name>/ (index.ts, urls.ts, views.ts, templates/<name>/, static/<name>/ and a test) and enable it',
    )
    .argument(
      '<name>',
      "the module's name: letters, digits, '_' and '-', not starting with a digit",
    )
    .action((name: string, options: CommonOptions) => {
      const paths = appPaths(options)
      try {
        out(describeNewModule(newModule(paths, name), paths.root))
      } catch (error) {
        if (error instanceof InvalidModuleName) throw new Exit(EXIT.usage, error)
        throw error
      }
      exit(EXIT.ok)
    })

  appCommand(program, 'routes', true)
    .description(
      "List the app's routes (built from the modules' urlpatterns; no server is started)",
    )
    .addOption(
      new Option('--sort <key>', 'sort by rule or endpoint (default: registration order)').choices(
        ROUTE_SORTS,
      ),
    )
    .option('--json', 'print a JSON array of { methods, rule, endpoint, module, path }')
    .action(async (options: CommonOptions & { sort?: RouteSort }) => {
      const paths = appPaths(options)
      const rows = await collectRoutes(await routeSource(paths, options))
      const sorted = sortRoutes(rows, options.sort)
      out(options.json ? JSON.stringify(sorted, null, 2) : formatRoutes(sorted))
      exit(EXIT.ok)
    })

  appCommand(program, 'types', true)
    .description(
      'Write routes.d.ts (endpoint -> rule of every module, enabled or not) so the compiler checks urlFor calls',
    )
    .action(async (options: CommonOptions) => {
      const paths = appPaths(options)
      const source = await routeSource(paths, options)
      // Every module of the app, whatever subset MODULES or the config enables (those
      // installed from npm among them).
      const every = options.modules ?? everyModule(source.enabled, source.modulesFolder)
      const rows = await collectEndpoints({ ...source, enabled: every })
      const wrote = writeRouteTypes(paths.root, rows)
      out(`${wrote ? 'Wrote' : 'Unchanged:'} routes.d.ts (${rows.length} endpoints).`)
      exit(EXIT.ok)
    })

  appCommand(program, 'collectstatic')
    .description(
      "Copy every enabled module's static folder and the root's into <dir>, as the running app serves them",
    )
    .argument(
      '<dir>',
      'the folder to collect into (for nginx or a CDN), outside every static folder',
    )
    .option('--clear', 'delete what <dir> holds first')
    .option('--dry-run', 'report what would be done; write nothing')
    .option('--hash', 'also write content-hashed names (site.3f2a9c1b7d4e.css) and manifest.json')
    .action(
      async (
        dir: string,
        options: CommonOptions & { clear?: boolean; dryRun?: boolean; hash?: boolean },
      ) => {
        const index = await staticIndex(options, options.hash === true)
        const result = await collectStatic(index, {
          target: dir,
          clear: options.clear,
          dryRun: options.dryRun,
          progress: process.stdout,
        })
        out(formatCollect(result))
        exit(EXIT.ok)
      },
    )

  appCommand(program, 'findstatic')
    .description('Say which static folder serves each path, and which files it hides')
    .argument('<paths...>', "paths as they follow the static URL prefix, such as 'home/logo.png'")
    .option(
      '--json',
      'print a JSON array of { path, files: [{ owner, file }] }, the serving file first',
    )
    .action(async (asked: string[], options: CommonOptions) => {
      const paths = asked.map(staticPath)
      const index = await staticIndex(options)
      const found = findStatic(index, paths)
      if (options.json) {
        const json = found.map(({ path, files }) => ({
          path,
          files: files.map((file) => ({ owner: file.owner, file: file.absolutePath })),
        }))
        out(JSON.stringify(json, null, 2))
      } else out(formatFound(found, index))
      exit(found.every(({ files }) => files.length > 0) ? EXIT.ok : EXIT.problems)
    })

  appCommand(program, 'check', true)
    .description('Load the modules as start-up does and report every problem at once')
    .action(async (options: CommonOptions) => {
      const paths = appPaths(options)
      const converters = await loadConverters(paths.root, options.converters)
      const report = await checkApp(paths, options, converters)
      out(formatCheck(report))
      exit(report.problems.some((p) => p.level === 'error') ? EXIT.problems : EXIT.ok)
    })

  appCommand(program, 'migrate')
    .description(
      'Apply the migrations the enabled modules ship (migrations/NNN_name.sql or .ts), in requires order, once each',
    )
    .option('--database <file>', `the SQLite file, from the root (default: ${DEFAULT_DATABASE})`)
    .action(async (options: CommonOptions & { database?: string }) => {
      const paths = appPaths(options)
      out(formatMigrate(paths.root, await migrateApp(paths, options, options.database)))
      exit(EXIT.ok)
    })

  const deploy = program
    .command('deploy')
    .description('Split the app into the services of services.json, behind an edge')
  appCommand(deploy, 'plan', true)
    .description(
      'Show service -> modules -> rules -> edge locations; refuse a split the edge would route differently from the app',
    )
    .option('--json', 'print the plan as JSON')
    .action(async (options: CommonOptions) => {
      const { plan, warnings } = await loadPlan(await routeSource(appPaths(options), options))
      warnAll(warnings)
      out(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan))
      exit(EXIT.ok)
    })
  appCommand(deploy, 'nginx', true)
    .description(
      'Write DIR/nginx.conf (run with nginx -p DIR -c nginx.conf) and the static files it serves',
    )
    .requiredOption('--out <dir>', 'the folder to write into')
    .action(async (options: CommonOptions & { out: string }) => {
      const loaded = await loadPlan(await routeSource(appPaths(options), options))
      warnAll(loaded.warnings)
      out(formatNginx(await writeNginx(loaded, options.out)))
      exit(EXIT.ok)
    })

  const containerOptions = (command: Command) =>
    command
      .requiredOption('--out <dir>', 'the folder to write into')
      .option(
        '--image <image>',
        "the app's container image (default: <app folder name>:<package.json version>)",
      )
  containerOptions(appCommand(deploy, 'compose', true))
    .description(
      "Write DIR/docker-compose.yml (a service per service, replicas, health checks, nginx in front), DIR/edge/ and DIR/Dockerfile (built from the app's package root); says which variables the deployment needs",
    )
    .action(async (options: CommonOptions & ContainerOptions & { out: string }) => {
      const loaded = await loadPlan(await routeSource(appPaths(options), options))
      warnAll(loaded.warnings)
      out(formatCompose(await writeCompose(loaded, options.out, options)))
      exit(EXIT.ok)
    })
  containerOptions(appCommand(deploy, 'kubernetes', true))
    .description(
      "Write DIR/kubernetes.yaml: a Secret of the app's settings, Deployments, Services, readiness probes, one Gateway API HTTPRoute (core matches), validated",
    )
    .option('--name <name>', 'the name of the Kubernetes objects (default: the app folder name)')
    .option('--gateway <name>', 'the Gateway the HTTPRoute attaches to (default: edge)')
    .option(
      '--env-file <file>',
      'NAME=value lines for the Secret (services.json\'s "environment"), over the environment',
    )
    .action(
      async (options: CommonOptions & ContainerOptions & { out: string; envFile?: string }) => {
        const loaded = await loadPlan(await routeSource(appPaths(options), options))
        warnAll(loaded.warnings)
        const env =
          options.envFile === undefined
            ? process.env
            : { ...process.env, ...parseEnv(readFileSync(options.envFile, 'utf8')) }
        const files = await writeKubernetes(loaded, options.out, options, env)
        out(files.map((file) => `Wrote ${file}`).join('\n'))
        exit(EXIT.ok)
      },
    )

  for (const [name, description] of [
    ['dev', 'Run the app with NODE_ENV=development: readable logs, restarted when code changes'],
    ['start', 'Run the app with NODE_ENV=production: JSON logs, no stack traces to clients'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('[args...]', 'passed on to the entry file (put them after --)')
      .option('--root <dir>', "the app's folder (default: the current folder)")
      .option(
        '--entry <file>',
        'the file that creates the app and listens (default: server.ts, else app.ts)',
      )
      .option(
        '--port <port>',
        'sets PORT for the app (its entry file reads it)',
        (value: string) => {
          if (!/^\d+$/.test(value) || Number(value) > 65535) {
            throw new InvalidArgumentError('a port is a number from 0 to 65535.')
          }
          return value
        },
      )
      .option(
        '--service <name>',
        'sets SERVICE for the app: it mounts only that service of services.json',
      )
      .action(
        async (
          args: string[],
          options: { root?: string; entry?: string; port?: string; service?: string },
        ) => {
          const root = appPaths(options).root
          const entry = findEntry(root, options.entry)
          const run = { root, entry, port: options.port, service: options.service, args }
          exit(name === 'dev' ? await dev(run) : await start(run))
        },
      )
  }
  return program
}

/** Runs the command line on `argv` (process.argv's shape) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok
  const program = buildProgram((exitCode) => {
    code = exitCode
  })
  try {
    await program.parseAsync([...argv])
    return code
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    if (error instanceof Exit) {
      printError(error.error)
      return error.exitCode
    }
    printError(error)
    const usage = USAGE_CODES.has(codeOf(error) ?? '')
    return usage ? EXIT.usage : EXIT.problems
  }
}
