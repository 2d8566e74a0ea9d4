// Enabled entries that name npm packages: how they are read, found by Node's resolution
// from the modules folder, and refused with coded errors (the installed round trip is
// test/package/module-package.test.ts).
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { enabledList, readConfig } from '../../src/modules/config.ts'
import { discoverModules, entryName } from '../../src/modules/discover.ts'
import { packageEntry } from '../../src/modules/packages.ts'
import { registrationOf } from '../../src/modules/registration.ts'

describe('package entries', () => {
  const cases: [string, ReturnType<typeof packageEntry>][] = [
    ['@acme/fms-blog', { package: '@acme/fms-blog', name: undefined }],
    ['blog=@acme/fms-blog', { package: '@acme/fms-blog', name: 'blog' }],
    ['blog=fms-blog', { package: 'fms-blog', name: 'blog' }],
    ['blog', undefined], // a module folder
    ['fms-blog', undefined], // an unscoped name is a folder's: blog=fms-blog installs it
    ['@acme/Blog', undefined], // npm names are lower case
    ['../x', undefined],
    ['blog=../x', undefined],
  ]
  for (const [entry, expected] of cases) {
    it(`reads ${JSON.stringify(entry)}`, () => assert.deepEqual(packageEntry(entry), expected))
  }
})

describe('module packages found from the app', () => {
  let root: string
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  const manifest = (name: string, extra: Record<string, unknown>) =>
    `${JSON.stringify({ name, type: 'module', ...extra })}\n`

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'fms-packages-'))
    mkdirSync(join(root, 'modules'))
    write(
      'node_modules/@acme/blog/package.json',
      manifest('@acme/blog', {
        exports: { '.': { types: './index.d.ts', import: './index.js' } },
        'fastify-microservices': { module: 'blog' },
      }),
    )
    write('node_modules/@acme/blog/index.js', 'export const blueprint = 1\n')
    write('node_modules/plain/package.json', manifest('plain', {}))
    write('node_modules/plain/index.js', '')
    write(
      'node_modules/typed/package.json',
      manifest('typed', { main: 'index.ts', 'fastify-microservices': { module: 'typed' } }),
    )
    write('node_modules/typed/index.ts', '')
    write(
      'microservices.json',
      JSON.stringify({
        modules: ['home', { name: 'blog', package: '@acme/blog' }, { package: 'typed' }],
      }),
    )
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('finds a scoped package by Node resolution, with its "import" entry and declared name', () => {
    const [found] = discoverModules(join(root, 'modules'), ['@acme/blog'])
    assert.deepEqual(found, {
      name: 'blog',
      folderName: 'blog',
      dir: join(root, 'node_modules', '@acme', 'blog'),
      entry: join(root, 'node_modules', '@acme', 'blog', 'index.js'),
      registration: { name: '@acme/blog', package: '@acme/blog' },
      parent: undefined,
      package: '@acme/blog',
    })
    assert.equal(entryName(join(root, 'modules'), registrationOf('blog=@acme/blog')), 'blog')
  })

  it('mounts a package under another name and prefix, as a folder module', () => {
    const entry = { package: '@acme/blog', as: 'news', prefix: '/news' }
    const [found] = discoverModules(join(root, 'modules'), [entry])
    assert.equal(found?.name, 'news')
    assert.equal(found?.folderName, 'blog')
    assert.deepEqual(found?.registration, { ...entry, name: '@acme/blog' })
  })

  it('reads { name, package } entries of microservices.json as package entries', () => {
    assert.deepEqual(readConfig(root).modules?.map(registrationOf), [
      { name: 'home' },
      { name: 'blog', package: '@acme/blog' },
      { name: 'typed', package: 'typed' },
    ])
  })

  it('reads a package entry of MODULES and of a list as a package registration', () => {
    const all = { folder: 'modules', list: () => [] }
    const fromEnv = enabledList({ env: { name: 'MODULES', modules: ['@acme/blog'] }, all })
    assert.deepEqual(fromEnv.entries, [{ name: '@acme/blog', package: '@acme/blog' }])
    const given = enabledList({ given: ['blog=@acme/blog'], all })
    assert.deepEqual(given.entries, [{ name: 'blog', package: '@acme/blog' }])
    assert.deepEqual(given.names, ['blog'])
  })

  it('refuses a "package" that is no npm package name', () => {
    assert.throws(
      () => registrationOf({ package: '../x' }),
      (error: Error & { code?: string }) =>
        error.code === 'FMS_ERR_MODULE_INVALID_ENTRY' &&
        /"package" is not an npm package name/.test(error.message),
    )
  })

  const refused: [string, string, RegExp][] = [
    ['@acme/nowhere', 'FMS_ERR_MODULE_PACKAGE_NOT_FOUND', /npm install @acme\/nowhere/],
    ['plain=plain', 'FMS_ERR_MODULE_PACKAGE_INVALID', /not a module package/],
    ['=typed', 'FMS_ERR_MODULE_PACKAGE_INVALID', /is TypeScript, which Node does not strip/],
    [
      'news=@acme/blog',
      'FMS_ERR_MODULE_PACKAGE_INVALID',
      /enabled as 'news' but declares module 'blog'/,
    ],
  ]
  for (const [entry, code, message] of refused) {
    it(`refuses ${entry} with ${code}`, () => {
      assert.throws(
        () => discoverModules(join(root, 'modules'), [entry]),
        (error: Error & { code?: string }) => error.code === code && message.test(error.message),
      )
    })
  }
})
