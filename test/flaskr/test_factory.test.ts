// Flask's examples/tutorial/tests/test_factory.py.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createApp } from '../../examples/flaskr/app.ts'
import { useFixtures } from './conftest.ts'

const ORIGIN = 'flask examples/tutorial/tests/test_factory.py'

describe(ORIGIN, () => {
  const f = useFixtures()

  it(`${ORIGIN}::test_config`, async () => {
    // Test createApp without passing test config.
    const plain = await createApp()
    const testing = await createApp({ TESTING: true, DATABASE: ':memory:' })
    try {
      assert.equal(plain.config.TESTING, false)
      assert.equal(testing.config.TESTING, true)
    } finally {
      await plain.close()
      await testing.close()
    }
  })

  it(`${ORIGIN}::test_hello`, async () => {
    const response = await f.client.get('/hello')
    assert.equal(response.body, 'Hello, World!')
  })
})
