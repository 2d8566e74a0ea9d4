// Finds nginx for the deploy tests and `npm run start:split`, installing Debian's `nginx`
// package with apt-get when it is missing and we may (as scripts/chromium.ts does for
// Chromium). The system's nginx service is never started: the tests run their own, from a
// generated folder (`nginx -p DIR -c nginx.conf`).
//
// Run alone to install ahead of the tests: `node scripts/nginx.ts` prints the path.
import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const NGINX = '/usr/sbin/nginx'

const HOW_TO =
  'Install Debian\'s package ("sudo apt-get install nginx"), or set NGINX_PATH to an nginx executable.'

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

async function aptHasCandidate(): Promise<boolean> {
  try {
    const { stdout } = await run('apt-cache', ['policy', 'nginx'])
    const candidate = /Candidate:\s*(\S+)/.exec(stdout)?.[1]
    return candidate !== undefined && candidate !== '(none)'
  } catch {
    return false
  }
}

/**
 * The path of an nginx executable: NGINX_PATH, else /usr/sbin/nginx, installed with apt-get
 * when running as root on Debian; throws with install instructions otherwise.
 * @example spawn(await findNginx(), ['-p', dir, '-c', 'nginx.conf'])
 */
export async function findNginx(): Promise<string> {
  const fromEnv = process.env.NGINX_PATH
  if (fromEnv) {
    if (await executable(fromEnv)) return fromEnv
    throw new Error(`NGINX_PATH is "${fromEnv}", which is not an executable file. ${HOW_TO}`)
  }
  if (await executable(NGINX)) return NGINX
  const root = process.getuid?.() === 0
  const hasApt = await executable('/usr/bin/apt-get')
  if (!root || !hasApt) {
    const why = hasApt ? 'not running as root, so it cannot be installed here' : 'no apt-get'
    throw new Error(`nginx not found at ${NGINX} (${why}). ${HOW_TO}`)
  }
  try {
    if (!(await aptHasCandidate())) await apt('update')
    await apt('install', '-y', '--no-install-recommends', 'nginx')
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error)
    throw new Error(`apt-get could not install nginx:\n${stderr.trim()}\n${HOW_TO}`)
  }
  if (await executable(NGINX)) return NGINX
  throw new Error(`apt-get installed nginx but ${NGINX} is not there. ${HOW_TO}`)
}

if (import.meta.main) console.log(await findNginx())
