// request.endpoint and request.blueprint, as Flask's: the matched rule's endpoint and its
// module; undefined where no module rule matched.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

const seen = (request: FastifyRequest) => ({
  endpoint: request.endpoint ?? null,
  blueprint: request.blueprint ?? null,
})

describe('request.endpoint and request.blueprint', () => {
  afterEach(freshBlueprints)

  it('name the rule and module of a module view', async () => {
    const app = await routingApp({
      a: [url('/a/<int:id>', seen, 'item')],
      b: [url('/b/', seen, 'home')],
    })
    try {
      assert.deepEqual((await app.inject('/a/3')).json(), { endpoint: 'a.item', blueprint: 'a' })
      assert.deepEqual((await app.inject('/b/')).json(), { endpoint: 'b.home', blueprint: 'b' })
    } finally {
      await app.close()
    }
  })

  it('are undefined in a 404 no rule matched, and on the app own routes', async () => {
    const app = await routingApp({ a: [url('/a/', seen, 'home')] }, {}, (app) => {
      app.setNotFoundHandler((request, reply) => reply.code(404).send(seen(request)))
      app.get('/own', (request) => seen(request))
    })
    try {
      const missing = await app.inject('/nowhere')
      assert.equal(missing.statusCode, 404)
      assert.deepEqual(missing.json(), { endpoint: null, blueprint: null })
      assert.deepEqual((await app.inject('/own')).json(), { endpoint: null, blueprint: null })
    } finally {
      await app.close()
    }
  })

  it('have no endpoint in the 404 of a value a converter refused', async () => {
    const app = await routingApp({ a: [url('/a/<int:id>', seen, 'item')] }, {}, (app) => {
      app.setNotFoundHandler((request, reply) => reply.code(404).send(seen(request)))
    })
    try {
      const refused = await app.inject('/a/x')
      assert.equal(refused.statusCode, 404)
      assert.equal(refused.json().endpoint, null)
    } finally {
      await app.close()
    }
  })
})
