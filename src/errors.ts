import createError, { type FastifyError } from '@fastify/error'
import { show } from './show.ts'

/**
 * The one registry of the library's errors. Each kind is a class with a stable
 * `code` (FMS_ERR_<AREA>_<PROBLEM>); catch by class (`err instanceof BuildError`)
 * or by `err.code`. Messages quote what was passed and say how to fix it.
 */

type Described = string | { message: string; cause?: unknown; statusCode?: number }

/** The shape every error of the library shares. */
export interface MicroServicesError extends FastifyError {
  readonly code: string
  readonly statusCode: number
}

interface CodedErrorClass<A extends unknown[]> {
  new (...args: A): MicroServicesError
  readonly code: string
  readonly prototype: MicroServicesError
}

/** Every code of the library, in definition order (kept in step with docs/errors.md by a test). */
export const errorCodes: string[] = []

function coded<A extends unknown[]>(
  name: string,
  code: string,
  statusCode: number,
  describe: (...args: A) => Described,
): CodedErrorClass<A> {
  const Base = createError(code, '%s', statusCode) as unknown as new (
    message: string,
    options?: { cause: unknown },
  ) => MicroServicesError
  class Coded extends Base {
    static readonly code = code
    constructor(...args: A) {
      const described = describe(...args)
      if (typeof described === 'string') super(described)
      else if ('cause' in described) super(described.message, { cause: described.cause })
      else super(described.message)
      if (typeof described !== 'string' && described.statusCode !== undefined)
        (this as { statusCode: number }).statusCode = described.statusCode
      this.name = name
    }
  }
  Object.defineProperty(Coded, 'name', { value: name })
  errorCodes.push(code)
  return Coded
}

const list = (items: readonly string[]): string =>
  items.length === 0 ? '(none)' : items.map((item) => `'${item}'`).join(', ')

// ---------------------------------------------------------------- url() and patterns

export const InvalidURLRule = coded(
  'InvalidURLRule',
  'FMS_ERR_URL_INVALID_RULE',
  500,
  (rule: unknown, problem: string, position?: number) => {
    const where =
      typeof rule === 'string' && position !== undefined
        ? `\n  ${rule}\n  ${' '.repeat(position)}^ (position ${position})`
        : ''
    return `Invalid URL rule ${show(rule)}: ${problem}.${where}\nA rule is a non-empty string starting with '/', such as '/board/<int:id>/'.`
  },
)

export const InvalidURLFunction = coded(
  'InvalidURLFunction',
  'FMS_ERR_URL_INVALID_FUNCTION',
  500,
  (rule: string, view: unknown) =>
    `The view given for rule '${rule}' is ${show(view)}, not a function. Pass a handler: url('${rule}', views.myView).`,
)

export const InvalidURLName = coded(
  'InvalidURLName',
  'FMS_ERR_URL_INVALID_NAME',
  500,
  (rule: string, name: unknown, problem = 'a name is a non-empty string without dots') =>
    `Invalid name ${show(name)} for rule '${rule}': ${problem}. The module's name is added for you: url('${rule}', view, 'home') is reversed as 'module.home'.`,
)

export const UnspecifiedURLMethods = coded(
  'UnspecifiedURLMethods',
  'FMS_ERR_URL_UNSPECIFIED_METHODS',
  500,
  (rule: string, methods: unknown) =>
    `Invalid methods ${show(methods)} for rule '${rule}': give a non-empty list of HTTP method names, such as ['GET', 'POST'].`,
)

export const InvalidURLPattern = coded(
  'InvalidURLPattern',
  'FMS_ERR_URL_INVALID_PATTERN',
  500,
  (owner: string, index: number, value: unknown) =>
    `${owner}: urlpatterns[${index}] is ${show(value)}, not a url(...) value. Build every entry with url(rule, view, name?, methods?).`,
)

export const UnknownConverter = coded(
  'UnknownConverter',
  'FMS_ERR_URL_UNKNOWN_CONVERTER',
  500,
  (rule: string, converter: string, known: readonly string[]) =>
    `Rule '${rule}' uses the converter '${converter}', which is not registered. Known converters: ${list(known)}. Register your own with the app's converters option: MicroServicesApp({ converters: { ${converter}: { regex, toValue, toUrl } } }).`,
)

