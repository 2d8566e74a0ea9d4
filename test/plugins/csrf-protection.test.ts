import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import { pluginsApp } from './helpers.ts'

describe('@fastify/csrf-protection', () => {
  it("on the app, checked by a module's hook: a post needs the token its form carries", async () => {
    const app = await pluginsApp(['forms', 'pages'], async (a) => {
      await a.register(cookie)
      await a.register(csrf)
    })
    const page = await app.inject('/forms/')
    assert.equal(page.statusCode, 200)
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    assert.ok(token, page.body)
    assert.match(page.body, /action="\/forms\/submit"/)
    const secret = page.cookies.find((c) => c.name === '_csrf')
    assert.ok(secret)
    const cookies = { _csrf: secret.value }
    const refused = await app.inject({ method: 'POST', url: '/forms/submit', cookies })
    assert.equal(refused.statusCode, 403)
    const accepted = await app.inject({
      method: 'POST',
      url: '/forms/submit',
      cookies,
      headers: { 'csrf-token': token },
    })
    assert.equal(accepted.statusCode, 200)
    assert.deepEqual(accepted.json(), { saved: true })
    await app.close()
  })
})
