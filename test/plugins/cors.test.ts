import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cors from '@fastify/cors'
import Fastify from 'fastify'
import { microservices } from '../../src/index.ts'
import { fixture } from '../helpers.ts'
import { pluginsApp } from './helpers.ts'

describe('@fastify/cors', () => {
  it('on the app: every module answers preflights and carries the CORS headers', async () => {
    const app = await pluginsApp(['api', 'pages'], async (a) => {
      await a.register(cors, { origin: 'https://client.example' })
    })
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/items/1',
      headers: { origin: 'https://client.example', 'access-control-request-method': 'GET' },
    })
    assert.equal(preflight.statusCode, 204)
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://client.example')
    const page = await app.inject({ url: '/pages/', headers: { origin: 'https://client.example' } })
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['access-control-allow-origin'], 'https://client.example')
    await app.close()
  })

  it('in one module: that module only', async () => {
    const app = await pluginsApp(['corsmod', 'pages'])
    const origin = { origin: 'https://client.example' }
    const data = await app.inject({ url: '/shared/data', headers: origin })
    assert.equal(data.headers['access-control-allow-origin'], 'https://client.example')
    const page = await app.inject({ url: '/pages/', headers: origin })
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['access-control-allow-origin'], undefined)
    await app.close()
  })

  it('registered before the modules, its OPTIONS * route turns no unknown URL into a 405', async () => {
    const app = await pluginsApp(['api', 'pages'], async (a) => {
      await a.register(cors)
    })
    assert.equal((await app.inject('/nope')).statusCode, 404)
    const slash = await app.inject('/pages')
    assert.equal(slash.statusCode, 308)
    assert.equal(slash.headers.location, '/pages/')
    await app.close()
  })

  // Registered after, cors' `OPTIONS *` route must not enter the 405/308 answers either:
  // they come from the modules' own rules, and wildcard routes are left out.
  it('registered after the modules, the same', async () => {
    const app = Fastify()
    await app.register(microservices, {
      root: fixture('plugins'),
      modules: ['api', 'pages'],
      modulesEnv: false,
      routeTypes: false,
    })
    await app.register(cors)
    assert.equal((await app.inject('/nope')).statusCode, 404)
    const slash = await app.inject('/pages')
    assert.equal(slash.statusCode, 308)
    assert.equal(slash.headers.location, '/pages/')
    await app.close()
  })
})
