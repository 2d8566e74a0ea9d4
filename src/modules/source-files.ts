import { listFilesSync } from '../paths.ts'

const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/
const SKIPPED_FOLDERS = new Set(['node_modules', 'templates', 'static', 'migrations'])

/** A module's source files, its templates, static files, migrations and dependencies aside. */
export const sourceFiles = (dir: string): string[] =>
  listFilesSync(dir, {
    enter: (name) => !SKIPPED_FOLDERS.has(name) && !name.startsWith('.'),
    keep: (name) => SOURCE.test(name) && !name.endsWith('.d.ts'),
  })
