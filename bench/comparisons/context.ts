import type { LoadSettings } from '../load.ts'
import type { Settings } from '../report.ts'

/** What every comparison gets from the harness. */
export interface Context {
  readonly settings: Settings & LoadSettings
  /** Progress, printed as the run goes (not in the results file). */
  readonly log: (line: string) => void
}
