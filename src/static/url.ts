import { type Builder, BuildRefusal } from '../urls/url-map.ts'
import type { StaticChain } from './chain.ts'

/**
 * The reverse builder of `static` (the whole chain) or `<module>.static` (one module's
 * folder): `urlFor('static', { filename: 'css/site.css' })`, hashed when the chain hashes.
 */
export function staticBuilder(
  endpoint: string,
  rule: string,
  chain: StaticChain,
  owner?: string,
): Builder {
  return {
    endpoint,
    rule,
    methods: ['GET'],
    names: new Set(['filename']),
    build(values) {
      const filename = values.filename
      if (filename === undefined || filename === null) {
        throw new BuildRefusal(`missing a value for 'filename' in rule '${rule}'`)
      }
      if (typeof filename !== 'string' || filename.replace(/^\/+/, '') === '') {
        throw new BuildRefusal(
          `the value ${JSON.stringify(filename)} for 'filename' is not a file path`,
        )
      }
      return chain.urlPath(filename, owner)
    },
  }
}
