import assert from 'node:assert/strict'
import { join, sep } from 'node:path'
import { describe, it } from 'node:test'
import { UnsafeTemplateName } from '../../src/errors.ts'
import { isInside } from '../../src/paths.ts'
import { parseTemplateName } from '../../src/templates/names.ts'

describe('parseTemplateName', () => {
  const accepted: [name: string, parent: string | undefined, expected: object][] = [
    ['main.html', undefined, { module: undefined, relative: false, path: 'main.html' }],
    ['admin/base.html', undefined, { module: undefined, relative: false, path: 'admin/base.html' }],
    ['a//b/./c.html', undefined, { module: undefined, relative: false, path: 'a/b/c.html' }],
    ['forum:board.html', undefined, { module: 'forum', relative: false, path: 'board.html' }],
    ['my-mod_2:x/y.html', undefined, { module: 'my-mod_2', relative: false, path: 'x/y.html' }],
    [':home.html', undefined, { module: null, relative: false, path: 'home.html' }],
    [
      './nav.html',
      'admin/base.html',
      { module: undefined, relative: true, path: 'admin/nav.html' },
    ],
    ['../nav.html', 'admin/base.html', { module: undefined, relative: true, path: 'nav.html' }],
    ['./nav.html', undefined, { module: undefined, relative: false, path: 'nav.html' }],
    ['50%off.html', undefined, { module: undefined, relative: false, path: '50%off.html' }],
  ]
  for (const [name, parent, expected] of accepted) {
    it(`reads ${JSON.stringify(name)}${parent ? ` from ${parent}` : ''}`, () => {
      assert.deepEqual(parseTemplateName(name, parent), expected)
    })
  }

  const refused: [name: string, parent: string | undefined, problem: RegExp][] = [
    ['../x.html', undefined, /'\.\.'/],
    ['a/../../x.html', undefined, /'\.\.'/],
    ['a/../b.html', undefined, /'\.\.'/],
    ['/etc/passwd', undefined, /absolute/],
    ['forum:/etc/passwd', undefined, /absolute/],
    ['C:/Windows/win.ini', undefined, /absolute/],
    ['..\\x.html', undefined, /backslash/],
    ['C:\\x.html', undefined, /backslash/],
    ['%2e%2e/x.html', undefined, /percent-encoded/],
    ['%2E%2E%2Fx.html', undefined, /percent-encoded/],
    ['..%2fx.html', undefined, /percent-encoded/],
    ['x.html\0.txt', undefined, /NUL/],
    ['forum:../x.html', undefined, /'\.\.'/],
    ['../../x.html', 'admin/base.html', /leaves its templates folder/],
    ['../x.html', 'base.html', /leaves its templates folder/],
    ['', undefined, /no file/],
    ['forum:', undefined, /no file/],
    ['.', undefined, /no file/],
  ]
  for (const [name, parent, problem] of refused) {
    it(`refuses ${JSON.stringify(name)}${parent ? ` from ${parent}` : ''}`, () => {
      assert.throws(
        () => parseTemplateName(name, parent),
        (error: unknown) => {
          assert.ok(error instanceof UnsafeTemplateName)
          assert.equal(error.code, 'FMS_ERR_TEMPLATE_UNSAFE_NAME')
          assert.equal(error.statusCode, 400)
          assert.match(error.message, problem)
          return true
        },
      )
    })
  }
})

describe('isInside', () => {
  const root = join(sep, 'app', 'templates')
  const cases: [file: string, inside: boolean][] = [
    [join(root, 'a.html'), true],
    [join(root, 'admin', 'base.html'), true],
    [join(root, '..fancy.html'), true],
    [root, false],
    [join(sep, 'app', 'templates-evil', 'x.html'), false], // nunjucks' own string-prefix check lets this through
    [join(sep, 'app', 'templatesx'), false],
    [join(sep, 'etc', 'passwd'), false],
  ]
  for (const [file, inside] of cases) {
    it(`${file} is ${inside ? '' : 'not '}inside ${root}`, () => {
      assert.equal(isInside(root, file), inside)
    })
  }
})
