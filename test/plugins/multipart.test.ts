import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { pluginsApp } from './helpers.ts'

const BOUNDARY = '----fms-boundary'
const form = (content: string) =>
  [
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="doc"; filename="notes.txt"',
    'Content-Type: text/plain',
    '',
    content,
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n')

describe('@fastify/multipart', () => {
  it('registered in a module: uploads reach its view, its limits apply', async () => {
    const app = await pluginsApp(['upload', 'pages'])
    const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }
    const ok = await app.inject({
      method: 'POST',
      url: '/upload/',
      headers,
      payload: form('hello'),
    })
    assert.equal(ok.statusCode, 200)
    assert.deepEqual(ok.json(), { field: 'doc', name: 'notes.txt', bytes: 5 })
    const big = await app.inject({
      method: 'POST',
      url: '/upload/',
      headers,
      payload: form('x'.repeat(4096)),
    })
    assert.equal(big.statusCode, 413)
    await app.close()
  })
})
