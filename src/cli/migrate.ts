import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { discoverModules } from '../modules/discover.ts'
import { loadModules } from '../modules/load.ts'
import { type MigrationReport, runMigrations, sqliteMigrations } from '../modules/migrations.ts'
import { insidePath, relativePosix } from '../paths.ts'
import { type AppOptions, type AppPaths, enabledModules } from './locate.ts'

/** The SQLite file `migrate` uses when none is given, from the app's root. */
export const DEFAULT_DATABASE = 'data/app.db'

/** Applies the enabled modules' migrations to the app's SQLite database (made when missing). */
export async function migrateApp(
  paths: AppPaths,
  options: AppOptions,
  database = DEFAULT_DATABASE,
): Promise<MigrationReport & { readonly database: string }> {
  const { entries } = enabledModules(paths, options)
  const modules = await loadModules(discoverModules(paths.modulesFolder, entries))
  const file = resolve(paths.root, database)
  mkdirSync(dirname(file), { recursive: true })
  const db = new DatabaseSync(file)
  try {
    return { ...(await runMigrations(sqliteMigrations(db), modules)), database: file }
  } finally {
    db.close()
  }
}

/** What `migrate` prints: each migration applied, then a count. */
export function formatMigrate(
  root: string,
  report: MigrationReport & { readonly database: string },
): string {
  const lines = report.applied.map((m) => `Applied ${m.module} ${relativePosix(root, m.file)}`)
  lines.push(
    `${report.applied.length} migration${report.applied.length === 1 ? '' : 's'} applied, ${report.skipped} already applied (${insidePath(root, report.database) ?? report.database}).`,
  )
  return lines.join('\n')
}
