import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { pluginsApp } from './helpers.ts'

describe('@fastify/rate-limit', () => {
  it('registered in one module limits that module only', async () => {
    const app = await pluginsApp(['api', 'pages'])
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await app.inject('/api/items/1')).statusCode)
    assert.deepEqual(statuses, [200, 200, 200, 429])
    const limited = await app.inject('/api/items/2')
    assert.equal(limited.headers['x-ratelimit-limit'], '3')
    for (let i = 0; i < 5; i++) {
      const page = await app.inject('/pages/')
      assert.equal(page.statusCode, 200)
      assert.equal(page.headers['x-ratelimit-limit'], undefined)
    }
    await app.close()
  })
})