export const InvalidConverter = coded(
  'InvalidConverter',
  'FMS_ERR_URL_INVALID_CONVERTER',
  500,
  (name: string, problem: string) => `Cannot register converter '${name}': ${problem}.`,
)

export const BuildError = coded(
  'BuildError',
  'FMS_ERR_URL_BUILD',
  500,
  (
    endpoint: string,
    values: Readonly<Record<string, unknown>>,
    problem: string,
    closest: readonly string[],
    /** 400 when a reserved value (`_scheme`, `_external`, `_method`, `_anchor`) or the request's Host is at fault. */
    statusCode?: number,
  ) => {
    const hint = closest.length > 0 ? ` Did you mean ${list(closest)}?` : ''
    return {
      message: `Could not build a URL for endpoint '${endpoint}' with values ${show(values)}: ${problem}.${hint}`,
      statusCode,
    }
  },
)

export const MissingServerName = coded(
  'MissingServerName',
  'FMS_ERR_URL_NO_SERVER_NAME',
  500,
  (endpoint: string) =>
    `Cannot build an external URL for '${endpoint}' outside a request: no server name is configured. Pass MicroServicesApp({ serverName: 'example.com' }) or build the URL inside a request.`,
)

// ---------------------------------------------------------------- modules

export const InvalidModulePath = coded(
  'InvalidModulePath',
  'FMS_ERR_MODULE_INVALID_PATH',
  500,
  (expected: string) =>
    `The modules folder '${expected}' does not exist or is not a folder. Create it, or pass the folder holding your modules: app.registerUrls(['home'], 'apps').`,
)

export const InvalidModuleName = coded(
  'InvalidModuleName',
  'FMS_ERR_MODULE_INVALID_NAME',
  500,
  (name: unknown) =>
    `Invalid module name ${show(name)}: a module name is a plain folder name of letters, digits, '_' and '-', starting with a letter or '_' (no '/', '.' or '..').`,
)

export const ModuleNotFound = coded(
  'ModuleNotFound',
  'FMS_ERR_MODULE_NOT_FOUND',
  500,
  (name: string, folder: string, tried: readonly string[]) =>
    `Module '${name}' was not found: looked for ${list(tried)} in '${folder}'. Create the module (npx fastify-microservices new-module ${name}) or remove it from the enabled list.`,
)

export const ModuleLoadError = coded(
  'ModuleLoadError',
  'FMS_ERR_MODULE_LOAD',
  500,
  (name: string, file: string, cause: unknown) => ({
    message: `Module '${name}' failed while loading '${file}': ${cause instanceof Error ? cause.message : show(cause)}. Nothing was registered.`,
    cause,
  }),
)

export const ModuleSetupError = coded(
  'ModuleSetupError',
  'FMS_ERR_MODULE_SETUP',
  500,
  (name: string, file: string, cause: unknown) => ({
    message: `Module '${name}' (${file}) failed while setting up its Fastify context (a blueprint.setup() or blueprint.register() of it): ${cause instanceof Error ? cause.message : show(cause)}.`,
    cause,
  }),
)

export const ModuleWithoutBlueprint = coded(
  'ModuleWithoutBlueprint',
  'FMS_ERR_MODULE_NO_BLUEPRINT',
  500,
  (name: string, file: string, exported: readonly string[]) =>
    `Module '${name}' (${file}) has no 'blueprint' export; it exports ${list(exported)}. Add: export const blueprint = Router.createBlueprint('${name}', import.meta.url).`,
)

export const DuplicateModule = coded(
  'DuplicateModule',
  'FMS_ERR_MODULE_DUPLICATE',
  500,
  (name: string, first: string, second: string) =>
    `Two modules are named '${name}': '${first}' and '${second}'. Module names must be unique; each namespaces its routes ('${name}.home').`,
)

