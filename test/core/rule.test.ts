import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidURLRule } from '../../src/index.ts'
import { parseRule } from '../../src/urls/rule.ts'

describe('parseRule', () => {
  const parsed: [string, unknown[]][] = [
    ['/', ['/']],
    ['/admin/', ['/admin/']],
    ['/board/<board_id>', ['/board/', { name: 'board_id', converter: 'default' }]],
    [
      '/t/<int:id>/<slug>',
      ['/t/', { name: 'id', converter: 'int' }, '/', { name: 'slug', converter: 'default' }],
    ],
    ['/f/<path:p>', ['/f/', { name: 'p', converter: 'path' }]],
    [
      '/s/<any(new, top):order>',
      ['/s/', { name: 'order', converter: 'any', positional: ['new', 'top'] }],
    ],
    [
      '/n/<int(min=1, max=9, signed=True):n>',
      ['/n/', { name: 'n', converter: 'int', named: { min: 1, max: 9, signed: true } }],
    ],
    [
      '/q/<string(length=2):c>.<any(\'a b\', "c"):x>',
      [
        '/q/',
        { name: 'c', converter: 'string', named: { length: 2 } },
        '.',
        { name: 'x', converter: 'any', positional: ['a b', 'c'] },
      ],
    ],
  ]
  for (const [rule, expected] of parsed) {
    it(`parses ${rule}`, () => {
      const { parts } = parseRule(rule)
      assert.equal(parts.length, expected.length)
      parts.forEach((part, i) => {
        const want = expected[i] as string | Record<string, unknown>
        if (typeof want === 'string') {
          assert.equal(part, want)
          return
        }
        assert.ok(typeof part === 'object')
        assert.equal(part.name, want.name)
        assert.equal(part.converter, want.converter)
        if (want.positional) assert.deepEqual(part.args.positional, want.positional)
        if (want.named) assert.deepEqual(part.args.named, want.named)
      })
    })
  }

  const refused: [unknown, RegExp][] = [
    ['', /non-empty string/],
    [null, /non-empty string/],
    ['x/', /starts with '\/'/],
    ['/a/<id', /never closed.*\n.*\n\s+\^ \(position 3\)/],
    ['/a/id>', /'>' without a matching '<'/],
    ['/a/<1x>', /not a variable name/],
    ['/a/<int:>', /not a variable name/],
    ['/a/<x>/<x>', /appears twice/],
    ['/a/<in t:x>', /not a converter name/],
    ['/a/<int(min=1:x>', /not closed by '\)'/],
    ['/a?x=1', /no query string/],
    ['/files*', /'\*' is not allowed.*\n.*\n\s+\^ \(position 6\)/],
    ['/a/<int(=1):x>', /cannot read the converter arguments/],
  ]
  for (const [rule, message] of refused) {
    it(`refuses ${JSON.stringify(rule)} with its position`, () => {
      assert.throws(
        () => parseRule(rule),
        (error: Error & { code: string }) => {
          assert.ok(error instanceof InvalidURLRule)
          assert.match(error.message, message)
          return true
        },
      )
    })
  }
})
