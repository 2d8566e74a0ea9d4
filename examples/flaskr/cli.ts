// Flask's custom command `flask --app flaskr init-db`: `node cli.ts init-db`.
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { createApp } from './app.ts'
import type { Config } from './config.ts'
import { initDb } from './db.ts'

/** What the commands run with: the test config and where `click.echo` writes (tests). */
export interface CliOptions {
  readonly testConfig?: Partial<Config>
  readonly echo?: (line: string) => void
}

/** flaskr's command line: Flask's `app.cli`, with its one command `init-db`. */
export function flaskrCli(options: CliOptions = {}): Command {
  const echo = options.echo ?? ((line: string) => process.stdout.write(`${line}\n`))
  const program = new Command('flaskr')
  program
    .command('init-db')
    .description('Clear existing data and create new tables.')
    .action(async () => {
      const app = await createApp(options.testConfig)
      try {
        initDb(app.getDb())
      } finally {
        await app.close()
      }
      echo('Initialized the database.')
    })
  return program
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await flaskrCli().parseAsync()