export const ModulesAlreadyRegistered = coded(
  'ModulesAlreadyRegistered',
  'FMS_ERR_MODULE_ALREADY_REGISTERED',
  500,
  () =>
    'registerUrls() was already called on this app: enable every module in one call, registerUrls([...all modules]), so conflicts between them can be checked together.',
)

// ---------------------------------------------------------------- route table

export const RouteConflict = coded(
  'RouteConflict',
  'FMS_ERR_ROUTE_CONFLICT',
  500,
  (
    method: string,
    first: { module: string; rule: string; endpoint: string; file?: string },
    second: { module: string; rule: string; endpoint: string; file?: string },
  ) => {
    const where = (r: typeof first) =>
      `module '${r.module}' rule '${r.rule}' (endpoint '${r.endpoint}'${r.file ? `, ${r.file}` : ''})`
    return `Route conflict on ${method}: ${where(first)} and ${where(second)} answer the same requests. Change one rule, or its methods.`
  },
)

export const EndpointConflict = coded(
  'EndpointConflict',
  'FMS_ERR_ROUTE_DUPLICATE_NAME',
  500,
  (endpoint: string, firstRule: string, secondRule: string, file?: string) =>
    `Two routes are named '${endpoint}': rule '${firstRule}' and rule '${secondRule}'${file ? ` in ${file}` : ''}. Give one of them another name: url(rule, view, 'other_name').`,
)

// ---------------------------------------------------------------- templates

const templateWhere = (
  name: string,
  module: string | null,
  line?: number,
  column?: number,
): string => {
  const at = line ? ` at line ${line}${column ? `, column ${column}` : ''}` : ''
  const scope = module === null ? 'outside any module' : `for module '${module}'`
  return `template '${name}'${at} (rendered ${scope})`
}

export const TemplateNotFound = coded(
  'TemplateNotFound',
  'FMS_ERR_TEMPLATE_NOT_FOUND',
  500,
  (name: string, module: string | null, searched: readonly string[], detail?: string) => {
    const asked = module === null ? 'outside any module' : `for module '${module}'`
    const folders =
      searched.length === 0
        ? '  (none)'
        : searched.map((folder, i) => `  ${i + 1}. ${folder}`).join('\n')
    return `Template '${name}' was not found ${asked}. Folders searched, in order:\n${folders}${detail ? `\n${detail}` : ''}\nCreate the file in one of these folders, or name another module's template explicitly: 'forum:board.html'.`
  },
)

export const UnsafeTemplateName = coded(
  'UnsafeTemplateName',
  'FMS_ERR_TEMPLATE_UNSAFE_NAME',
  400,
  (name: unknown, problem: string) =>
    `Refused template name ${show(name)}: ${problem}. A template name is a relative path inside a templates folder, with '/' between folders and no '..', such as 'admin/base.html'; check any part of it that comes from a request.`,
)

export const TemplateSyntaxError = coded(
  'TemplateSyntaxError',
  'FMS_ERR_TEMPLATE_SYNTAX',
  500,
  (
    name: string,
    file: string,
    module: string | null,
    line: number | undefined,
    column: number | undefined,
    problem: string,
    cause: unknown,
  ) => ({
    message: `Syntax error in ${templateWhere(name, module, line, column)}: ${problem}\n  file: ${file}`,
    cause,
  }),
)

export const TemplateRenderError = coded(
  'TemplateRenderError',
  'FMS_ERR_TEMPLATE_RENDER',
  500,
  (
    name: string,
    file: string | undefined,
    module: string | null,
    line: number | undefined,
    column: number | undefined,
    problem: string,
    cause: unknown,
  ) => ({
    message: `Error while rendering ${templateWhere(name, module, line, column)}: ${problem}${file ? `\n  file: ${file}` : ''}`,
    cause,
  }),
)

export const UnsupportedJinjaConstruct = coded(
  'UnsupportedJinjaConstruct',
  'FMS_ERR_TEMPLATE_UNSUPPORTED_JINJA',
  500,
  (
    name: string,
    file: string,
    module: string | null,
    line: number,
    column: number,
    construct: string,
    advice: string,
  ) =>
    `Template '${name}' uses ${construct} at line ${line}, column ${column}${module === null ? '' : ` (rendered for module '${module}')`}: Jinja syntax nunjucks cannot give. Instead, ${advice}.\n  file: ${file}`,
)

