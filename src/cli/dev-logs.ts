/** pino's level numbers, as Fastify's logger writes them. */
const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
}

/** Keys shown in their own place, or not worth a line of their own in development. */
const SHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'reqId', 'req', 'res', 'err'])
const SHOWN_OR_TIMING = new Set([...SHOWN, 'responseTime'])

const clock = (time: unknown): string => {
  const date = typeof time === 'number' ? new Date(time) : new Date()
  return date.toTimeString().slice(0, 8)
}

/**
 * Turns one line of Fastify's JSON log into a line people read:
 * `12:00:01 INFO  [req-1] GET /forum/ -> 200 (3.1 ms)`, errors with their stack below.
 * A line that is not a JSON log is returned as it is.
 */
export function prettyLogLine(line: string): string {
  if (!line.startsWith('{')) return line
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  if (typeof entry.level !== 'number') return line
  const parts = [clock(entry.time), LEVELS[entry.level] ?? String(entry.level)]
  if (entry.reqId !== undefined) parts.push(`[${String(entry.reqId)}]`)
  const req = entry.req as { method?: string; url?: string } | undefined
  const res = entry.res as { statusCode?: number } | undefined
  if (req?.method !== undefined) parts.push(`${req.method} ${req.url ?? ''}`)
  else if (res?.statusCode !== undefined) {
    const time =
      typeof entry.responseTime === 'number' ? ` (${entry.responseTime.toFixed(1)} ms)` : ''
    parts.push(`-> ${res.statusCode}${time}`)
  } else if (typeof entry.msg === 'string') parts.push(entry.msg)
  for (const [key, value] of Object.entries(entry)) {
    if (!SHOWN_OR_TIMING.has(key)) parts.push(`${key}=${JSON.stringify(value)}`)
  }
  const err = entry.err as { stack?: string; message?: string } | undefined
  const stack = err?.stack ?? err?.message
  const text = parts.join(' ')
  return stack === undefined ? text : `${text}\n  ${stack.replaceAll('\n', '\n  ')}`
}

/** Splits a stream's chunks into lines and hands each to `write`, whole. */
export function lineSplitter(write: (line: string) => void): {
  push(chunk: Buffer | string): void
  flush(): void
} {
  let rest = ''
  return {
    push(chunk) {
      const text = rest + chunk.toString()
      const lines = text.split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) write(line)
    },
    flush() {
      if (rest !== '') write(rest)
      rest = ''
    },
  }
}
