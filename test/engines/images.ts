// The base image of the Compose tests, made with no image registry: a Debian root file
// system from `debootstrap` (Debian's packages: nginx for the edge), the Node binary the
// project installs (node_modules/.bin/node), the npm beside the system's and the machine's CA
// bundle (npm in a build reaches the registry as the machine's npm does), imported with
// `docker import`. Kept in Docker's store: made once per machine.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The image: Debian bookworm, nginx, Node 24 (the project's) and npm. */
export const BASE_IMAGE = 'fms-engines-base:bookworm-node24'

const MIRROR = 'http://deb.debian.org/debian'
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

const run = (command: string, args: readonly string[], what: string): string => {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (${command} ${args.join(' ')}, exit ${result.status ?? result.signal}):\n${(result.stderr || result.stdout || String(result.error)).slice(-4000)}`,
    )
  }
  return result.stdout
}

/** Whether Docker has `image`. */
export const hasImage = (image: string): boolean =>
  spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0

/** The npm folder of the system's npm (self-contained: it bundles its dependencies). */
function npmFolder(): string {
  const cli = realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim())
  const folder = dirname(dirname(cli))
  if (!existsSync(join(folder, 'package.json'))) {
    throw new Error(`npm at ${cli} is not in an npm package folder: cannot copy it into the image`)
  }
  return folder
}

/**
 * Makes BASE_IMAGE unless Docker has it: debootstrap (minbase, nginx-light, CA
 * certificates), Node, npm and the machine's CA bundle copied in, `docker import`. Returns the seconds it took (0 when kept).
 */
export function ensureBaseImage(): number {
  if (hasImage(BASE_IMAGE)) return 0
  const started = Date.now()
  const dir = mkdtempSync(join(tmpdir(), 'fms-rootfs-'))
  try {
    const rootfs = join(dir, 'rootfs')
    run(
      'debootstrap',
      ['--variant=minbase', '--include=nginx-light,ca-certificates', 'bookworm', rootfs, MIRROR],
      'debootstrap (the base image)',
    )
    cpSync(
      realpathSync(join(ROOT, 'node_modules', '.bin', 'node')),
      join(rootfs, 'usr/local/bin/node'),
    )
    const npm = join(rootfs, 'usr/local/lib/node_modules/npm')
    cpSync(npmFolder(), npm, { recursive: true })
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(rootfs, 'usr/local/bin/npm'))
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(rootfs, 'usr/local/bin/npx'))
    if (existsSync(CA_BUNDLE)) cpSync(CA_BUNDLE, join(rootfs, CA_BUNDLE))
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true })
    const tar = join(dir, 'rootfs.tar')
    run('tar', ['-C', rootfs, '-cf', tar, '.'], 'packing the root file system')
    run(
      'docker',
      [
        'import',
        '--change',
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--change',
        `ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`,
        '--change',
        'CMD ["node"]',
        tar,
        BASE_IMAGE,
      ],
      'docker import (the base image)',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return Math.round((Date.now() - started) / 1000)
}
