// Flask's examples/tutorial/tests/test_auth.py, over app.inject.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useFixtures } from './conftest.ts'

const ORIGIN = 'flask examples/tutorial/tests/test_auth.py'

describe(ORIGIN, () => {
  const f = useFixtures()

  it(`${ORIGIN}::test_register`, async () => {
    // test that viewing the page renders without template errors
    assert.equal((await f.client.get('/auth/register')).statusCode, 200)

    // test that successful registration redirects to the login page
    const response = await f.client.post('/auth/register', { username: 'a', password: 'a' })
    assert.equal(response.headers.location, '/auth/login')

    // test that the user was inserted into the database
    assert.notEqual(
      f.app.getDb().prepare("SELECT * FROM user WHERE username = 'a'").get(),
      undefined,
    )
  })

  for (const [username, password, message] of [
    ['', '', 'Username is required.'],
    ['a', '', 'Password is required.'],
    ['test', 'test', 'already registered'],
  ] as const) {
    it(`${ORIGIN}::test_register_validate_input[${username}-${password}-${message}]`, async () => {
      const response = await f.client.post('/auth/register', { username, password })
      assert.ok(response.body.includes(message), response.body)
    })
  }

  it(`${ORIGIN}::test_login`, async () => {
    // test that viewing the page renders without template errors
    assert.equal((await f.client.get('/auth/login')).statusCode, 200)

    // test that successful login redirects to the index page
    const response = await f.auth.login()
    assert.equal(response.headers.location, '/')

    // login request set the user_id in the session
    // check that the user is loaded from the session
    const index = await f.client.get('/')
    assert.equal(f.client.session().user_id, 1)
    // g.user['username'] == 'test': the page shows g.user (a request decoration, gone after it)
    assert.ok(index.body.includes('<li><span>test</span>'), index.body)
  })

  for (const [username, password, message] of [
    ['a', 'test', 'Incorrect username.'],
    ['test', 'a', 'Incorrect password.'],
  ] as const) {
    it(`${ORIGIN}::test_login_validate_input[${username}-${password}-${message}]`, async () => {
      const response = await f.auth.login(username, password)
      assert.ok(response.body.includes(message), response.body)
    })
  }

  it(`${ORIGIN}::test_logout`, async () => {
    await f.auth.login()
    assert.equal(f.client.session().user_id, 1)

    await f.auth.logout()
    assert.equal('user_id' in f.client.session(), false)
  })
})
