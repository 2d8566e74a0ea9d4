import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import type { StaticFolder } from '../../src/static/entry.ts'
import {
  type StaticChain,
  type StaticChainOptions,
  serveModuleStatic,
  staticChain,
} from '../../src/static/plugin.ts'
import { fixture } from '../helpers.ts'

/** Text of the file placed just outside the static folders: no answer may ever hold it. */
export const SENTINEL = 'SENTINEL-do-not-serve-7f3a'

/** 1 MiB of bytes that differ from one offset to the next. */
export const bigBytes = (size = 1024 * 1024): Buffer => {
  const bytes = Buffer.alloc(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff
  return bytes
}

export const APP_JS = 'console.log("compressed sibling")\n'.repeat(20)

export interface StaticTree {
  readonly root: string
  /** home's static, forum's missing static, then the root static. */
  readonly folders: StaticFolder[]
  readonly cleanup: () => Promise<void>
}

/**
 * A copy of test/fixtures/static-chain in a temp dir, with what cannot be committed:
 * symbolic links (one inside, one leading out to the sentinel), a .git folder, a
 * 1 MiB file, and precompressed siblings.
 */
export async function staticTree(): Promise<StaticTree> {
  const root = await mkdtemp(join(tmpdir(), 'fms-static-'))
  await cp(fixture('static-chain'), root, { recursive: true })
  const rootStatic = join(root, 'static')
  await mkdir(join(rootStatic, '.git'))
  await writeFile(join(rootStatic, '.git', 'config'), `[core] ${SENTINEL}\n`)
  await writeFile(join(rootStatic, 'big.bin'), bigBytes())
  const zipped = join(rootStatic, 'zipped')
  await mkdir(zipped)
  await writeFile(join(zipped, 'app.js'), APP_JS)
  await writeFile(join(zipped, 'app.js.br'), brotliCompressSync(APP_JS))
  await writeFile(join(zipped, 'app.js.gz'), gzipSync(APP_JS))
  await writeFile(join(zipped, 'only-gz.css'), 'p{}\n'.repeat(50))
  await writeFile(join(zipped, 'only-gz.css.gz'), gzipSync('p{}\n'.repeat(50)))
  await symlink(join(rootStatic, 'a.txt'), join(rootStatic, 'link-inside.txt'))
  await symlink(join(root, 'secret.txt'), join(rootStatic, 'link-outside.txt'))
  await symlink(root, join(rootStatic, 'link-dir-outside'))
  return {
    root,
    folders: [
      { owner: 'home', dir: join(root, 'modules', 'home', 'static') },
      { owner: 'forum', dir: join(root, 'modules', 'forum', 'static') },
      { owner: null, dir: rootStatic },
    ],
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
}

/** A Fastify app serving a fresh tree, ready for inject() or listen(). */
export async function staticApp(options: Partial<StaticChainOptions> = {}): Promise<{
  app: FastifyInstance
  chain: StaticChain
  tree: StaticTree
  close: () => Promise<void>
}> {
  const tree = await staticTree()
  const app = Fastify()
  const chain = await staticChain(app, { folders: tree.folders, ...options })
  for (const owner of chain.index.owners()) if (owner !== null) serveModuleStatic(app, chain, owner)
  await app.ready()
  return {
    app,
    chain,
    tree,
    close: async () => {
      await app.close()
      await tree.cleanup()
    },
  }
}
