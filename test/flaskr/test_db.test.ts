// Flask's examples/tutorial/tests/test_db.py.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useFixtures } from './conftest.ts'

const ORIGIN = 'flask examples/tutorial/tests/test_db.py'

describe(ORIGIN, () => {
  const f = useFixtures()

  it(`${ORIGIN}::test_get_close_db`, async () => {
    // Flask's connection lives as long as the app context; here as long as the app.
    const db = f.app.getDb()
    assert.equal(db, f.app.getDb())

    await f.app.close()
    // Python says "Cannot operate on a closed database."; node:sqlite "database is not open".
    assert.throws(() => db.prepare('SELECT 1'), /database is not open/)
  })

  it(`${ORIGIN}::test_init_db_command`, async () => {
    // Flask replaces init_db by a recorder; here the real one runs on the test database,
    // and the rows of data.sql are gone: it was called.
    const output = await f.runner(['init-db'])
    assert.ok(output.includes('Initialized'), output)
    assert.deepEqual({ ...f.app.getDb().prepare('SELECT COUNT(*) AS n FROM post').get() }, { n: 0 })
  })
})
