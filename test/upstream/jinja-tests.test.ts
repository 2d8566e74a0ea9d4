import { jinjaCases } from './jinja-cases.ts'
import { TEST_CASES } from './jinja-tests.cases.ts'

jinjaCases('test_tests.py', TEST_CASES)
