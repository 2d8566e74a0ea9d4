import type { StaticVariant } from './entry.ts'

/** Largest file kept in memory, in bytes. */
const MAX_FILE_SIZE = 64 * 1024
/** Bound on all kept files together, in bytes. */
const MAX_TOTAL_SIZE = 16 * 1024 * 1024

/**
 * Contents of small files, least recently used dropped first. Keyed by the index's
 * variant objects: a watched index replaces the object when the file changes (and
 * tells us to drop the old one), so an entry never outlives the file it was read from.
 * Without watching, files are assumed immutable while the server runs.
 */
export class FileCache {
  readonly maxFileSize = MAX_FILE_SIZE
  readonly maxTotalSize = MAX_TOTAL_SIZE
  readonly #buffers = new Map<StaticVariant, Buffer>()
  #total = 0

  /** Whether a file of this size is kept in memory (else it is streamed). */
  fits(size: number): boolean {
    return size <= this.maxFileSize && size <= this.maxTotalSize
  }

  get(variant: StaticVariant): Buffer | undefined {
    const buffer = this.#buffers.get(variant)
    if (buffer !== undefined && this.#total > this.maxTotalSize / 2) {
      // Only worth keeping the order once eviction is near; Map order is the LRU order.
      this.#buffers.delete(variant)
      this.#buffers.set(variant, buffer)
    }
    return buffer
  }

  set(variant: StaticVariant, buffer: Buffer): void {
    if (!this.fits(buffer.length)) return
    this.delete(variant)
    this.#buffers.set(variant, buffer)
    this.#total += buffer.length
    for (const [oldest, old] of this.#buffers) {
      if (this.#total <= this.maxTotalSize) break
      this.#buffers.delete(oldest)
      this.#total -= old.length
    }
  }

  delete(variant: StaticVariant | undefined): void {
    if (variant === undefined) return
    const buffer = this.#buffers.get(variant)
    if (buffer === undefined) return
    this.#buffers.delete(variant)
    this.#total -= buffer.length
  }

  /** Bytes held. */
  get size(): number {
    return this.#total
  }
}
