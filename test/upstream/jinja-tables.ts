import type { JinjaCase } from './jinja-cases.ts'
import { FILTER_CASES } from './jinja-filters.cases.ts'
import { TEST_CASES } from './jinja-tests.cases.ts'

/** Every table of Jinja's cases, by upstream file: docs/jinja.md's figure counts these. */
export const JINJA_TABLES: Readonly<Record<string, readonly JinjaCase[]>> = {
  'test_filters.py': FILTER_CASES,
  'test_tests.py': TEST_CASES,
}
