import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cookie from '@fastify/cookie'
import { pluginsApp } from './helpers.ts'

describe('@fastify/cookie', () => {
  it('on the app: module views read plain and signed cookies', async () => {
    const app = await pluginsApp(['pages'], async (a) => {
      await a.register(cookie, { secret: 'a secret long enough for signing' })
    })
    const signed = app.signCookie('alice')
    const res = await app.inject({ url: '/pages/cookies', cookies: { theme: 'dark', who: signed } })
    assert.deepEqual(res.json(), { theme: 'dark', signed: 'alice' })
    const forged = await app.inject({ url: '/pages/cookies', cookies: { who: 'alice.forged' } })
    assert.equal(forged.json().signed, null)
    await app.close()
  })
})