// ---------------------------------------------------------------- command line

export const ModuleFolderExists = coded(
  'ModuleFolderExists',
  'FMS_ERR_CLI_MODULE_EXISTS',
  500,
  (name: string, dir: string) =>
    `Cannot create module '${name}': the folder '${dir}' already exists, and new-module never overwrites. Pick another name, or move the folder away first.`,
)

export const ConfigUnreadable = coded(
  'ConfigUnreadable',
  'FMS_ERR_CLI_CONFIG',
  500,
  (file: string, problem: string, cause?: unknown) => ({
    message: `Cannot use the app's configuration '${file}': ${problem}. It is JSON such as { "modules": ["home", "forum"], "modulesDir": "modules" }, and both keys may be left out.`,
    cause,
  }),
)

export const ConvertersUnavailable = coded(
  'ConvertersUnavailable',
  'FMS_ERR_CLI_CONVERTERS',
  500,
  (file: string, problem: string, cause?: unknown) => ({
    message: `Cannot use the converters of '${file}' (--converters): ${problem}. The file exports the object the app passes to MicroServicesApp({ converters }): export const converters = { hex: { regex: '[0-9a-f]+', toValue, toUrl } }.`,
    cause,
  }),
)

export const EntryNotFound = coded(
  'EntryNotFound',
  'FMS_ERR_CLI_ENTRY_NOT_FOUND',
  500,
  (root: string, tried: readonly string[]) =>
    `No entry file to run in '${root}': looked for ${list(tried)}. Create server.ts (it creates the app, calls registerUrls() and listen()), or name the file: --entry src/main.ts.`,
)

export const StaticTargetUnsafe = coded(
  'StaticTargetUnsafe',
  'FMS_ERR_CLI_STATIC_TARGET',
  500,
  (target: string, source: string) =>
    `Refusing to collect static files into '${target}': it overlaps the static folder '${source}', which would copy files onto themselves (or, with --clear, delete them). Collect into a folder outside every static folder, such as dist/static.`,
)

export const UnsafeStaticPath = coded(
  'UnsafeStaticPath',
  'FMS_ERR_CLI_STATIC_PATH',
  500,
  (path: string, problem: string) =>
    `Refused static path ${show(path)}: ${problem}. Give the path as it appears after the static URL prefix, such as 'home/logo.png'.`,
)

// ---------------------------------------------------------------- static files

export const StaticFolderUnreadable = coded(
  'StaticFolderUnreadable',
  'FMS_ERR_STATIC_FOLDER_UNREADABLE',
  500,
  (dir: string, owner: string | null, cause: unknown) => ({
    message: `The static folder '${dir}' (${owner === null ? 'root' : `module '${owner}'`}) exists but cannot be read: ${cause instanceof Error ? cause.message : show(cause)}. Check that it is a folder and its permissions; a module without static files needs no static/ folder at all.`,
    cause,
  }),
)

export const StaticManifestInvalid = coded(
  'StaticManifestInvalid',
  'FMS_ERR_STATIC_INVALID_MANIFEST',
  500,
  (file: string, problem: string, cause?: unknown) => ({
    message: `The static manifest '${file}' is not usable: ${problem}. A manifest is a JSON object of original path -> hashed path, such as { "css/site.css": "css/site.3f2a9c1b7d4e.css" }; write it again with writeManifest() or collectstatic.`,
    cause,
  }),
)

// ---------------------------------------------------------------- command line (2)

export const NodeTooOld = coded(
  'NodeTooOld',
  'FMS_ERR_CLI_NODE_VERSION',
  500,
  (version: string, required: string, execPath: string) =>
    `fastify-microservices needs Node ${required} or later: it imports your app's .ts files with Node's own type stripping. This is Node ${version} (${execPath}). Install a newer Node (such as 24), or run the command through an npm script of a project that depends on the 'node' package.`,
)

export const TemplateLinkBroken = coded(
  'TemplateLinkBroken',
  'FMS_ERR_CLI_TEMPLATE_LINK',
  500,
  (where: string, call: string, problem: string) => `${where}: ${call} ${problem}`,
)

