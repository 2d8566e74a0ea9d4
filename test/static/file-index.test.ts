import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { StaticFolderUnreadable, StaticManifestInvalid } from '../../src/errors.ts'
import { buildStaticIndex, type StaticIndex } from '../../src/static/file-index.ts'
import { contentHash, hashedName, readManifest, writeManifest } from '../../src/static/hashing.ts'
import { type StaticTree, staticTree } from './tree.ts'

const ownerOf = (index: StaticIndex, path: string, owner?: string | null) =>
  index.lookup(path, owner)?.entry.owner

describe('static index', () => {
  let tree: StaticTree
  let index: StaticIndex
  before(async () => {
    tree = await staticTree()
    index = await buildStaticIndex(tree.folders)
  })
  after(() => tree.cleanup())

  it('lets the first folder win and the root come last', async () => {
    const cases: [string, string | null | undefined, string | undefined][] = [
      ['a.txt', null, 'root_a\n'],
      ['b.txt', 'home', 'home_b\n'],
      ['c.txt', 'home', 'home_c\n'],
      ['nope.txt', undefined, undefined],
    ]
    for (const [path, owner, text] of cases) {
      const match = index.lookup(path)
      assert.equal(match?.entry.owner, owner, path)
      const body = match && (await readFile(match.entry.absolutePath, 'utf8'))
      assert.equal(body, text, path)
    }
  })

  it("keeps each owner's own map", () => {
    assert.equal(ownerOf(index, 'b.txt', 'home'), 'home')
    assert.equal(ownerOf(index, 'a.txt', 'home'), undefined)
    assert.equal(ownerOf(index, 'c.txt', null), null)
    assert.equal(index.lookup('a.txt', 'forum'), undefined)
    assert.equal(index.lookup('a.txt', 'unknown'), undefined)
    assert.deepEqual(index.owners(), ['home', 'forum', null])
  })

  it('lists the files hidden by an earlier folder', () => {
    assert.deepEqual(index.shadowed(), [{ path: 'c.txt', winner: 'home', loser: null }])
  })

  it('records entries with paths, sizes and precomputed headers', () => {
    const entry = index.lookup('css/site.css')?.entry
    assert.ok(entry)
    assert.equal(entry.path, 'css/site.css')
    assert.equal(entry.size, 'body {\n  color: red;\n}\n'.length)
    assert.equal(entry.contentType, 'text/css; charset=utf-8')
    assert.match(entry.etag, /^"[0-9a-f]+-[0-9a-f]+"$/)
    assert.equal(entry.lastModified, new Date(Math.floor(entry.mtimeMs)).toUTCString())
  })

  it('records precompressed siblings of the same folder', () => {
    const entry = index.lookup('zipped/app.js')?.entry
    assert.ok(entry?.br && entry.gzip)
    assert.notEqual(entry.br.etag, entry.etag)
    const css = index.lookup('zipped/only-gz.css')?.entry
    assert.equal(css?.br, undefined)
    assert.ok(css?.gzip)
  })

  it('keeps links that stay inside the folder and drops those that lead out', () => {
    assert.equal(index.lookup('link-inside.txt')?.entry.size, 'root_a\n'.length)
    assert.equal(index.lookup('link-outside.txt'), undefined)
    assert.equal(index.lookup('link-dir-outside/secret.txt'), undefined)
    assert.equal(index.lookup('link-dir-outside/static/a.txt'), undefined)
  })

  it('skips dotfiles unless allowed', async () => {
    assert.equal(index.lookup('.env'), undefined)
    assert.equal(index.lookup('.git/config'), undefined)
    const open = await buildStaticIndex(tree.folders, { allowDotfiles: true })
    assert.ok(open.lookup('.env'))
    assert.ok(open.lookup('.git/config'))
  })

  it('gives the same answer for 1 folder and for 200', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'fms-many-'))
    try {
      const many = Array.from({ length: 199 }, (_, i) => ({
        owner: `m${i}`,
        dir: join(scratch, `m${i}`, 'static'),
      }))
      await Promise.all(
        many.slice(0, 50).map(async (folder, i) => {
          await mkdir(folder.dir, { recursive: true })
          await writeFile(join(folder.dir, `only-${i}.txt`), `m${i}`)
        }),
      )
      const rootOnly = tree.folders.slice(2)
      const one = await buildStaticIndex(rootOnly)
      const lots = await buildStaticIndex([...many, ...rootOnly])
      for (const path of ['a.txt', 'c.txt', 'css/site.css', 'big.bin', 'nope.txt']) {
        const a = one.lookup(path)?.entry
        const b = lots.lookup(path)?.entry
        assert.equal(b?.absolutePath, a?.absolutePath, path)
        assert.equal(b?.etag, a?.etag, path)
      }
      assert.equal(lots.lookup('only-7.txt')?.entry.owner, 'm7')
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  })

  it('accepts missing folders and refuses unreadable ones, naming them', async () => {
    const none = await buildStaticIndex([{ owner: 'x', dir: join(tree.root, 'missing') }])
    assert.equal(none.lookup('a.txt'), undefined)
    const file = join(tree.root, 'secret.txt')
    await assert.rejects(buildStaticIndex([{ owner: 'x', dir: file }]), (err: unknown) => {
      assert.ok(err instanceof StaticFolderUnreadable)
      assert.equal(err.code, 'FMS_ERR_STATIC_FOLDER_UNREADABLE')
      assert.match(err.message, /secret\.txt.*module 'x'/)
      return true
    })
  })
})

