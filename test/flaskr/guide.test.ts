// The snippets of docs/from-flask.md that are not flaskr's own code (flaskr's is tested by
// the translated pytest cases beside this file). docs.test.ts checks that the guide quotes them.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import secureSession from '@fastify/secure-session'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyRequest } from 'fastify'
import { useFixtures } from './conftest.ts'
// flaskr's session keys (SessionData's user_id), as the session snippet sets one
import '../../examples/flaskr/modules/auth/user.ts'

describe('docs/from-flask.md: request.args, request.json, jsonify', () => {
  it('request.query is request.args; an object returned is JSON', async () => {
    const app = Fastify()
    app.get('/search', async (request: FastifyRequest<{ Querystring: { q?: string } }>) => {
      const q = request.query.q ?? '' // request.args.get('q', '')
      return { q } // return jsonify(q=q)
    })
    app.post('/api/posts', async (request: FastifyRequest<{ Body: { title: string } }>) => {
      return { title: request.body.title } // request.json['title']
    })
    const search = await app.inject('/search?q=red+shoes')
    assert.deepEqual(search.json(), { q: 'red shoes' })
    assert.match(String(search.headers['content-type']), /^application\/json/)
    const posted = await app.inject({ method: 'POST', url: '/api/posts', body: { title: 'Hi' } })
    assert.deepEqual(posted.json(), { title: 'Hi' })
    await app.close()
  })
})

describe("docs/from-flask.md: the session cookie's path", () => {
  const key = randomBytes(32)
  for (const [cookie, path] of [
    [{ path: '/' }, 'Path=/'],
    [{}, undefined],
  ] as const) {
    it(`cookie ${JSON.stringify(cookie)}: Set-Cookie says ${path ?? 'no Path (the browser keeps it for /auth/...)'}`, async () => {
      const app = Fastify()
      await app.register(secureSession, { key, cookie })
      app.post('/auth/login', async (request) => {
        request.session.set('user_id', 1) // session['user_id'] = user['id']
        return 'logged in'
      })
      const response = await app.inject({ method: 'POST', url: '/auth/login' })
      const setCookie = String(response.headers['set-cookie'])
      assert.match(setCookie, /^session=/)
      if (path === undefined) assert.doesNotMatch(setCookie, /Path=/i)
      else assert.match(setCookie, /; Path=\/(;|$)/)
      await app.close()
    })
  }
})

/** A request for `/uploads/:name`. */
type Upload = FastifyRequest<{ Params: { name: string } }>

describe('docs/from-flask.md: send_from_directory', () => {
  it('reply.sendFile(name) serves a file of the folder, nothing outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flaskr-guide-'))
    const UPLOAD_FOLDER = join(dir, 'uploads')
    try {
      await writeFile(join(dir, 'secret.txt'), 'secret')
      await writeFile(join(dir, 'uploads.txt'), 'not an upload')
      await mkdir(UPLOAD_FOLDER)
      await writeFile(join(UPLOAD_FOLDER, 'cat.txt'), 'meow')
      const app = Fastify()
      await app.register(fastifyStatic, { root: UPLOAD_FOLDER, serve: false })
      app.get('/uploads/:name', (request: Upload, reply) => {
        return reply.sendFile(request.params.name) // send_from_directory(UPLOAD_FOLDER, name)
      })
      const cat = await app.inject('/uploads/cat.txt')
      assert.equal(cat.statusCode, 200)
      assert.equal(cat.body, 'meow')
      for (const name of ['..%2Fsecret.txt', '..%2F..%2Fsecret.txt', '%2E%2E%2Fsecret.txt']) {
        const response = await app.inject(`/uploads/${name}`)
        assert.notEqual(response.statusCode, 200, name)
        assert.doesNotMatch(response.body, /secret/, name)
      }
      assert.equal((await app.inject('/uploads/missing.txt')).statusCode, 404)
      await app.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('docs/from-flask.md: flaskr', () => {
  const f = useFixtures()

  it('abort(404, message): the status, and the message to the client', async () => {
    await f.auth.login()
    const response = await f.client.get('/2/update')
    assert.equal(response.statusCode, 404)
    assert.ok(response.body.includes("Post id 2 doesn't exist."), response.body)
  })

  it('url_for outside a request: app.urlFor', () => {
    assert.equal(f.app.urlFor('blog.update', { id: 1 }), '/1/update')
    assert.equal(f.app.urlFor('static', { filename: 'style.css' }), '/static/style.css')
  })

  it("url_for('static', filename='style.css') is served from the root static folder", async () => {
    const response = await f.client.get('/static/style.css')
    assert.equal(response.statusCode, 200)
    assert.match(String(response.headers['content-type']), /^text\/css/)
  })
})
