import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_PATH_LENGTH, safePath } from '../../src/static/safe-path.ts'

describe('safePath', () => {
  const accepted: [string, string][] = [
    ['a.txt', 'a.txt'],
    ['css/site.css', 'css/site.css'],
    ['css/site.css?v=3', 'css/site.css'],
    ['site%20v2.css', 'site v2.css'],
    ['%E2%82%AC.txt', '€.txt'],
    ['a%252e%252e/b', 'a%2e%2e/b'],
    ['%252e%252e/x', '%2e%2e/x'],
    ['x..y/z', 'x..y/z'],
    ['a+b@c.txt', 'a+b@c.txt'],
  ]
  for (const [raw, path] of accepted)
    it(`accepts ${raw} as ${path}`, () => assert.deepEqual(safePath(raw), { ok: true, path }))

  const refused: [string, 400 | 403 | 404][] = [
    ['', 404],
    ['?x=1', 404],
    ['/etc/passwd', 404],
    ['..', 404],
    ['../x', 404],
    ['a/../../x', 404],
    ['%2e%2e/x', 404],
    ['%2E%2e/x', 404],
    ['.%2e/x', 404],
    ['%2e./x', 404],
    ['a/./b', 404],
    ['..%2fx', 404],
    ['%2fetc%2fpasswd', 404],
    ['..%5cx', 404],
    ['a\\..\\b', 404],
    ['%5c..%5cx', 404],
    ['a%00.txt', 404],
    ['a//b', 404],
    ['dir/', 404],
    ['C:/windows/win.ini', 404],
    ['c%3a%5cwindows', 404],
    ['..%20/x', 404],
    ['...', 404],
    ['x'.repeat(MAX_PATH_LENGTH + 1), 404],
    ['%zz', 400],
    ['%e0%a4%a', 400],
    ['a%', 400],
    ['%c0%ae%c0%ae/x', 400],
    ['.env', 403],
    ['.git/config', 403],
    ['a/.hidden/b', 403],
    ['%2eenv', 403],
  ]
  for (const [raw, status] of refused)
    it(`refuses ${JSON.stringify(raw.slice(0, 40))} with ${status}`, () => {
      const answer = safePath(raw)
      assert.equal(answer.ok, false)
      if (!answer.ok) assert.equal(answer.status, status)
    })

  it('serves dotfiles only when allowed, and still refuses .. then', () => {
    assert.deepEqual(safePath('.well-known/x', { allowDotfiles: true }), {
      ok: true,
      path: '.well-known/x',
    })
    assert.equal(safePath('../x', { allowDotfiles: true }).ok, false)
    assert.equal(safePath('.%2e/x', { allowDotfiles: true }).ok, false)
  })
})
