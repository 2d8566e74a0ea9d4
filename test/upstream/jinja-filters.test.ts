import { jinjaCases } from './jinja-cases.ts'
import { FILTER_CASES } from './jinja-filters.cases.ts'

jinjaCases('test_filters.py', FILTER_CASES)
