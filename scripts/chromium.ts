// Chromium for the browser test (test/example/browser.test.ts), which drives Debian's
// Chromium with playwright-core and never downloads a Playwright browser build: the
// machines this project runs on reach Debian's archive and the npm registry, nothing else.
//
// `npm run setup:chromium` (run by `npm test` and `npm run test:e2e` before the tests) runs
// this file: it says where Chromium is, or installs Debian's `chromium` package with apt-get
// when it is missing and we may (root, Debian), saying so. The tests only look for it.
import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const CHROMIUM = '/usr/bin/chromium'

/**
 * Flags for `chromium.launch`: headless without a sandbox (CI runs as root), and nothing
 * that reaches for the network in the background (there is none beyond loopback).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const HOW_TO =
  'Run "npm run setup:chromium" (as root on Debian it installs the chromium package), install ' +
  'Debian\'s package yourself ("sudo apt-get install chromium"), or set CHROMIUM_PATH to a ' +
  'Chromium or Chrome executable. Do not run "npx playwright install": the tests use the ' +
  "system's browser."

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

async function apt(...args: string[]): Promise<string> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const { stdout } = await run('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/** Whether apt knows a version of `chromium` to install (it does not before `apt-get update`). */
async function aptHasCandidate(): Promise<boolean> {
  try {
    const { stdout } = await run('apt-cache', ['policy', 'chromium'])
    const candidate = /Candidate:\s*(\S+)/.exec(stdout)?.[1]
    return candidate !== undefined && candidate !== '(none)'
  } catch {
    return false
  }
}

/**
 * The path of a Chromium executable: CHROMIUM_PATH, else /usr/bin/chromium; throws with
 * install instructions otherwise. It installs nothing (see installChromium).
 * @example
 * const browser = await chromium.launch({ executablePath: await findChromium(), headless: true })
 */
export async function findChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) {
    if (await executable(fromEnv)) return fromEnv
    throw new Error(`CHROMIUM_PATH is "${fromEnv}", which is not an executable file. ${HOW_TO}`)
  }
  if (await executable(CHROMIUM)) return CHROMIUM
  throw new Error(`Chromium not found at ${CHROMIUM}. ${HOW_TO}`)
}

/**
 * Installs Debian's chromium package with apt-get (apt-get update first when apt knows no
 * version of it), when running as root on a system with apt-get; returns its path.
 */
export async function installChromium(say: (line: string) => void): Promise<string> {
  const root = process.getuid?.() === 0
  const hasApt = await executable('/usr/bin/apt-get')
  if (!root || !hasApt) {
    const why = hasApt ? 'not running as root, so it cannot be installed here' : 'no apt-get'
    throw new Error(`Chromium not found at ${CHROMIUM} (${why}). ${HOW_TO}`)
  }
  try {
    if (!(await aptHasCandidate())) {
      say('apt-get update (apt knows no version of chromium yet)')
      await apt('update')
    }
    say("apt-get install chromium (Debian's package; a minute or two)")
    await apt('install', '-y', '--no-install-recommends', 'chromium')
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error)
    throw new Error(`apt-get could not install chromium:\n${stderr.trim()}\n${HOW_TO}`)
  }
  if (await executable(CHROMIUM)) return CHROMIUM
  throw new Error(`apt-get installed chromium but ${CHROMIUM} is not there. ${HOW_TO}`)
}

if (import.meta.main) {
  const say = (line: string) => console.log(`setup:chromium: ${line}`)
  say('the browser test (test/example/browser.test.ts) drives Chromium through playwright-core')
  try {
    say(`found ${await findChromium()}; nothing to install`)
  } catch {
    say(`${CHROMIUM} is missing: installing it`)
    say(`installed ${await installChromium(say)}`)
  }
}
