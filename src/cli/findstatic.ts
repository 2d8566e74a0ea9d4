import { UnsafeStaticPath } from '../errors.ts'
import { displayPath } from '../paths.ts'
import type { StaticEntry } from '../static/entry.ts'
import type { StaticIndex } from '../static/file-index.ts'
import { filesAt, ownerName } from './static-files.ts'

/** Where one asked path is found: the file serving it first, then the files it hides. */
export interface FoundStatic {
  readonly path: string
  readonly files: readonly StaticEntry[]
}

/**
 * Turns what the user typed into a path of the index: '/' before it is dropped; '..',
 * '\' and NUL are refused, as the app refuses them in requests.
 */
export function staticPath(asked: string): string {
  const path = asked.replace(/^\/+/, '')
  if (path === '') throw new UnsafeStaticPath(asked, 'it names no file')
  if (path.includes('\0')) throw new UnsafeStaticPath(asked, 'it holds a NUL character')
  if (path.includes('\\'))
    throw new UnsafeStaticPath(asked, "it holds a backslash; separate folders with '/'")
  const parts = path.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.includes('..')) throw new UnsafeStaticPath(asked, "it holds a '..' part")
  return parts.join('/')
}

/** Every folder's file at each path, in precedence order. */
export function findStatic(index: StaticIndex, paths: readonly string[]): FoundStatic[] {
  return paths.map((path) => ({ path, files: filesAt(index, path) }))
}

/** The report: for each path, the file that serves it and the ones it hides. */
export function formatFound(found: readonly FoundStatic[], index: StaticIndex): string {
  const searched = index.folders.map(
    (folder) => `  ${ownerName(folder.owner)}: ${displayPath(folder.dir)}`,
  )
  return found
    .map(({ path, files }) => {
      if (files.length === 0) {
        return [`No static folder holds '${path}'. Looked in, in order:`, ...searched].join('\n')
      }
      const [winner, ...hidden] = files as [StaticEntry, ...StaticEntry[]]
      return [
        `'${path}' is served from ${ownerName(winner.owner)}: ${displayPath(winner.absolutePath)}`,
        ...hidden.map(
          (file) => `  it hides ${ownerName(file.owner)}: ${displayPath(file.absolutePath)}`,
        ),
      ].join('\n')
    })
    .join('\n')
}
