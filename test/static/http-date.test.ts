import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseHttpDate } from '../../src/static/conditional.ts'

describe('parseHttpDate', () => {
  // werkzeug tests/test_http.py::test_parse_date, case by case (Werkzeug returns None
  // where we return undefined).
  const werkzeug: [string, number | undefined][] = [
    ['Sun, 06 Nov 1994 08:49:37 GMT    ', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    [' Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['foo', undefined],
    [' Sun 02 Feb 1343 08:49:37 GMT', Date.UTC(1343, 1, 2, 8, 49, 37)],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Thu, 33 Jan 1970 00:00:00 GMT', undefined],
  ]
  for (const [value, expected] of werkzeug)
    it(`werkzeug tests/test_http.py::test_parse_date ${JSON.stringify(value)}`, () => {
      assert.equal(parseHttpDate(value), expected)
    })

  // What Date.parse accepts and an HTTP-date is not: an If-Modified-Since of these is ignored.
  const refused = [
    '2099',
    '2099-01-01',
    '2099-01-01T00:00:00Z',
    '0',
    '',
    'Thu, 01 Jan 2099',
    'Thu, 01 Jan 2099 00:00:00',
    'Thu, 01 Jan 2099 00:00:00 PST',
    'Thu, 01 Foo 2099 00:00:00 GMT',
    'Thu, 29 Feb 2099 00:00:00 GMT',
    'Thu, 01 Jan 2099 24:00:00 GMT',
    'Thu, 01 Jan 2099 00:60:00 GMT',
    'Thu, 01 Jan 2099 00:00:00 GMT, Thu, 01 Jan 1970 00:00:00 GMT',
    'Thu, 01 Jan 99999 00:00:00 GMT',
  ]
  for (const value of refused)
    it(`refuses ${JSON.stringify(value)}`, () => {
      assert.equal(parseHttpDate(value), undefined)
    })

  it('reads a two-digit year as Werkzeug (the email module) does: 69-99 are 19xx', () => {
    assert.equal(parseHttpDate('Monday, 01-Jan-69 00:00:00 GMT'), Date.UTC(1969, 0, 1))
    assert.equal(parseHttpDate('Tuesday, 01-Jan-68 00:00:00 GMT'), Date.UTC(2068, 0, 1))
  })

  it('reads back the Last-Modified it writes', () => {
    const last = new Date(Date.UTC(2026, 10, 30, 9, 58, 1)).toUTCString()
    assert.equal(parseHttpDate(last), Date.UTC(2026, 10, 30, 9, 58, 1))
  })
})
