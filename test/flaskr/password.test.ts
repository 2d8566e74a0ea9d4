// flaskr hashes passwords as Werkzeug does: werkzeug tests/test_security.py's password cases,
// and hashes made by Werkzeug itself (3.1.8, `generate_password_hash('flaskr', method)`).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  checkPasswordHash,
  generatePasswordHash,
} from '../../examples/flaskr/modules/auth/password.ts'

const ORIGIN = 'werkzeug tests/test_security.py'

describe(ORIGIN, () => {
  it(`${ORIGIN}::test_default_password_method`, async () => {
    const value = await generatePasswordHash('secret')
    assert.ok(value.startsWith('scrypt:'))
  })

  it(`${ORIGIN}::test_scrypt`, async () => {
    const value = await generatePasswordHash('secret', 'scrypt')
    assert.ok(await checkPasswordHash(value, 'secret'))
    assert.ok(value.startsWith('scrypt:32768:8:1$'))
  })

  it(`${ORIGIN}::test_pbkdf2`, async () => {
    const value = await generatePasswordHash('secret', 'pbkdf2')
    assert.ok(await checkPasswordHash(value, 'secret'))
    assert.ok(value.startsWith('pbkdf2:sha256:1000000$'))
  })

  it(`${ORIGIN}::test_salted_hashes`, async () => {
    const hash1 = await generatePasswordHash('secret')
    const hash2 = await generatePasswordHash('secret')
    assert.notEqual(hash1, hash2)
    assert.ok(await checkPasswordHash(hash1, 'secret'))
    assert.ok(await checkPasswordHash(hash2, 'secret'))
  })

  it(`${ORIGIN}::test_require_salt`, async () => {
    await assert.rejects(generatePasswordHash('secret', 'scrypt', 0))
  })

  it(`${ORIGIN}::test_invalid_method`, async () => {
    await assert.rejects(generatePasswordHash('secret', 'sha256'), /Invalid hash method/)
  })
})

describe('hashes made by Werkzeug 3.1.8', () => {
  const MADE_BY_WERKZEUG = [
    'scrypt:32768:8:1$GnSGHhKDCKlTisWl$6f5d4c72e776843b1c5490bec0bb5069bbb0f71ad179cd37302c20895884be89ef6acaefd3312facc93d5133a633f86b2ad45bcfc6505d6b904339b901155c61',
    'pbkdf2:sha256:1000000$1awaFMaewlr0TlR7$51005ac6dd231ece52dc7f9fa8171297df6ff4755d6a66d858e0910030f9bdce',
    'pbkdf2:sha512:1000$0LnolJqm2CCAKNcx$70457ee8ce8e5ae25bc2d815b2ee4fd5b02a8f1bf7666c261635e68e5811fd90d18aaf34ad32b92cb54c9e7dff6cb595b5414748138e7ede480811f1aa6f3d94',
  ]
  for (const pwhash of MADE_BY_WERKZEUG) {
    const method = pwhash.slice(0, pwhash.indexOf('$'))
    it(`${method}: checks the password, refuses another`, async () => {
      assert.equal(await checkPasswordHash(pwhash, 'flaskr'), true)
      assert.equal(await checkPasswordHash(pwhash, 'flask'), false)
    })
  }
})
