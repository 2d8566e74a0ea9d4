import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../fixtures/templates-by-name/', import.meta.url))

/**
 * A process of its own (this test file's imports load nunjucks): an app with a module
 * that has templates answers JSON, then renders a page; nunjucks is in the CommonJS
 * module cache only after the render.
 */
const SCRIPT = `
import { createRequire } from 'node:module'
import { MicroServicesApp } from ${JSON.stringify(INDEX)}
const cache = createRequire(import.meta.url).cache
const loaded = () => Object.keys(cache).some((file) => /[\\\\/]node_modules[\\\\/]nunjucks[\\\\/]/.test(file))
const app = MicroServicesApp({ root: ${JSON.stringify(ROOT)}, modulesEnv: false, routeTypes: false })
await app.registerUrls(['pages'])
app.get('/json', () => ({ ok: true }))
await app.ready()
const json = await app.inject('/json')
const afterJson = loaded()
const page = await app.inject('/page?name=page.html')
console.log(JSON.stringify({ json: json.statusCode, afterJson, page: page.statusCode, afterPage: loaded() }))
await app.close()
`

describe('nunjucks is imported on the first render, not before', () => {
  it('an app serving JSON never loads it; the first page does', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      timeout: 60_000,
    })
    assert.deepEqual(JSON.parse(stdout), {
      json: 200,
      afterJson: false,
      page: 200,
      afterPage: true,
    })
  })
})
