import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Text of every file placed outside the static and template folders: no answer may hold it. */
export const SENTINEL = 'SENTINEL-reliability-9c41'

const FIXTURE = fileURLToPath(new URL('../fixtures/reliability-static/', import.meta.url))
const PACKAGE = fileURLToPath(new URL('../../', import.meta.url))

export interface Site {
  readonly root: string
  readonly cleanup: () => Promise<void>
}

/**
 * A copy of test/fixtures/reliability-static in a temporary folder, with what cannot be
 * committed: dotfiles and a .git folder holding the sentinel, symbolic links from the
 * static and template folders to files and folders outside them, and the package itself
 * as node_modules/fastify-microservices, so the modules' imports resolve from there.
 */
export async function reliabilitySite(): Promise<Site> {
  const root = await mkdtemp(join(tmpdir(), 'fms-reliability-'))
  await cp(FIXTURE, root, { recursive: true })
  await mkdir(join(root, 'node_modules'))
  await symlink(PACKAGE, join(root, 'node_modules', 'fastify-microservices'), 'dir')
  const staticDir = join(root, 'static')
  const templates = join(root, 'templates')
  const homeTemplates = join(root, 'modules', 'home', 'templates')
  await writeFile(join(staticDir, '.env'), `SECRET=${SENTINEL}\n`)
  await mkdir(join(staticDir, '.git'))
  await writeFile(join(staticDir, '.git', 'config'), `[core] ${SENTINEL}\n`)
  await symlink(join(root, 'secret.txt'), join(staticDir, 'link-out.txt'))
  await symlink(root, join(staticDir, 'link-dir'))
  await symlink('/etc', join(staticDir, 'etc'))
  await symlink(join(root, 'secret.txt'), join(templates, 'link-out.html'))
  await symlink(root, join(homeTemplates, 'up'))
  await symlink(join(root, 'secret.txt'), join(root, 'modules', 'home', 'static', 'leak.txt'))
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) }
}
