import { jinjaCases } from './jinja-cases.ts'
import { CORE_TAG_CASES } from './jinja-core-tags.cases.ts'

jinjaCases('test_core_tags.py', CORE_TAG_CASES)
