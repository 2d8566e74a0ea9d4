import { jinjaCases } from './jinja-cases.ts'
import { IMPORT_CASES } from './jinja-imports.cases.ts'

jinjaCases('test_imports.py', IMPORT_CASES)