describe('static index: content hashes and manifests', () => {
  let tree: StaticTree
  before(async () => {
    tree = await staticTree()
  })
  after(() => tree.cleanup())

  it('names hashed files Django-style', () => {
    assert.equal(hashedName('css/site.css', '3f2a9c1b7d4e'), 'css/site.3f2a9c1b7d4e.css')
    assert.equal(hashedName('README', 'abc'), 'README.abc')
    assert.equal(hashedName('a.b/README', 'abc'), 'a.b/README.abc')
    assert.equal(hashedName('x.tar.gz', 'abc'), 'x.tar.abc.gz')
  })

  it('hashes each file and finds it by its hashed name', async () => {
    const index = await buildStaticIndex(tree.folders, { hashed: true })
    const hash = await contentHash(join(tree.root, 'static', 'css', 'site.css'))
    assert.match(hash, /^[0-9a-f]{12}$/)
    assert.equal(index.hashedPath('css/site.css'), `css/site.${hash}.css`)
    const match = index.lookup(`css/site.${hash}.css`)
    assert.equal(match?.immutable, true)
    assert.equal(match?.entry.path, 'css/site.css')
    assert.equal(index.lookup('css/site.css')?.immutable, false)
    assert.equal(index.hashedPath('b.txt', 'home'), index.lookup('b.txt')?.entry.hashedPath)
  })

  it('writes a manifest and reads it back; a loaded manifest names the chain files', async () => {
    const index = await buildStaticIndex(tree.folders, { hashed: true })
    const file = join(tree.root, 'manifest.json')
    await writeManifest(file, index.manifest())
    const manifest = await readManifest(file)
    assert.equal(manifest['css/site.css'], index.hashedPath('css/site.css'))
    assert.equal(Object.keys(manifest).length, index.view()?.files.size)

    const fromManifest = await buildStaticIndex(tree.folders, {
      manifest: { 'a.txt': 'a.0123456789ab.txt' },
    })
    assert.equal(fromManifest.hashedPath('a.txt'), 'a.0123456789ab.txt')
    assert.equal(fromManifest.lookup('a.0123456789ab.txt')?.entry.path, 'a.txt')
    assert.equal(fromManifest.hashedPath('c.txt'), undefined)
  })

  it('refuses a manifest that is not an object of relative paths', async () => {
    const cases = ['not json', '[]', '{"a.txt": 3}', '{"../a.txt": "a.1.txt"}', '{"a.txt": "/abs"}']
    for (const text of cases) {
      const file = join(tree.root, 'bad.json')
      await writeFile(file, text)
      await assert.rejects(readManifest(file), StaticManifestInvalid, text)
    }
  })
})
