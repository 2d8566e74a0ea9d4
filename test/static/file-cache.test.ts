import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { makeVariant } from '../../src/static/entry.ts'
import { FileCache } from '../../src/static/file-cache.ts'

const variant = (name: string, size: number) =>
  makeVariant({ absolutePath: `/static/${name}`, size, mtimeMs: 0 }, 'text/plain')

describe('FileCache', () => {
  it('keeps files up to 64 KiB, empty ones too, and refuses larger ones', () => {
    const cache = new FileCache()
    const empty = variant('empty', 0)
    const large = variant('large', 64 * 1024 + 1)
    cache.set(empty, Buffer.alloc(0))
    cache.set(large, Buffer.alloc(64 * 1024 + 1))
    assert.equal(cache.get(empty)?.length, 0)
    assert.equal(cache.get(large), undefined)
    assert.equal(cache.fits(64 * 1024), true)
    assert.equal(cache.fits(64 * 1024 + 1), false)
  })

  it('holds at most 16 MiB, dropping the least recently used first', () => {
    const cache = new FileCache()
    const files = Array.from({ length: 300 }, (_, i) => variant(`f${i}`, 64 * 1024))
    cache.set(files[0] as (typeof files)[number], Buffer.alloc(64 * 1024))
    for (const file of files.slice(1)) {
      cache.get(files[0] as (typeof files)[number]) // f0 stays recently used
      cache.set(file, Buffer.alloc(64 * 1024))
    }
    assert.ok(cache.size <= 16 * 1024 * 1024, `${cache.size} bytes held`)
    assert.ok(cache.get(files[0] as (typeof files)[number]), 'the file read at every step is kept')
    assert.equal(
      cache.get(files[1] as (typeof files)[number]),
      undefined,
      'the oldest unread file went first',
    )
    assert.ok(cache.get(files[299] as (typeof files)[number]))
  })

  it('forgets a variant on delete', () => {
    const cache = new FileCache()
    const a = variant('a', 3)
    cache.set(a, Buffer.from('abc'))
    cache.delete(a)
    cache.delete(undefined)
    assert.equal(cache.get(a), undefined)
    assert.equal(cache.size, 0)
  })
})
