import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import helmet from '@fastify/helmet'
import { pluginsApp } from './helpers.ts'

describe('@fastify/helmet', () => {
  it('on the app: its headers on module pages, static files, 308s and 405s', async () => {
    const app = await pluginsApp(['api', 'pages'], async (a) => {
      await a.register(helmet)
    })
    for (const [method, url, status] of [
      ['GET', '/pages/', 200],
      ['GET', '/static/site.css', 200],
      ['GET', '/pages', 308],
      ['DELETE', '/pages/', 405],
    ] as const) {
      const res = await app.inject({ method, url })
      assert.equal(res.statusCode, status, url)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, url)
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url)
    }
    await app.close()
  })
})
