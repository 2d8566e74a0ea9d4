import assert from 'node:assert/strict'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildStaticIndex, type StaticIndex } from '../../src/static/file-index.ts'
import { watchStaticIndex } from '../../src/static/watch.ts'
import { type StaticTree, staticApp, staticTree } from './tree.ts'

/**
 * Resolves once `check` holds, looked at again each time the index has taken in a change
 * (an event, not a poll); fails after `ms`, as chokidar's events come when they come.
 */
function eventually(
  index: StaticIndex,
  check: () => boolean | Promise<boolean>,
  ms = 5000,
): Promise<void> {
  return new Promise((done, fail) => {
    let settled = false
    const finish = (err?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      unsubscribe()
      if (err) fail(err)
      else done()
    }
    const look = () => {
      Promise.resolve(check()).then((ok) => ok && finish(), finish)
    }
    const timer = setTimeout(() => finish(new Error(`not reached within ${ms} ms: ${check}`)), ms)
    const unsubscribe = index.onChange(look)
    look()
  })
}

const textOf = async (index: StaticIndex, path: string): Promise<string | undefined> => {
  const match = index.lookup(path)
  return match && (await readFile(match.entry.absolutePath, 'utf8'))
}

describe('watched static index', () => {
  let tree: StaticTree
  let index: StaticIndex
  let home: string
  let rootStatic: string
  before(async () => {
    tree = await staticTree()
    index = await buildStaticIndex(tree.folders, { hashed: true })
    await watchStaticIndex(index)
    home = tree.folders[0]?.dir as string
    rootStatic = tree.folders[2]?.dir as string
  })
  after(async () => {
    await index.close()
    await tree.cleanup()
  })

  it('sees a new file, then its change, with a new hash', async () => {
    await writeFile(join(rootStatic, 'new.txt'), 'one')
    await eventually(index, async () => (await textOf(index, 'new.txt')) === 'one')
    const first = index.hashedPath('new.txt')
    assert.ok(first)
    await writeFile(join(rootStatic, 'new.txt'), 'two!')
    await eventually(index, () => index.lookup('new.txt')?.entry.size === 4)
    const second = index.hashedPath('new.txt')
    assert.ok(second && second !== first)
    assert.equal(index.lookup(second)?.immutable, true)
    assert.equal(index.lookup(first), undefined)
  })

  it('lets the hidden file win again when the winning copy is deleted', async () => {
    assert.equal(index.lookup('c.txt')?.entry.owner, 'home')
    await rm(join(home, 'c.txt'))
    await eventually(index, () => index.lookup('c.txt')?.entry.owner === null)
    assert.equal(await textOf(index, 'c.txt'), 'root_c\n')
    assert.equal(index.lookup('c.txt', 'home'), undefined)
    assert.deepEqual(index.shadowed(), [])
    // And back: a module's new copy hides the root's again.
    await writeFile(join(home, 'c.txt'), 'home_c again')
    await eventually(index, () => index.lookup('c.txt')?.entry.owner === 'home')
    assert.deepEqual(index.shadowed(), [{ path: 'c.txt', winner: 'home', loser: null }])
  })

  it('follows new folders and new siblings', async () => {
    await mkdir(join(home, 'deep', 'er'), { recursive: true })
    await writeFile(join(home, 'deep', 'er', 'x.css'), 'p{}')
    await eventually(index, () => index.lookup('deep/er/x.css')?.entry.owner === 'home')
    await writeFile(join(home, 'deep', 'er', 'x.css.gz'), 'not really gzip')
    await eventually(index, () => index.lookup('deep/er/x.css')?.entry.gzip !== undefined)
    await rm(join(home, 'deep'), { recursive: true })
    await eventually(index, () => index.lookup('deep/er/x.css') === undefined)
  })

  it('ignores a new dotfile: checked once a later file of the same folder is seen', async () => {
    // No event can say "nothing happened": wait for the event of a file written after it.
    await writeFile(join(home, '.secret'), 'no')
    await writeFile(join(home, 'after-secret.txt'), 'yes')
    await eventually(index, () => index.lookup('after-secret.txt')?.entry.owner === 'home')
    assert.equal(index.lookup('.secret'), undefined)
    assert.equal(index.lookup('.secret', 'home'), undefined)
  })

  it("creates a module's static folder after start-up", async () => {
    const forum = tree.folders[1]?.dir as string
    await mkdir(forum)
    await writeFile(join(forum, 'f.txt'), 'forum_f')
    await eventually(index, () => index.lookup('f.txt', 'forum')?.entry.owner === 'forum')
    assert.equal(index.lookup('f.txt')?.entry.owner, 'forum')
  })
})

describe('watched static chain over HTTP', () => {
  let s: Awaited<ReturnType<typeof staticApp>>
  before(async () => {
    s = await staticApp({ watch: true })
  })
  after(() => s.close())

  it('serves the new content of a changed, cached file', async () => {
    const file = join(s.tree.root, 'static', 'a.txt')
    assert.equal((await s.app.inject('/static/a.txt')).body, 'root_a\n')
    await writeFile(file, 'root_a changed\n')
    await eventually(
      s.chain.index,
      async () => (await s.app.inject('/static/a.txt')).body === 'root_a changed\n',
    )
    await rm(join(s.tree.root, 'modules', 'home', 'static', 'c.txt'))
    await eventually(
      s.chain.index,
      async () => (await s.app.inject('/static/c.txt')).body === 'root_c\n',
    )
  })
})
