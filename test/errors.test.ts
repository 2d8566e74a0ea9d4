import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { errorCodes } from '../src/errors.ts'
import * as lib from '../src/index.ts'

describe('error registry', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
    const missing = errorCodes.filter((code) => !doc.includes(`\`${code}\``))
    assert.deepEqual(missing, [], 'codes missing from docs/errors.md')
  })

  it('has unique codes', () => {
    assert.equal(new Set(errorCodes).size, errorCodes.length)
  })

  it('errors are catchable by class and by code, and carry their class name', () => {
    const err = new lib.InvalidModulePath('/app/modules')
    assert.ok(err instanceof lib.InvalidModulePath)
    assert.ok(err instanceof Error)
    assert.equal(err instanceof lib.BuildError, false)
    assert.equal(err.code, 'FMS_ERR_MODULE_INVALID_PATH')
    assert.equal(lib.InvalidModulePath.code, err.code)
    assert.equal(err.name, 'InvalidModulePath')
    assert.match(err.message, /\/app\/modules/)
  })

  it('keeps the cause of a module that failed to load', () => {
    const cause = new SyntaxError('Unexpected token')
    const err = new lib.ModuleLoadError('forum', '/app/modules/forum/index.ts', cause)
    assert.equal(err.cause, cause)
    assert.match(err.message, /forum.*Unexpected token/)
  })
})