// ---------------------------------------------------------------- modules that require others

export const MissingRequiredModule = coded(
  'MissingRequiredModule',
  'FMS_ERR_MODULE_MISSING_REQUIRED',
  500,
  (module: string, missing: readonly string[], enabled: readonly string[]) =>
    `Module '${module}' requires ${missing.length === 1 ? 'module' : 'modules'} ${list(missing)}, which ${missing.length === 1 ? 'is' : 'are'} not enabled (enabled: ${list(enabled)}). Enable ${missing.length === 1 ? 'it' : 'them'} too (MODULES, registerUrls([...]) or "modules" of microservices.json), or leave '${module}' out. Nothing was registered.`,
)

// ---------------------------------------------------------------- hosts

export const UntrustedHost = coded(
  'UntrustedHost',
  'FMS_ERR_HOST_UNTRUSTED',
  400,
  (host: unknown) =>
    `Invalid Host header ${show(host)}: it is malformed or not in trustedHosts. If this is your site, add its name to MicroServicesApp({ trustedHosts: [...] }) ('example.com', or '.example.com' for it and its subdomains).`,
)

export const InvalidTrustedHosts = coded(
  'InvalidTrustedHosts',
  'FMS_ERR_HOST_INVALID_OPTION',
  500,
  (given: unknown, problem: string) =>
    `Invalid trustedHosts ${show(given)}: ${problem}. Give host names without a port: ['example.com', '.example.com'], or ['*'] for any.`,
)

// ---------------------------------------------------------------- host and subdomain rules

export const SubdomainWithoutServerName = coded(
  'SubdomainWithoutServerName',
  'FMS_ERR_HOST_NO_SERVER_NAME',
  500,
  (module: string, rule: string, subdomain: string) =>
    `The rule '${rule}' of module '${module}' answers the subdomain '${subdomain}', but no serverName is set: a subdomain is one of the server name (Flask's SERVER_NAME). Pass MicroServicesApp({ serverName: 'example.com' }) (its rules then answer '${subdomain}.example.com'), or give the rule a whole host: url(rule, view, { host: '${subdomain}.example.com' }).`,
)

export const UntrustedHostRule = coded(
  'UntrustedHostRule',
  'FMS_ERR_HOST_RULE_UNTRUSTED',
  500,
  (module: string, rule: string, host: string, trusted: readonly string[]) =>
    `The rule '${rule}' of module '${module}' answers the host '${host}', which trustedHosts (${list(trusted)}) does not allow: every request for it would be answered 400 before the rule. Add it to trustedHosts (a rule with variables needs the '.domain' entry its hosts end with, or '*'), or change the rule's host.`,
)

// ---------------------------------------------------------------- services (the split)

export const ServicesConfigInvalid = coded(
  'ServicesConfigInvalid',
  'FMS_ERR_SERVICES_INVALID',
  500,
  (file: string, problem: string, cause?: unknown) => ({
    message: `Cannot use the services file '${file}': ${problem}. It is JSON such as { "edge": { "listen": "127.0.0.1:8080" }, "services": { "web": { "modules": ["home", "forum"], "upstream": "127.0.0.1:3001" } } }.`,
    cause,
  }),
)

export const ServiceModuleTwice = coded(
  'ServiceModuleTwice',
  'FMS_ERR_SERVICES_MODULE_TWICE',
  500,
  (module: string, services: readonly string[]) =>
    `Module '${module}' is placed in ${services.length} services (${list(services)}) in services.json; a module runs in exactly one service. Remove it from all but one.`,
)

export const ServiceModuleUnplaced = coded(
  'ServiceModuleUnplaced',
  'FMS_ERR_SERVICES_MODULE_UNPLACED',
  500,
  (modules: readonly string[], services: readonly string[]) =>
    `Enabled module${modules.length === 1 ? '' : 's'} ${list(modules)} ${modules.length === 1 ? 'is' : 'are'} in no service of services.json, so no process would serve ${modules.length === 1 ? 'it' : 'them'}. Add ${modules.length === 1 ? 'it' : 'them'} to the "modules" of one of ${list(services)}, or disable ${modules.length === 1 ? 'it' : 'them'}.`,
)

