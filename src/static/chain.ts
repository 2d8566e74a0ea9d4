/**
 * The static chain: the public pieces the app (and the CLI) use. Folders are walked
 * once into an index; requests are answered from it, never by probing the disk.
 */
export type { ByteRange } from './conditional.ts'
export { contentTypeFor } from './entry.ts'
export type { FileCacheOptions } from './file-cache.ts'
export { FileCache } from './file-cache.ts'
export type { StaticIndexOptions, StaticMatch, StaticView } from './file-index.ts'
export { buildStaticIndex, StaticIndex } from './file-index.ts'
export { contentHash, HASH_LENGTH, hashedName, readManifest, writeManifest } from './hashing.ts'
export type { StaticChain, StaticChainOptions } from './plugin.ts'
export { DEFAULT_CACHE_CONTROL, IMMUTABLE_CACHE_CONTROL, staticChain } from './plugin.ts'
export type { SafePath, SafePathOptions } from './safe-path.ts'
export { safePath } from './safe-path.ts'
export type { SendFileOptions } from './send-file.ts'
export { sendFile } from './send-file.ts'
export type {
  FileStat,
  ShadowedFile,
  StaticEntry,
  StaticFolder,
  StaticManifest,
  StaticVariant,
} from './types.ts'
export { watchStaticIndex } from './watch.ts'
