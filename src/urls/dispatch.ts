import type { IncomingMessage } from 'node:http'
import type { ConstraintStrategy, HTTPVersion } from 'find-my-way'
import type { Matcher, MatchResult } from './matcher.ts'

/**
 * How the ordered matcher picks among rules that share one find-my-way route: each such
 * rule is an ordinary Fastify route of its module (its hooks, schema and error handler
 * apply), registered on the shared wildcard path with the constraint `{ [RULE_CONSTRAINT]: id }`.
 * The constraint's store asks the matcher which rule wins the request (once per request)
 * and answers for that rule only; a request no rule takes falls through to the not-found
 * handler, which asks the same matcher for 405, 308 and OPTIONS.
 */
export const RULE_CONSTRAINT = 'microservicesRule'

const MATCHED = Symbol('microservices.matched')

type Matched = IncomingMessage & { [MATCHED]?: MatchResult }

const pathOf = (url: string): string => {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** The matcher's answer for a request, computed once. */
export function matchRequest(matcher: Matcher, req: IncomingMessage): MatchResult {
  const memo = req as Matched
  let result = memo[MATCHED]
  if (result === undefined) {
    result = matcher.match(req.method ?? 'GET', pathOf(req.url ?? '/'), req.headers.host)
    memo[MATCHED] = result
  }
  return result
}

/** The rule values the matcher found for a request it dispatched (undefined otherwise). */
export function matchedValues(req: IncomingMessage): Record<string, unknown> | undefined {
  const result = (req as Matched)[MATCHED]
  return result?.kind === 'match' ? result.values : undefined
}

/** Fastify's constraint strategy (public `addConstraintStrategy` API) backed by the matcher. */
export function ruleStrategy(matcher: Matcher): ConstraintStrategy<HTTPVersion.V1, unknown> {
  type Stored = ReturnType<
    ReturnType<ConstraintStrategy<HTTPVersion.V1, unknown>['storage']>['get']
  >
  return {
    name: RULE_CONSTRAINT,
    mustMatchWhenDerived: false,
    // The request itself: the store runs the matcher only where a node holds matcher rules.
    deriveConstraint: (req) => req,
    storage() {
      // find-my-way keeps here, per rule id, which of the node's handlers it constrains.
      const handlers = new Map<number, Stored>()
      return {
        get(value) {
          if (typeof value === 'number') return handlers.get(value) ?? null
          const result = matchRequest(matcher, value as IncomingMessage)
          return result.kind === 'match' ? (handlers.get(result.rule.id) ?? null) : null
        },
        set(id, store) {
          handlers.set(id as number, store)
        },
      }
    },
    validate(value: unknown): void {
      if (typeof value !== 'number') throw new TypeError(`${RULE_CONSTRAINT} is a rule id`)
    },
  }
}