export const ServiceModuleUnknown = coded(
  'ServiceModuleUnknown',
  'FMS_ERR_SERVICES_MODULE_UNKNOWN',
  500,
  (module: string, service: string, enabled: readonly string[]) =>
    `Service '${service}' of services.json lists module '${module}', which is not an enabled module of the app (enabled: ${list(enabled)}). Fix the name, or enable the module.`,
)

export const UnknownService = coded(
  'UnknownService',
  'FMS_ERR_SERVICES_UNKNOWN_SERVICE',
  500,
  (service: string, services: readonly string[]) =>
    `This process was asked to run service '${service}' (SERVICE or --service), which services.json does not define; its services are ${list(services)}.`,
)

export const DeployPackageMissing = coded(
  'DeployPackageMissing',
  'FMS_ERR_DEPLOY_PACKAGE_MISSING',
  500,
  (root: string) =>
    `No package.json at or above the app's folder '${root}': the image installs the app's dependencies from it (npm ci). Run \`npm init -y\` in the app's folder (and \`npm install\` its dependencies), or point --root at an app inside a package.`,
)

export const DeployVariablesMissing = coded(
  'DeployVariablesMissing',
  'FMS_ERR_DEPLOY_VARIABLES_MISSING',
  500,
  (names: readonly string[]) =>
    `services.json's "environment" marks ${list(names)} as required (null), and ${names.length === 1 ? 'it is' : 'they are'} not set: the Kubernetes Secret carries ${names.length === 1 ? 'it' : 'them'}. Set ${names.length === 1 ? 'it' : 'them'} in the environment, or in an env file given as --env-file FILE (NAME=value lines).`,
)

export const EdgeConflict = coded(
  'EdgeConflict',
  'FMS_ERR_SERVICES_EDGE_CONFLICT',
  500,
  (problem: string) =>
    `The edge cannot route this split as the app does: ${problem}. Place both modules in one service, or change a rule so their paths do not overlap.`,
)

// ---------------------------------------------------------------- route registration

export const RouteRegistrationError = coded(
  'RouteRegistrationError',
  'FMS_ERR_ROUTE_REGISTRATION',
  500,
  (module: string, rule: string, file: string | undefined, cause: unknown) => {
    const reason = cause instanceof Error ? cause.message : show(cause)
    const clash =
      (cause as { code?: string } | null)?.code === 'FST_ERR_DUPLICATED_ROUTE'
        ? ' Another route of the app or of a plugin already answers this method and path: move one of them, or serve it from the module.'
        : ''
    return {
      message: `Fastify refused the route '${rule}' of module '${module}'${file ? ` (${file})` : ''}: ${reason}.${clash}`,
      cause,
    }
  },
)

export const ModuleNameMismatch = coded(
  'ModuleNameMismatch',
  'FMS_ERR_MODULE_NAME_MISMATCH',
  500,
  (folder: string, blueprint: string, file: string) =>
    `Module folder '${folder}' (${file}) makes a blueprint named '${blueprint}'. The folder name is the module's name everywhere: the enabled list (MODULES), 'requires', services.json, its endpoints ('${folder}.home') and its /static_${folder}/ files, so the two must agree. Write Router.createBlueprint('${folder}', import.meta.url) (or MODULE_NAME), or rename the folder to '${blueprint}' and enable it by that name.`,
)

// ---------------------------------------------------------------- blueprint knobs (issue 23)

export const InvalidClassView = coded(
  'InvalidClassView',
  'FMS_ERR_URL_CLASS_VIEW',
  500,
  (rule: string, cls: string, problem: string) =>
    `The class view ${cls || '(anonymous class)'} given for rule '${rule}' cannot answer: ${problem}. Give it a method per HTTP method (get, post…, as Flask's MethodView), or a dispatchRequest method and a static methods list (as Flask's View).`,
)

