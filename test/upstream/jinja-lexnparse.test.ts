import { jinjaCases } from './jinja-cases.ts'
import { LEXNPARSE_CASES } from './jinja-lexnparse.cases.ts'

jinjaCases('test_lexnparse.py', LEXNPARSE_CASES)
