import { posix } from 'node:path'
import { UnsafeTemplateName } from '../errors.ts'

/** A template name split into where to look and what to look for. */
export interface TemplateName {
  /**
   * Which folders to search: undefined for the render's own chain (its module's
   * folder and the root folder), null for the root folder only (`:name`), a module's
   * name for that module's folder only (`forum:name`).
   */
  readonly module: string | null | undefined
  /** True for `./x` and `../x` met inside a template: looked up next to that template only. */
  readonly relative: boolean
  /** The file's path inside its folder, '/'-separated, without '.', '..' or empty parts. */
  readonly path: string
}

const EXPLICIT = /^([A-Za-z_][\w-]*)?:(.*)$/s
const PERCENT_ENCODED = /%[0-9a-f]{2}/i

/**
 * Splits an explicit name: `forum:board.html` names module 'forum', `:board.html` the
 * root folder (null); any other name, no folder (undefined). `rest` is unchecked.
 * @example explicitFolder('forum:board.html') // { module: 'forum', rest: 'board.html' }
 */
export function explicitFolder(name: string): { module: string | null | undefined; rest: string } {
  const explicit = EXPLICIT.exec(name)
  return explicit
    ? { module: explicit[1] ?? null, rest: explicit[2] ?? '' }
    : { module: undefined, rest: name }
}

/**
 * Checks a template name and splits it; refuses any name that could leave its folder.
 * `parentPath` is the path (inside its folder) of the template that asked for `name`,
 * against which `./` and `../` names are resolved.
 * @example parseTemplateName('forum:admin/forum.html') // { module: 'forum', relative: false, path: 'admin/forum.html' }
 */
export function parseTemplateName(name: string, parentPath?: string): TemplateName {
  if (name.includes('\0')) throw new UnsafeTemplateName(name, 'it holds a NUL character')
  if (name.includes('\\'))
    throw new UnsafeTemplateName(name, "it holds a backslash; separate folders with '/'")
  // A name is a path, never a URL: a decoded '%2e%2e/' would climb out of the folder.
  if (PERCENT_ENCODED.test(name))
    throw new UnsafeTemplateName(
      name,
      'it holds a percent-encoded character (such as %2e or %2f); decode it before using it as a name',
    )
  const { module, rest: named } = explicitFolder(name)
  let rest = named
  if (rest.startsWith('/')) throw new UnsafeTemplateName(name, 'it is an absolute path')
  const relative =
    module === undefined &&
    parentPath !== undefined &&
    (rest.startsWith('./') || rest.startsWith('../'))
  if (relative) rest = posix.join(posix.dirname(parentPath), rest)
  const parts: string[] = []
  for (const part of rest.split('/')) {
    if (part === '..')
      throw new UnsafeTemplateName(
        name,
        relative
          ? `resolved next to '${parentPath}' it leaves its templates folder`
          : "it holds a '..' part",
      )
    if (part !== '' && part !== '.') parts.push(part)
  }
  if (parts.length === 0) throw new UnsafeTemplateName(name, 'it names no file')
  return { module, relative, path: parts.join('/') }
}
