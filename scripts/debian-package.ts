// Finds a system executable the tests need (nginx, Chromium), installing its Debian
// package with apt-get when it is missing and we may: running as root on a machine with
// apt-get. Used by scripts/nginx.ts and scripts/chromium.ts.
import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface DebianExecutable {
  /** How messages name the program, e.g. 'Chromium'. */
  readonly name: string
  /** The Debian package that installs it, e.g. 'chromium'. */
  readonly pkg: string
  /** Where the package puts the executable, e.g. '/usr/bin/chromium'. */
  readonly path: string
  /** The environment variable that points elsewhere, e.g. 'CHROMIUM_PATH'. */
  readonly env: string
  /** The advice that ends every error message. */
  readonly howTo: string
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

async function apt(...args: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  await run('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 })
}

/** Whether apt knows a version of `pkg` to install (it does not before `apt-get update`). */
async function aptHasCandidate(pkg: string): Promise<boolean> {
  try {
    const { stdout } = await run('apt-cache', ['policy', pkg])
    const candidate = /Candidate:\s*(\S+)/.exec(stdout)?.[1]
    return candidate !== undefined && candidate !== '(none)'
  } catch {
    return false
  }
}

/**
 * The path of the executable, installing nothing: the environment variable's (which must
 * be executable), else the package's path when it is there.
 */
export async function findExecutable(wanted: DebianExecutable): Promise<string | undefined> {
  const { path, env, howTo } = wanted
  const fromEnv = process.env[env]
  if (fromEnv) {
    if (await executable(fromEnv)) return fromEnv
    throw new Error(`${env} is "${fromEnv}", which is not an executable file. ${howTo}`)
  }
  return (await executable(path)) ? path : undefined
}

/**
 * The path of the executable: the environment variable's, else the package's path,
 * installed with apt-get when running as root on Debian; throws with `howTo` otherwise.
 * @example await findOrInstall({ name: 'nginx', pkg: 'nginx', path: '/usr/sbin/nginx', env: 'NGINX_PATH', howTo })
 */
export async function findOrInstall(wanted: DebianExecutable): Promise<string> {
  const { name, pkg, path, howTo } = wanted
  const found = await findExecutable(wanted)
  if (found !== undefined) return found
  const root = process.getuid?.() === 0
  const hasApt = await executable('/usr/bin/apt-get')
  if (!root || !hasApt) {
    const why = hasApt ? 'not running as root, so it cannot be installed here' : 'no apt-get'
    throw new Error(`${name} not found at ${path} (${why}). ${howTo}`)
  }
  try {
    if (!(await aptHasCandidate(pkg))) await apt('update')
    await apt('install', '-y', '--no-install-recommends', pkg)
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error)
    throw new Error(`apt-get could not install ${pkg}:\n${stderr.trim()}\n${howTo}`)
  }
  if (await executable(path)) return path
  throw new Error(`apt-get installed ${pkg} but ${path} is not there. ${howTo}`)
}
