import { type Builder, BuildRefusal } from '../urls/builder.ts'
import type { StaticChain } from './plugin.ts'

/** One reversible static endpoint: the whole chain (no owner) or one module's folder. */
export interface StaticEndpoint {
  readonly endpoint: string
  readonly rule: string
  readonly owner?: string
}

/**
 * The static endpoints of an app with these modules: 'static' (the whole chain) and
 * '<module>.static' for each, whether or not its folder exists. Start-up builds them and
 * `fastify-microservices types` lists them, so the two cannot disagree.
 */
export function staticEndpoints(modules: readonly string[]): StaticEndpoint[] {
  return [
    { endpoint: 'static', rule: '/static/<path:filename>' },
    ...modules.map((owner) => ({
      endpoint: `${owner}.static`,
      rule: `/static_${owner}/<path:filename>`,
      owner,
    })),
  ]
}

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
