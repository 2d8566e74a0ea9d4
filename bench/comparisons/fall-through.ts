import type { Section } from '../report.ts'
import type { Context } from './context.ts'
import { moduleApp, runHttpComparison } from './http.ts'

const FALL_THROUGH = new URL('../fixtures/fall-through/', import.meta.url).pathname
const fallThroughApp = { kind: 'module-app', options: { root: FALL_THROUGH } } as const

/**
 * 9. Rule sets with fall-through (several rules could take one URL, the ordered matcher
 * picks) against the unambiguous route of comparison 2.
 */
export const fallThrough = (context: Context): Promise<Section> =>
  runHttpComparison(
    {
      id: 10,
      title: 'Rules with fall-through: /<int:year> and /<path:name>, /n/<int:a> and /n/<float:a>',
      targets: [
        { label: 'unambiguous (site)', server: moduleApp, path: '/board/7/hello' },
        {
          label: 'unambiguous, in an app with fall-through',
          server: fallThroughApp,
          path: '/board/7/hello',
        },
        { label: 'first rule takes it (/2024)', server: fallThroughApp, path: '/2024' },
        { label: 'falls through to path (/Some/Page)', server: fallThroughApp, path: '/Some/Page' },
        { label: 'float after int refused (/n/1.5)', server: fallThroughApp, path: '/n/1.5' },
      ],
      base: 'unambiguous (site)',
      ratios: [
        {
          name: 'fall-through app, unambiguous / site',
          a: 'unambiguous, in an app with fall-through',
          b: 'unambiguous (site)',
        },
        {
          name: 'falls through / unambiguous',
          a: 'falls through to path (/Some/Page)',
          b: 'unambiguous (site)',
        },
      ],
      // Each target answers its own body: only the statuses must agree.
      refuse: (answers) => {
        for (const [label, { status }] of answers)
          if (status !== 200) return `${label} answered ${status}`
        return undefined
      },
      notes: [
        'Rules that could take one URL share a wildcard route; a constraint of theirs asks the ordered matcher (Werkzeug weights) which wins. An app with such rules pays a constraint derivation on every request, the unambiguous route included (second row).',
      ],
    },
    context,
  )
