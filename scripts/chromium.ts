// Finds Debian's Chromium for the browser test, installing the `chromium` package with
// apt-get when it is missing and we may (scripts/debian-package.ts). Never downloads a
// Playwright browser build: the machines this project runs on reach Debian's archive and
// the npm registry, nothing else.
//
// Run alone to install ahead of the tests: `node scripts/chromium.ts` prints the path.
import { findOrInstall } from './debian-package.ts'

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
  'Install Debian\'s package ("sudo apt-get install chromium"), or set CHROMIUM_PATH to a ' +
  'Chromium or Chrome executable. Do not run "npx playwright install": the tests use the ' +
  "system's browser."

/**
 * The path of a Chromium executable: CHROMIUM_PATH, else /usr/bin/chromium, installed with
 * apt-get when running as root on Debian; throws with install instructions otherwise.
 * @example
 * const browser = await chromium.launch({ executablePath: await findChromium(), headless: true })
 */
export const findChromium = (): Promise<string> =>
  findOrInstall({
    name: 'Chromium',
    pkg: 'chromium',
    path: CHROMIUM,
    env: 'CHROMIUM_PATH',
    howTo: HOW_TO,
  })

if (import.meta.main) console.log(await findChromium())
