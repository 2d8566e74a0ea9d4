import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROUTES_FILE, routeTypes, writeRouteTypes } from '../../src/urls/routes-file.ts'
import { appFor, fixture } from '../helpers.ts'

describe('the generated routes file', () => {
  it('is current for the fixture the type tests compile against', async () => {
    const app = await appFor('original')
    const committed = readFileSync(join(fixture('original'), ROUTES_FILE), 'utf8')
    assert.equal(committed, routeTypes(app.urlMap.rules), 'run the app once to regenerate it')
    await app.close()
  })

  it('is written by start-up when asked, and only when it changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routes-'))
    try {
      const rules = [{ endpoint: 'a.home', rule: "/<any('x', y):k>" }]
      assert.equal(writeRouteTypes(dir, rules), true)
      assert.equal(writeRouteTypes(dir, rules), false)
      const text = readFileSync(join(dir, ROUTES_FILE), 'utf8')
      assert.match(text, /'a.home': '\/<any\(\\'x\\', y\):k>'/)
    } finally {
      rmSync(dir, { recursive: true })
    }
  })
})
