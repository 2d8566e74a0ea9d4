/** nunjucks prefixes each message with '(file) [Line l, Column c]' lines, innermost last. */
const PREFIX = /^\s*\((.*)\)(?: \[Line \d+(?:, Column \d+)?\])?$/

/**
 * The innermost file named by a nunjucks error message's '(file)' prefix lines.
 * @example innermostFile('(/t/page.html)\n (/t/nav.html) [Line 3]\n  boom') // '/t/nav.html'
 */
export function innermostFile(message: string): string | undefined {
  let file: string | undefined
  for (const line of message.split('\n')) {
    const match = PREFIX.exec(line)
    if (!match) break
    file = match[1]
  }
  return file
}

/**
 * The message of a nunjucks error without its '(file)' prefix lines.
 * @example problemOf(new Error('(/t/page.html) [Line 2, Column 8]\n  unexpected token: %}')) // 'unexpected token: %}'
 */
export function problemOf(error: Error): string {
  const lines = error.message.split('\n')
  while (lines.length > 1 && PREFIX.test(lines[0] ?? '')) lines.shift()
  return lines.join('\n').trim()
}
