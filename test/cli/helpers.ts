import { execFile, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

/** The repository, whose package the fixture apps import as 'fastify-microservices'. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url))
/** Node 24, which the CLI and the apps it imports need (type stripping). */
export const NODE = join(REPO, 'node_modules', '.bin', 'node')
/** The shipped binary: what `npx fastify-microservices` runs. */
export const BIN = join(REPO, 'dist', 'cli', 'main.js')

export const fixture = (name: string): string => join(REPO, 'test', 'fixtures', name)

const newestSource = (): number =>
  Math.max(
    ...readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => statSync(join(REPO, 'src', file)).mtimeMs),
  )

/**
 * Builds dist/ when it is missing or older than src/; test files run in parallel, so
 * one builds while the others wait on a lock folder.
 */
export async function buildOnce(): Promise<void> {
  const lock = join(tmpdir(), 'fastify-microservices-cli-build.lock')
  const fresh = () => existsSync(BIN) && statSync(BIN).mtimeMs >= newestSource()
  for (let waited = 0; !fresh(); waited += 200) {
    try {
      mkdirSync(lock)
    } catch {
      if (waited > 120_000) throw new Error(`timed out waiting for ${lock}`)
      await sleep(200)
      continue
    }
    try {
      if (!fresh()) {
        // tsc emits even when a file being edited elsewhere has type errors; only a missing binary fails.
        spawnSync(
          NODE,
          [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
          {
            cwd: REPO,
            stdio: 'ignore',
          },
        )
        if (!existsSync(BIN)) throw new Error('npm run build did not write dist/cli/main.js')
      }
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
    return
  }
}

export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** The environment the binary runs in: nothing from the test runner that changes its answers. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const key of ['MODULES', 'NODE_ENV', 'NODE_TEST_CONTEXT', 'NODE_OPTIONS', 'PORT']) {
    if (!(key in extra)) delete env[key]
  }
  return env
}

/** Runs the real binary in `cwd`; never rejects, so tests assert on the exit code. */
export function cli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((done) => {
    execFile(
      NODE,
      [BIN, ...args],
      { cwd, env: cleanEnv(env), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

/**
 * A copy of a fixture app in a temporary folder, set up as a user's app: its own
 * package.json, and this package installed (linked) as 'fastify-microservices'.
 */
export function tempApp(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `fms-${name}-`))
  cpSync(fixture(name), dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(REPO, join(dir, 'node_modules', 'fastify-microservices'), 'dir')
  return dir
}

/**
 * A copy of the example site in a temporary folder (without its data), seeing this
 * package as 'fastify-microservices' and every package the repository has installed.
 */
export function tempExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fms-example-'))
  const site = join(REPO, 'examples', 'site')
  cpSync(site, dir, {
    recursive: true,
    filter: (source) => !source.startsWith(join(site, 'data')),
  })
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
  mkdirSync(join(dir, 'node_modules'))
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry.startsWith('.')) continue
    symlinkSync(join(REPO, 'node_modules', entry), join(dir, 'node_modules', entry), 'dir')
  }
  symlinkSync(REPO, join(dir, 'node_modules', 'fastify-microservices'), 'dir')
  return dir
}

export const removeTemp = (dir: string): void => rmSync(dir, { recursive: true, force: true })
