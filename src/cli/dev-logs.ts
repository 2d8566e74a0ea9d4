import { prettyFactory } from 'pino-pretty'

/** The fields of a Fastify log line that `dev` shows in the message itself. */
interface LogLine {
  readonly reqId?: unknown
  readonly req?: { readonly method?: string; readonly url?: string }
  readonly res?: { readonly statusCode?: number }
  readonly responseTime?: unknown
  readonly [key: string]: unknown
}

/**
 * A request's lines read as `[req-1] GET /forum/` and `[req-1] -> 200 (3.1 ms)` instead of
 * pino-pretty's nested `req`/`res` objects; every other field is left to pino-pretty.
 */
function message(log: LogLine, messageKey: string): string {
  const id = log.reqId === undefined ? '' : `[${String(log.reqId)}] `
  if (log.req?.method !== undefined) return `${id}${log.req.method} ${log.req.url ?? ''}`
  if (log.res?.statusCode !== undefined) {
    const time = typeof log.responseTime === 'number' ? ` (${log.responseTime.toFixed(1)} ms)` : ''
    return `${id}-> ${log.res.statusCode}${time}`
  }
  const text = log[messageKey]
  return `${id}${typeof text === 'string' ? text : ''}`
}

/** A log line as pino writes it: JSON with a numeric level. Anything else is printed as it is. */
const PINO_LINE = /^\{.*"level":\d/

/**
 * Makes Fastify's JSON log lines readable with pino-pretty:
 * `[12:00:01] INFO: [req-1] GET /forum/`, errors with their stack below. `colorize`
 * defaults to what the terminal supports (NO_COLOR and FORCE_COLOR are honoured).
 */
export function devLogFormatter(colorize?: boolean): (line: string) => string {
  const pretty = prettyFactory({
    ...(colorize === undefined ? {} : { colorize }),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    messageFormat: (log, messageKey) => message(log as LogLine, messageKey),
  })
  return (line) => (PINO_LINE.test(line) ? pretty(line).replace(/\r?\n$/, '') : line)
}
