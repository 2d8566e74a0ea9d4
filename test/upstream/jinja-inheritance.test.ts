import { jinjaCases } from './jinja-cases.ts'
import { INHERITANCE_CASES } from './jinja-inheritance.cases.ts'

jinjaCases('test_inheritance.py', INHERITANCE_CASES)
