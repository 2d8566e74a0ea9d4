import type { JinjaCase } from './jinja-cases.ts'
import { CORE_TAG_CASES } from './jinja-core-tags.cases.ts'
import { FILTER_CASES } from './jinja-filters.cases.ts'
import { IMPORT_CASES } from './jinja-imports.cases.ts'
import { INHERITANCE_CASES } from './jinja-inheritance.cases.ts'
import { LEXNPARSE_CASES } from './jinja-lexnparse.cases.ts'
import { TEST_CASES } from './jinja-tests.cases.ts'

/** Every table of Jinja's cases, by upstream file: docs/jinja.md's figure counts these. */
export const JINJA_TABLES: Readonly<Record<string, readonly JinjaCase[]>> = {
  'test_core_tags.py': CORE_TAG_CASES,
  'test_filters.py': FILTER_CASES,
  'test_tests.py': TEST_CASES,
  'test_inheritance.py': INHERITANCE_CASES,
  'test_imports.py': IMPORT_CASES,
  'test_lexnparse.py': LEXNPARSE_CASES,
}
