import { readFileSync } from 'node:fs'
import type { FoundTemplate } from './chain.ts'

/** Where a render error is: the template, its line and column. */
export interface ErrorPlace {
  readonly template: FoundTemplate
  readonly line: number
  readonly column: number | undefined
}

/** The name a nunjucks message says was called or filtered: `boom` of "Unable to call `boom`". */
function namedIn(problem: string): RegExp | undefined {
  const call = /Unable to call `([^`]+)`/.exec(problem)
  if (call) {
    const last = /([A-Za-z_][A-Za-z0-9_]*)\W*$/.exec(call[1] as string)
    if (last) return new RegExp(`\\b${last[1]}\\s*["'\\]]*\\s*\\(`)
  }
  const filter = /filter not found: ([A-Za-z_][A-Za-z0-9_.]*)/.exec(problem)
  if (filter) return new RegExp(`\\|\\s*${(filter[1] as string).replaceAll('.', '\\.')}\\b`)
  return undefined
}

const linesOf = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').split('\n')
  } catch {
    return []
  }
}

/**
 * The template a render error happened in, among the one nunjucks names and the layouts and
 * macro files it reached (nunjucks names an error of a layout after the template extending
 * it): the only one where the called name (or filter) is written, the line nearest the one
 * reported; else the only one that has code at the reported line. Undefined when more than
 * one could be meant.
 * @example placeOf('Unable to call `boom`', 3, 4, [child, layout]) // { template: layout, line: 3, … }
 */
export function placeOf(
  problem: string,
  line: number | undefined,
  column: number | undefined,
  candidates: readonly FoundTemplate[],
): ErrorPlace | undefined {
  const named = namedIn(problem)
  const places: ErrorPlace[] = []
  for (const template of candidates) {
    const lines = linesOf(template.file)
    if (named !== undefined) {
      let best: number | undefined
      lines.forEach((text, i) => {
        if (!named.test(text)) return
        if (best === undefined || Math.abs(i + 1 - (line ?? 0)) < Math.abs(best - (line ?? 0)))
          best = i + 1
      })
      if (best !== undefined)
        places.push({ template, line: best, column: best === line ? column : undefined })
    } else if (line !== undefined && /\{\{|\{%/.test(lines[line - 1] ?? '')) {
      places.push({ template, line, column })
    }
  }
  return places.length === 1 ? places[0] : undefined
}