export const InvalidHook = coded(
  'InvalidHook',
  'FMS_ERR_MODULE_INVALID_HOOK',
  500,
  (owner: string, knob: string, problem: string) =>
    `${owner}.${knob}() ${problem}. Pass a function: ${owner}.${knob}((...args) => { ... }).`,
)

export const InvalidErrorHandlerKey = coded(
  'InvalidErrorHandlerKey',
  'FMS_ERR_MODULE_INVALID_ERROR_HANDLER',
  500,
  (owner: string, problem: string) =>
    `${owner}.errorHandler() ${problem}. Register a status or an Error class with a function: ` +
    `errorHandler(404, fn), errorHandler(MyError, fn), or errorHandler(fn) for every error.`,
)

export const InvalidAbortStatus = coded(
  'InvalidAbortStatus',
  'FMS_ERR_ABORT_INVALID_STATUS',
  500,
  (status: unknown) =>
    `abort() got ${typeof status === 'number' ? status : JSON.stringify(status)}, not an error status. ` +
    `Pass a status from 400 to 599: abort(404), abort(403, 'members only').`,
)

export const UnknownBlueprintOption = coded(
  'UnknownBlueprintOption',
  'FMS_ERR_MODULE_UNKNOWN_OPTION',
  500,
  (module: string, option: string, known: readonly string[]) =>
    `Router.createBlueprint('${module}', …) got the option '${option}', which blueprints do not have; the options are ${list(known)}. Check its spelling.`,
)

export const InvalidBlueprintOption = coded(
  'InvalidBlueprintOption',
  'FMS_ERR_MODULE_INVALID_OPTION',
  500,
  (module: string, option: string, value: unknown, expected: string) =>
    `Router.createBlueprint('${module}', …) got ${show(value)} for '${option}': ${expected}.`,
)

export const InvalidModuleEntry = coded(
  'InvalidModuleEntry',
  'FMS_ERR_MODULE_INVALID_ENTRY',
  500,
  (entry: unknown, problem: string) =>
    `Cannot enable the module entry ${show(entry)}: ${problem}. An entry of an enabled list (microservices.json's "modules", the plugin's modules, a blueprint's modules) is a name, 'forum', or { "name": "forum", "as"?: "help", "prefix"?: "/help", "defaults"?: { "lang": "en" } }.`,
)

// ---------------------------------------------------------------- module boundaries

/** Where an import across modules is written, as reports show it. */
export interface ImportSite {
  /** The importing file, relative to the app's root. */
  readonly file: string
  readonly line: number
  readonly specifier: string
}

const at = (site: ImportSite): string => `${site.file}:${site.line} ('${site.specifier}')`

export const ModuleExportsInvalid = coded(
  'ModuleExportsInvalid',
  'FMS_ERR_BOUNDARY_INVALID_EXPORTS',
  500,
  (module: string, exports: unknown) =>
    `Module '${module}' declares exports ${show(exports)}: "exports" is a list of files of the module, relative to its folder, such as ['store.ts']. Other modules may import these files and the module's index file, nothing else.`,
)

export const ModuleInternalImport = coded(
  'ModuleInternalImport',
  'FMS_ERR_BOUNDARY_INTERNAL_IMPORT',
  500,
  (
    module: string,
    other: string,
    site: ImportSite,
    target: { readonly file: string; readonly inModule: string },
    allowed: readonly string[],
  ) =>
    `Module '${module}' reaches into module '${other}': ${at(site)} imports ${target.file}, which is not one of the files '${other}' lets other modules import (${list(allowed)}). Import it from '${other}'s index file (re-export it there), or let '${other}' declare it: Router.createBlueprint('${other}', import.meta.url, { exports: ['${target.inModule}'] }).`,
)

export const ModuleUndeclaredImport = coded(
  'ModuleUndeclaredImport',
  'FMS_ERR_BOUNDARY_UNDECLARED_IMPORT',
  500,
  (module: string, other: string, site: ImportSite) =>
    `Module '${module}' imports module '${other}' (${at(site)}) but does not require it, so it can be enabled without it. Declare it: Router.createBlueprint('${module}', import.meta.url, { requires: ['${other}'] }), or stop importing it.`,
)

