import { LRUCache } from 'lru-cache'
import type { StaticVariant } from './entry.ts'

/** Largest file kept in memory, in bytes. */
const MAX_FILE_SIZE = 64 * 1024
/** Bound on all kept files together, in bytes. */
const MAX_TOTAL_SIZE = 16 * 1024 * 1024

/**
 * Contents of small files, least recently used dropped first (lru-cache, bounded by
 * bytes). Keyed by the index's variant objects: a watched index replaces the object when
 * the file changes (and tells us to drop the old one), so an entry never outlives the
 * file it was read from. Without watching, files are assumed immutable while the server
 * runs (a file read again from disk is checked against its entry: see send-file.ts).
 */
export class FileCache {
  readonly #buffers = new LRUCache<StaticVariant, Buffer>({
    maxSize: MAX_TOTAL_SIZE,
    maxEntrySize: MAX_FILE_SIZE,
    // lru-cache wants sizes above zero: an empty file counts as one byte.
    sizeCalculation: (buffer) => buffer.length || 1,
  })

  /** Whether a file of this size is kept in memory (else it is streamed). */
  fits(size: number): boolean {
    return size <= MAX_FILE_SIZE
  }

  get(variant: StaticVariant): Buffer | undefined {
    return this.#buffers.get(variant)
  }

  set(variant: StaticVariant, buffer: Buffer): void {
    if (this.fits(buffer.length)) this.#buffers.set(variant, buffer)
  }

  delete(variant: StaticVariant | undefined): void {
    if (variant !== undefined) this.#buffers.delete(variant)
  }

  /** Bytes held. */
  get size(): number {
    return this.#buffers.calculatedSize
  }
}
