import { resolve } from 'node:path'
import { insidePath } from '../paths.ts'
import type { StaticIndex } from './file-index.ts'

/**
 * Keeps an index fresh while files change (development): added, changed and deleted
 * files of every folder, including folders created after start-up. Resolves once the
 * watchers are ready; `index.close()` stops them. Without it, files are assumed not
 * to change while the server runs.
 * @example const index = await buildStaticIndex(folders); await watchStaticIndex(index)
 */
export async function watchStaticIndex(
  index: StaticIndex,
  onError: (err: unknown) => void = () => {},
): Promise<void> {
  // Loaded here, in development only: a production process never loads the watcher.
  const { default: chokidar } = await import('chokidar')
  const allowDotfiles = index.options.allowDotfiles === true
  const watchers = index.folders.map((folder, i) => {
    const dir = resolve(folder.dir)
    const watcher = chokidar.watch(dir, {
      ignoreInitial: true,
      // Links are checked by the index (they must stay inside the folder), not followed here.
      followSymlinks: false,
      ignored: allowDotfiles
        ? undefined
        : (path: string) =>
            insidePath(dir, path)
              ?.split('/')
              .some((part) => part.startsWith('.')) === true,
    })
    const refresh = (path: string) => {
      const rel = insidePath(dir, path)
      if (rel !== undefined) index.refresh(i, rel).catch(onError)
    }
    watcher.on('add', refresh).on('change', refresh).on('unlink', refresh).on('unlinkDir', refresh)
    watcher.on('error', onError)
    return watcher
  })
  index.addCloser(async () => {
    await Promise.all(watchers.map((watcher) => watcher.close()))
  })
  await Promise.all(
    watchers.map((watcher) => new Promise<void>((done) => watcher.once('ready', () => done()))),
  )
}
