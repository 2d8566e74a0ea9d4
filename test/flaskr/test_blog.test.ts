// Flask's examples/tutorial/tests/test_blog.py, over app.inject.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useFixtures } from './conftest.ts'

const ORIGIN = 'flask examples/tutorial/tests/test_blog.py'

describe(ORIGIN, () => {
  const f = useFixtures()

  it(`${ORIGIN}::test_index`, async () => {
    let response = await f.client.get('/')
    assert.ok(response.body.includes('Log In'))
    assert.ok(response.body.includes('Register'))

    await f.auth.login()
    response = await f.client.get('/')
    assert.ok(response.body.includes('test title'))
    assert.ok(response.body.includes('by test on 2018-01-01'))
    assert.ok(response.body.includes('test\nbody'))
    assert.ok(response.body.includes('href="/1/update"'))
  })

  for (const path of ['/create', '/1/update', '/1/delete']) {
    it(`${ORIGIN}::test_login_required[${path}]`, async () => {
      const response = await f.client.post(path)
      assert.equal(response.headers.location, '/auth/login')
    })
  }

  it(`${ORIGIN}::test_author_required`, async () => {
    // change the post author to another user
    f.app.getDb().prepare('UPDATE post SET author_id = 2 WHERE id = 1').run()

    await f.auth.login()
    // current user can't modify other user's post
    assert.equal((await f.client.post('/1/update')).statusCode, 403)
    assert.equal((await f.client.post('/1/delete')).statusCode, 403)
    // current user doesn't see edit link
    assert.ok(!(await f.client.get('/')).body.includes('href="/1/update"'))
  })

  for (const path of ['/2/update', '/2/delete']) {
    it(`${ORIGIN}::test_exists_required[${path}]`, async () => {
      await f.auth.login()
      assert.equal((await f.client.post(path)).statusCode, 404)
    })
  }

  it(`${ORIGIN}::test_create`, async () => {
    await f.auth.login()
    assert.equal((await f.client.get('/create')).statusCode, 200)
    await f.client.post('/create', { title: 'created', body: '' })

    const count = f.app.getDb().prepare('SELECT COUNT(id) AS count FROM post').get()
    assert.equal(count?.count, 2)
  })

  it(`${ORIGIN}::test_update`, async () => {
    await f.auth.login()
    assert.equal((await f.client.get('/1/update')).statusCode, 200)
    await f.client.post('/1/update', { title: 'updated', body: '' })

    const post = f.app.getDb().prepare('SELECT * FROM post WHERE id = 1').get()
    assert.equal(post?.title, 'updated')
  })

  for (const path of ['/create', '/1/update']) {
    it(`${ORIGIN}::test_create_update_validate[${path}]`, async () => {
      await f.auth.login()
      const response = await f.client.post(path, { title: '', body: '' })
      assert.ok(response.body.includes('Title is required.'), response.body)
    })
  }

  it(`${ORIGIN}::test_delete`, async () => {
    await f.auth.login()
    const response = await f.client.post('/1/delete')
    assert.equal(response.headers.location, '/')

    const post = f.app.getDb().prepare('SELECT * FROM post WHERE id = 1').get()
    assert.equal(post, undefined)
  })
})
