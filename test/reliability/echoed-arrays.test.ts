// A view that echoes request data must not let the visitor choose its status and headers:
// `[body, 302, { location, 'set-cookie' }]` posted as JSON to a view returning
// `request.body` was sent as a redirect that set a cookie, and `[label, 200]` built from
// the query was served as HTML. An array is JSON, as Flask sends a list; only
// `response(body, status, headers)` sets a status or headers.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { type MicroServicesInstance, response, url } from '../../src/index.ts'
import { freshBlueprints, routingApp } from '../fixtures/routing/app.ts'

describe('an array a view echoes from the request is JSON, over a real socket', () => {
  let app: MicroServicesInstance
  let base: string
  before(async () => {
    const { a } = await freshBlueprints()
    a.errorHandler((error) => JSON.parse(error.message))
    app = await routingApp({
      a: [
        url('/echo', (request: FastifyRequest) => request.body, {
          name: 'echo',
          methods: ['POST'],
        }),
        url(
          '/label',
          (request: FastifyRequest) => [(request.query as { q: string }).q, 200],
          'label',
        ),
        url(
          '/fail',
          (request: FastifyRequest) => {
            throw new Error(String((request.query as { q: string }).q))
          },
          'fail',
        ),
        url('/made', () => response('gone', 410, { 'x-made': 'yes' }), 'made'),
        url('/made-json', () => response(['x', 302], 201), 'made_json'),
      ],
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  })
  after(() => app.close())

  it('a posted [body, 302, headers] sets no cookie and no Location', async () => {
    const attack = ['x', 302, { 'set-cookie': 'session=evil', location: '//evil.example/' }]
    const answer = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(attack),
      redirect: 'manual',
    })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('location'), null)
    assert.equal(answer.headers.get('set-cookie'), null)
    assert.match(String(answer.headers.get('content-type')), /^application\/json/)
    assert.deepEqual(await answer.json(), attack)
  })

  it('[label, 200] from the query is JSON, not HTML', async () => {
    const answer = await fetch(`${base}/label?q=${encodeURIComponent('<script>alert(1)</script>')}`)
    assert.equal(answer.status, 200)
    assert.match(String(answer.headers.get('content-type')), /^application\/json/)
    assert.deepEqual(await answer.json(), ['<script>alert(1)</script>', 200])
  })

  it("an error handler's array built from request data is JSON too", async () => {
    const q = JSON.stringify(['x', 302, { location: '//evil.example/' }])
    const answer = await fetch(`${base}/fail?q=${encodeURIComponent(q)}`, { redirect: 'manual' })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('location'), null)
    assert.deepEqual(await answer.json(), JSON.parse(q))
  })

  it('response(body, status, headers) sets them; its body is answered as any other', async () => {
    const made = await fetch(`${base}/made`)
    assert.equal(made.status, 410)
    assert.equal(made.headers.get('x-made'), 'yes')
    assert.match(String(made.headers.get('content-type')), /^text\/html/)
    assert.equal(await made.text(), 'gone')
    const json = await fetch(`${base}/made-json`)
    assert.equal(json.status, 201)
    assert.deepEqual(await json.json(), ['x', 302])
  })
})
