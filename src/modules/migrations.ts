import { readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { pathToFileURL } from 'node:url'
import { MigrationFailed, MigrationInvalid } from '../errors.ts'
import { isDirectory } from '../paths.ts'
import type { Blueprint } from './blueprint.ts'

/** One step of a module's `migrations/` folder: `001_boards.sql`, or `002_seed.ts` exporting `up`. */
export interface Migration {
  readonly module: string
  /** The file's name without its extension ('001_boards'): what the database records. */
  readonly name: string
  readonly file: string
}

/**
 * What a database offers the migrations: node:sqlite's adapter is built in
 * (`sqliteMigrations`); a PostgreSQL one implements the same four methods over its client.
 */
export interface MigrationDatabase<Connection = unknown> {
  /** The driver's own connection, given to a `.ts` migration's `up(db)`. */
  readonly connection: Connection
  /** Makes the table that records applied migrations, when missing. */
  prepare(): Promise<void>
  /** The names of `module`'s migrations already applied. */
  applied(module: string): Promise<ReadonlySet<string>>
  /**
   * Runs `step` and records it in one transaction that other processes wait for; does
   * nothing when another process recorded it meanwhile. True when it ran here.
   */
  apply(module: string, name: string, step: () => Promise<void>): Promise<boolean>
  /** Runs a migration's SQL text (several statements). */
  exec(sql: string): Promise<void>
}

/** The table every app records its modules' migrations in. */
export const MIGRATIONS_TABLE = 'fms_migrations'

const MIGRATION_FILE = /^(\d+)_[A-Za-z0-9_-]+\.(?:sql|ts|mts|js|mjs)$/

/** A module's migrations, in the order of their numbers; none without a `migrations/` folder. */
export function moduleMigrations(module: string, dir: string): Migration[] {
  const folder = join(dir, 'migrations')
  if (!isDirectory(folder)) return []
  const files = readdirSync(folder).filter(
    (name) => !name.startsWith('.') && !name.endsWith('.d.ts'),
  )
  for (const file of files) {
    if (!MIGRATION_FILE.test(file)) {
      throw new MigrationInvalid(
        module,
        join(folder, file),
        'its name is not NNN_name.sql or NNN_name.ts',
      )
    }
  }
  const number = (file: string) => Number(MIGRATION_FILE.exec(file)?.[1])
  const sorted = files.sort((a, b) => number(a) - number(b) || a.localeCompare(b))
  for (let i = 1; i < sorted.length; i++) {
    if (number(sorted[i] as string) === number(sorted[i - 1] as string)) {
      throw new MigrationInvalid(
        module,
        join(folder, sorted[i] as string),
        `it has the number of ${sorted[i - 1]}; give each migration its own number`,
      )
    }
  }
  return sorted.map((file) => ({
    module,
    name: basename(file, extname(file)),
    file: join(folder, file),
  }))
}

/** Modules with the ones they require first (in enabled order otherwise): the order their tables can be made in. */
export function requiresOrder<
  M extends { readonly blueprint: Pick<Blueprint, 'name' | 'requires'> },
>(modules: readonly M[]): M[] {
  const byName = new Map(modules.map((m) => [m.blueprint.name, m]))
  const ordered: M[] = []
  const visiting = new Set<string>()
  const visit = (module: M) => {
    const { name, requires } = module.blueprint
    if (ordered.includes(module) || visiting.has(name)) return // a cycle of requires keeps enabled order
    visiting.add(name)
    for (const required of requires) {
      const other = byName.get(required)
      if (other !== undefined) visit(other)
    }
    ordered.push(module)
  }
  for (const module of modules) visit(module)
  return ordered
}

/** What a run of the migrations did, module by module. */
export interface MigrationReport {
  readonly applied: readonly Migration[]
  readonly skipped: number
}

/**
 * Applies the migrations the modules ship that the database has not recorded, module by
 * module in requires order, each file in its own transaction; a second run does nothing.
 */
export async function runMigrations(
  database: MigrationDatabase,
  modules: readonly {
    readonly dir: string
    readonly blueprint: Pick<Blueprint, 'name' | 'requires'>
  }[],
): Promise<MigrationReport> {
  await database.prepare()
  const applied: Migration[] = []
  let skipped = 0
  for (const module of requiresOrder(modules)) {
    const steps = moduleMigrations(module.blueprint.name, module.dir)
    if (steps.length === 0) continue
    const done = await database.applied(module.blueprint.name)
    for (const step of steps) {
      if (done.has(step.name)) {
        skipped++
        continue
      }
      const ran = await database.apply(step.module, step.name, () => runStep(database, step))
      if (ran) applied.push(step)
      else skipped++
    }
  }
  return { applied, skipped }
}

async function runStep(database: MigrationDatabase, step: Migration): Promise<void> {
  try {
    if (step.file.endsWith('.sql')) {
      await database.exec(readFileSync(step.file, 'utf8'))
      return
    }
    const { up } = (await import(pathToFileURL(step.file).href)) as { up?: unknown }
    if (typeof up !== 'function') {
      throw new MigrationInvalid(step.module, step.file, 'it does not export a function `up(db)`')
    }
    await up(database.connection)
  } catch (cause) {
    if (cause instanceof MigrationInvalid) throw cause
    throw new MigrationFailed(step.module, step.file, cause)
  }
}

/**
 * The built-in adapter, over node:sqlite: `BEGIN IMMEDIATE` makes a second process wait
 * for the first's migration, then see it recorded.
 * @example await runMigrations(sqliteMigrations(new DatabaseSync('data/app.db')), modules)
 */
export function sqliteMigrations(db: DatabaseSync): MigrationDatabase<DatabaseSync> {
  const recorded = (module: string) =>
    db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE} WHERE module = ?`).all(module)
  return {
    connection: db,
    async prepare() {
      db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
        module TEXT NOT NULL, name TEXT NOT NULL,
        applied_at TEXT NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (module, name))`)
    },
    async applied(module) {
      return new Set(recorded(module).map((row) => String(row.name)))
    },
    async apply(module, name, step) {
      db.exec('BEGIN IMMEDIATE')
      try {
        if (recorded(module).some((row) => row.name === name)) {
          db.exec('ROLLBACK')
          return false
        }
        await step()
        db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (module, name) VALUES (?, ?)`).run(module, name)
        db.exec('COMMIT')
        return true
      } catch (error) {
        db.exec('ROLLBACK')
        throw error
      }
    },
    async exec(sql) {
      db.exec(sql)
    },
  }
}
