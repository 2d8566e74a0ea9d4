import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { pluginsApp } from './helpers.ts'

const documented = () =>
  pluginsApp(['api', 'pages'], async (a) => {
    await a.register(swagger, { openapi: { info: { title: 'plugins', version: '1.0.0' } } })
    await a.register(swaggerUi, { routePrefix: '/docs' })
  })

describe('@fastify/swagger and @fastify/swagger-ui', () => {
  it("document the modules' routes, in OpenAPI's path syntax, and hide the static ones", async () => {
    const app = await documented()
    const spec = (await app.inject('/docs/json')).json()
    const paths = Object.keys(spec.paths)
    assert.ok(paths.includes('/api/items/{id}'), paths.join(' '))
    assert.ok(paths.includes('/api/items/'), paths.join(' '))
    assert.ok(paths.includes('/pages/'), paths.join(' '))
    assert.deepEqual(
      paths.filter((path) => path.startsWith('/static')),
      [],
    )
    const body = spec.paths['/api/items/'].post.requestBody.content['application/json'].schema
    assert.deepEqual(body.required, ['name'])
    const ui = await app.inject('/docs/')
    assert.equal(ui.statusCode, 200)
    assert.match(ui.body, /swagger/i)
    await app.close()
  })

  // Each converter gives its route a params JSON schema (<int> -> integer).
  it('type the params with their converters', async () => {
    const app = await documented()
    const spec = (await app.inject('/docs/json')).json()
    const params = spec.paths['/api/items/{id}'].get.parameters
    const id = params.find((p: { name: string; in: string }) => p.name === 'id' && p.in === 'path')
    assert.equal(id.schema.type, 'integer')
    await app.close()
  })
})
