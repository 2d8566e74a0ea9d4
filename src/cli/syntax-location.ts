import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { listFilesSync } from '../paths.ts'

/** Where a syntax error is: file, line and the code frame Node prints (the line and a caret). */
export interface SyntaxLocation {
  readonly file: string
  readonly line: number
  readonly frame: string
}

/** `/app/modules/blog/views.ts:2` or `file:///app/...:2`: the first line of Node's report. */
const HEAD = /^(file:\/\/\S+|\/\S*|[A-Za-z]:\\\S*):(\d+)$/

/** Reads the location Node puts above the message of a syntax error (`file:line`, code, caret). */
function locationInReport(report: string): SyntaxLocation | undefined {
  const lines = report.split('\n')
  const head = HEAD.exec(lines[0] ?? '')
  if (!head) return undefined
  const path = head[1] as string
  const file = path.startsWith('file:') ? fileURLToPath(path) : path
  // The code lines, down to the caret line under the fault (a frame may hold blank lines).
  const caret = lines.findIndex((text, i) => i > 0 && i < 8 && /^\s*\^+\s*$/.test(text))
  const frame = lines
    .slice(1, caret < 0 ? 2 : caret + 1)
    .filter((text) => text.trim() !== '')
    .join('\n')
  return { file, line: Number(head[2]), frame }
}

const JAVASCRIPT = /\.(?:js|mjs|cjs)$/
const SKIPPED = new Set(['node_modules', 'templates', 'static', 'dist', 'coverage'])

const javascriptFiles = (dir: string, limit: number): string[] =>
  listFilesSync(dir, {
    enter: (name) => !name.startsWith('.') && !SKIPPED.has(name),
    keep: (name) => !name.startsWith('.') && JAVASCRIPT.test(name),
    limit,
  })

/**
 * The file and line of the syntax error behind a failed import. Node names them in the
 * stack of a TypeScript error; a JavaScript one carries no location once caught, so each
 * JavaScript file of `folders` (the module's, then the app's) is checked with `node --check`.
 */
export function syntaxErrorLocation(
  error: unknown,
  folders: readonly string[],
  limit = 200,
): SyntaxLocation | undefined {
  if (!(error instanceof SyntaxError)) return undefined
  const stated = locationInReport(error.stack ?? '')
  if (stated !== undefined) return stated
  const seen = new Set<string>()
  for (const folder of folders) {
    for (const file of javascriptFiles(folder, limit)) {
      if (seen.has(file)) continue
      seen.add(file)
      const run = spawnSync(process.execPath, ['--check', file], {
        encoding: 'utf8',
        timeout: 10_000,
      })
      if (run.status === 0) continue
      const location = locationInReport(run.stderr)
      if (location !== undefined) return location
    }
  }
  return undefined
}
