import { fileURLToPath } from 'node:url'
import { NODE, runForJson } from '../children.ts'
import type { Section } from '../report.ts'
import { median, pairedRatio } from '../stats.ts'
import type { Context } from './context.ts'

const SCRIPT = fileURLToPath(new URL('../measure-url-for.ts', import.meta.url))

/** 5. app.urlFor (two params; one param and one query value) against the same string built by hand, ns a call. */
export async function urlFor(context: Context): Promise<Section> {
  const { settings, log } = context
  log('running 5: urlFor, in a child process')
  const {
    urlFor: built,
    hand,
    urlForQuery,
    handQuery,
  } = await runForJson<{
    urlFor: number[]
    hand: number[]
    urlForQuery: number[]
    handQuery: number[]
  }>(NODE, [SCRIPT, String(settings.urlForCalls), String(settings.rounds)], {
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const ns = (values: number[]) => median(values).toFixed(1)
  return {
    id: 5,
    title:
      "urlFor('m.thread', { id, slug }) and urlFor('m.item', { id, page }) vs the same strings built by hand",
    head: ['Way', 'ns a call (median)', 'rounds'],
    rows: [
      ["app.urlFor('m.thread', { id, slug })", ns(built), built.map((v) => v.toFixed(0)).join(' ')],
      [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the code of the other side, shown as text
        '`/board/${id}/${encodeURIComponent(slug)}`',
        ns(hand),
        hand.map((v) => v.toFixed(0)).join(' '),
      ],
      [
        "app.urlFor('m.item', { id, page: 2 })",
        ns(urlForQuery),
        urlForQuery.map((v) => v.toFixed(0)).join(' '),
      ],
      [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the code of the other side, shown as text
        '`/item/${id}?page=${encodeURIComponent(page)}`',
        ns(handQuery),
        handQuery.map((v) => v.toFixed(0)).join(' '),
      ],
    ],
    checks: [
      {
        name: 'urlFor, ns a call',
        value: median(built),
        unit: 'ns',
        target: { op: '<', value: 300 },
      },
      { name: 'urlFor / by hand (cost)', value: pairedRatio(built, hand), unit: 'x' },
      {
        name: 'urlFor, one int and one query value, ns a call',
        value: median(urlForQuery),
        unit: 'ns',
        target: { op: '<', value: 150 },
      },
      {
        name: 'urlFor / by hand, one int and one query value (cost)',
        value: pairedRatio(urlForQuery, handQuery),
        unit: 'x',
      },
    ],
    notes: [
      `In one process of its own, after ${settings.urlForCalls / 4} calls of warm-up of each; ${settings.urlForCalls} calls a round, the two ways alternating first; each result feeds a sum so no call is optimised away. Timed in CPU time of the process (user + system), so the load of other processes does not count.`,
    ],
  }
}