export const ModuleAppImport = coded(
  'ModuleAppImport',
  'FMS_ERR_BOUNDARY_APP_IMPORT',
  500,
  (module: string, site: ImportSite, target: string) =>
    `Module '${module}' imports the app's own file ${target} (${at(site)}): a module that needs its app cannot be reused in another app, nor tested alone. Let the app hand it what it needs (app.decorate(...), then fastify.<name> in blueprint.setup), or move the code into a module that '${module}' requires.`,
)

export const ModuleImportCycle = coded(
  'ModuleImportCycle',
  'FMS_ERR_BOUNDARY_IMPORT_CYCLE',
  500,
  (modules: readonly string[], sites: readonly ImportSite[]) =>
    `Modules ${modules.map((m) => `'${m}'`).join(' -> ')} -> '${modules[0]}' import each other in a cycle: ${sites.map(at).join(', ')}. A cycle makes their load order decide what each sees; move what they share into a module both require, or let one hand the other a function (a hook, a decorator) instead of an import.`,
)

export const CrossServiceImport = coded(
  'CrossServiceImport',
  'FMS_ERR_SERVICES_CROSS_SERVICE_IMPORT',
  500,
  (
    imports: readonly {
      module: string
      service: string
      other: string
      otherService: string
      site: ImportSite
    }[],
  ) =>
    `The split runs code of a module in a service that does not mount it: ${imports
      .map(
        (i) =>
          `'${i.module}' (service '${i.service}') imports '${i.other}' (service '${i.otherService}') at ${at(i.site)}`,
      )
      .join(
        '; ',
      )}. Each service then has its own copy of that code and of any state it keeps in memory. Place both modules in one service; or, when the imported module keeps its state elsewhere (a database), list it in "stateless" of services.json; or set "crossServiceImports": "warn" there.`,
)

// ---------------------------------------------------------------- migrations and settings

export const MigrationInvalid = coded(
  'MigrationInvalid',
  'FMS_ERR_MIGRATION_INVALID',
  500,
  (module: string, file: string, problem: string) =>
    `The migration ${file} of module '${module}' cannot run: ${problem}. A module's migrations/ folder holds NNN_name.sql files (SQL, several statements allowed) or NNN_name.ts files exporting async function up(db), run in the order of their numbers.`,
)

export const MigrationFailed = coded(
  'MigrationFailed',
  'FMS_ERR_MIGRATION_FAILED',
  500,
  (module: string, file: string, cause: unknown) => ({
    message: `The migration ${file} of module '${module}' failed: ${cause instanceof Error ? cause.message : show(cause)}. Its transaction was rolled back and it is not recorded; the migrations before it stay applied. Fix it and run the migrations again.`,
    cause,
  }),
)

export const ModuleSettingsInvalid = coded(
  'ModuleSettingsInvalid',
  'FMS_ERR_SETTINGS_INVALID',
  500,
  (module: string, problems: readonly string[], sources: string) =>
    `The settings of module '${module}' are not valid: ${problems.join('; ')}. They are the module's defaults overridden by ${sources}; fix the value there, or see the schema the module declares (Router.createBlueprint('${module}', import.meta.url, { settings: { schema } })).`,
)

// ---------------------------------------------------------------- modules installed from npm

export const ModulePackageNotFound = coded(
  'ModulePackageNotFound',
  'FMS_ERR_MODULE_PACKAGE_NOT_FOUND',
  500,
  (pkg: string, from: string) =>
    `Module package '${pkg}' is not installed: Node's resolution from '${from}' found no package.json of it in any node_modules folder. Install it (npm install ${pkg}) or remove it from the enabled list.`,
)

export const ModulePackageInvalid = coded(
  'ModulePackageInvalid',
  'FMS_ERR_MODULE_PACKAGE_INVALID',
  500,
  (pkg: string, file: string, problem: string) =>
    `Module package '${pkg}' (${file}) cannot be enabled: ${problem}. A module package's package.json says "fastify-microservices": { "module": "<name>" }, its "exports" (or "main") names a built .js file that exports the blueprint of that name, and its "files" list holds templates/ and static/ beside that file.`,
)
