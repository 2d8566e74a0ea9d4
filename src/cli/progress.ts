/** Where progress goes: a stream that may be a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean
  write(text: string): unknown
}

/** Shows "label count/total" on one rewritten line. */
export interface Progress {
  tick(done: number): void
  /** Erases the line, so the report that follows starts clean. */
  end(): void
}

const QUIET: Progress = { tick() {}, end() {} }

/**
 * A progress line for long work, drawn only on a terminal (and at most every
 * `intervalMs`); elsewhere (a pipe, a file, CI logs) it writes nothing at all.
 */
export function progress(
  stream: ProgressStream,
  label: string,
  total: number,
  intervalMs = 100,
): Progress {
  if (stream.isTTY !== true) return QUIET
  let last = 0
  let drawn = false
  return {
    tick(done) {
      const now = Date.now()
      if (done < total && now - last < intervalMs) return
      last = now
      drawn = true
      stream.write(`\r\x1b[K${label} ${done}/${total}`)
    },
    end() {
      if (drawn) stream.write('\r\x1b[K')
    },
  }
}
