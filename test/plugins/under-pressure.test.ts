import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import underPressure from '@fastify/under-pressure'
import { pluginsApp } from './helpers.ts'

describe('@fastify/under-pressure', () => {
  it('on the app: its status route, and 503 on module routes while unhealthy', async () => {
    let healthy = true
    const app = await pluginsApp(['pages'], async (a) => {
      await a.register(underPressure, {
        exposeStatusRoute: '/status',
        healthCheck: async () => healthy,
        healthCheckInterval: 20,
      })
    })
    assert.equal((await app.inject('/status')).statusCode, 200)
    assert.equal((await app.inject('/pages/')).statusCode, 200)
    healthy = false
    let status = 200
    const deadline = Date.now() + 10_000
    while (status !== 503 && Date.now() < deadline) {
      await sleep(25)
      status = (await app.inject('/pages/')).statusCode
    }
    assert.equal(status, 503)
    healthy = true
    while (status !== 200 && Date.now() < deadline + 10_000) {
      await sleep(25)
      status = (await app.inject('/pages/')).statusCode
    }
    assert.equal(status, 200)
    await app.close()
  })
})
