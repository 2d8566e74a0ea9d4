// Chromium for the browser test (test/example/browser.test.ts), which drives Debian's
// Chromium with playwright-core and never downloads a Playwright browser build: the
// machines this project runs on reach Debian's archive and the npm registry, nothing else.
//
// `npm run setup:chromium` (run by `npm test` and `npm run test:e2e` before the tests) runs
// this file: it says where Chromium is, or installs Debian's `chromium` package with apt-get
// when it is missing and we may (root, Debian), saying so. The tests only look for it.
import { type DebianExecutable, findExecutable, findOrInstall } from './debian-package.ts'

const CHROMIUM = '/usr/bin/chromium'

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

const WANTED: DebianExecutable = {
  name: 'Chromium',
  pkg: 'chromium',
  path: CHROMIUM,
  env: 'CHROMIUM_PATH',
  howTo: HOW_TO,
}

/**
 * The path of a Chromium executable: CHROMIUM_PATH, else /usr/bin/chromium; throws with
 * install instructions otherwise. It installs nothing (`npm run setup:chromium` does).
 * @example
 * const browser = await chromium.launch({ executablePath: await findChromium(), headless: true })
 */
export async function findChromium(): Promise<string> {
  const found = await findExecutable(WANTED)
  if (found === undefined) throw new Error(`Chromium not found at ${CHROMIUM}. ${HOW_TO}`)
  return found
}

if (import.meta.main) {
  const say = (line: string) => console.log(`setup:chromium: ${line}`)
  say('the browser test (test/example/browser.test.ts) drives Chromium through playwright-core')
  try {
    say(`found ${await findChromium()}; nothing to install`)
  } catch {
    say(`${CHROMIUM} is missing: installing it`)
    say("apt-get install chromium (Debian's package; a minute or two)")
    say(`installed ${await findOrInstall(WANTED)}`)
  }
}
