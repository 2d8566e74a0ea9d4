import assert from 'node:assert/strict'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { MANIFEST_FILE } from '../../src/cli/collectstatic.ts'
import { MicroServicesApp } from '../../src/index.ts'
import { readManifest } from '../../src/static/hashing.ts'
import { buildOnce, cli, fixture, removeTemp, tempApp } from './helpers.ts'

const APP = fixture('cli-app')
const source = (path: string) => readFileSync(join(APP, path), 'utf8')
/** The files under a folder, '/'-separated. */
const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()

const OVERRIDDEN = [
  "overridden blog/app.css: module 'blog' (modules/blog/static/blog/app.css) wins over root (static/blog/app.css)",
  "overridden shared.css: module 'blog' (modules/blog/static/shared.css) wins over module 'shop' (modules/shop/static/shared.css)",
]

describe('collectstatic', () => {
  const temps: string[] = []
  const target = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fms-collect-'))
    temps.push(dir)
    return join(dir, 'out')
  }
  before(buildOnce)
  after(() => temps.forEach(removeTemp))

  it('merges the static folders as the app serves them, reporting each override', async () => {
    const out = target()
    const run = await cli(['collectstatic', out], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '')
    // Not on a terminal: the report only, no progress line.
    assert.equal(
      run.stdout,
      [...OVERRIDDEN, `Copied 4 files from 3 static folders to ${out} (2 overridden).`, ''].join(
        '\n',
      ),
    )
    assert.deepEqual(listing(out), ['blog/app.css', 'shared.css', 'shop/logo.png', 'site.css'])
    for (const [path, from] of [
      ['blog/app.css', 'modules/blog/static/blog/app.css'],
      ['shared.css', 'modules/blog/static/shared.css'],
      ['shop/logo.png', 'modules/shop/static/shop/logo.png'],
      ['site.css', 'static/site.css'],
    ] as const) {
      assert.equal(readFileSync(join(out, path), 'utf8'), source(from), path)
    }
  })

  // An output folder left writable by others (or a previous deploy) may hold links: a file
  // link (site.css -> a file outside) was overwritten through, and a folder link
  // (blog -> a folder outside) received the copies.
  it('replaces symbolic links in its output folder instead of writing through them', async () => {
    const out = target()
    const outside = join(out, '..', 'outside')
    mkdirSync(join(outside, 'dir'), { recursive: true })
    writeFileSync(join(outside, 'victim.txt'), 'keep me')
    mkdirSync(out, { recursive: true })
    symlinkSync(join(outside, 'victim.txt'), join(out, 'site.css'))
    symlinkSync(join(outside, 'dir'), join(out, 'blog'))
    symlinkSync(join(outside, 'victim.txt'), join(out, MANIFEST_FILE))
    const run = await cli(['collectstatic', out, '--hash'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(readFileSync(join(outside, 'victim.txt'), 'utf8'), 'keep me')
    assert.deepEqual(readdirSync(join(outside, 'dir')), [])
    for (const path of ['site.css', 'blog', MANIFEST_FILE]) {
      assert.equal(lstatSync(join(out, path)).isSymbolicLink(), false, path)
    }
    assert.equal(readFileSync(join(out, 'site.css'), 'utf8'), source('static/site.css'))
    assert.equal(
      readFileSync(join(out, 'blog', 'app.css'), 'utf8'),
      source('modules/blog/static/blog/app.css'),
    )
  })

  it('with --hash, writes hashed copies and a manifest the app reads', async () => {
    const out = target()
    const run = await cli(['collectstatic', out, '--hash'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.match(
      run.stdout,
      new RegExp(`Wrote 4 hashed copies and the manifest ${out}/manifest\\.json\\.\\n$`),
    )
    const manifest = await readManifest(join(out, 'manifest.json'))
    assert.deepEqual(Object.keys(manifest), [
      'blog/app.css',
      'shared.css',
      'shop/logo.png',
      'site.css',
    ])
    for (const [path, hashed] of Object.entries(manifest)) {
      assert.match(hashed, /\.[0-9a-f]{12}\.(css|png)$/)
      assert.equal(readFileSync(join(out, hashed), 'utf8'), readFileSync(join(out, path), 'utf8'))
    }
    // The app, given the manifest, builds URLs with the hashed names.
    const app = MicroServicesApp({
      root: APP,
      modulesEnv: false,
      routeTypes: false,
      static: { manifest: join(out, 'manifest.json') },
    })
    try {
      await app.registerUrls()
      assert.equal(
        app.urlFor('static', { filename: 'site.css' }),
        `/static/${manifest['site.css']}`,
      )
      assert.equal(
        app.urlFor('static', { filename: 'blog/app.css' }),
        `/static/${manifest['blog/app.css']}`,
      )
    } finally {
      await app.close()
    }
  })

  it('with --dry-run, says what it would do and writes nothing', async () => {
    const out = target()
    const run = await cli(['collectstatic', out, '--dry-run', '--clear', '--hash'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(run.stdout.trim().split('\n').slice(2), [
      `Would clear ${out}.`,
      `Would copy 4 files from 3 static folders to ${out} (2 overridden).`,
      `Would write 4 hashed copies and the manifest ${out}/manifest.json.`,
    ])
    assert.equal(existsSync(out), false)
  })

  it('keeps what the target holds, unless --clear', async () => {
    const out = target()
    mkdirSync(join(out, 'old'), { recursive: true })
    writeFileSync(join(out, 'old', 'stale.css'), 'stale')
    assert.equal((await cli(['collectstatic', out], APP)).code, 0)
    assert.equal(existsSync(join(out, 'old', 'stale.css')), true)
    const run = await cli(['collectstatic', out, '--clear'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, new RegExp(`^Cleared ${out}\\.$`, 'm'))
    assert.equal(existsSync(join(out, 'old')), false)
    assert.equal(existsSync(join(out, 'site.css')), true)
  })

  for (const [label, args, cwd, code, message] of [
    [
      'a target inside a static folder',
      ['collectstatic', 'static/out'],
      APP,
      2,
      /FMS_ERR_CLI_STATIC_TARGET/,
    ],
    [
      'a target holding the app',
      ['collectstatic', '..', '--clear'],
      APP,
      2,
      /FMS_ERR_CLI_STATIC_TARGET/,
    ],
    [
      'an unreadable static folder',
      ['collectstatic', join(tmpdir(), 'fms-never-written'), '--modules', 'assets'],
      fixture('cli-broken'),
      1,
      /^error \[FMS_ERR_STATIC_FOLDER_UNREADABLE\] The static folder '.*assets\/static' \(module 'assets'\)/,
    ],
    ['no target', ['collectstatic'], APP, 2, /missing required argument 'dir'/],
  ] as const) {
    it(`exits ${code} on ${label}, touching nothing`, async () => {
      const run = await cli(args, cwd)
      assert.equal(run.code, code)
      assert.equal(run.stdout, '')
      assert.match(run.stderr, message)
      assert.equal(existsSync(join(APP, 'static', 'out')), false)
      assert.equal(existsSync(join(APP, 'static', 'site.css')), true)
    })
  }
})

describe('collectstatic --hash with precompressed siblings, module URLs and private modules', () => {
  let app: string
  let out: string
  before(async () => {
    await buildOnce()
    app = tempApp('cli-app')
    out = join(app, '..', `${relative(join(app, '..'), app)}-out`)
    const css = readFileSync(join(app, 'static', 'site.css'))
    writeFileSync(join(app, 'static', 'site.css.gz'), gzipSync(css))
    writeFileSync(join(app, 'static', 'site.css.br'), 'not really brotli')
    // A module that keeps its files out of the shared chain: never collected.
    mkdirSync(join(app, 'modules', 'vault', 'static', 'vault'), { recursive: true })
    writeFileSync(
      join(app, 'modules', 'vault', 'index.ts'),
      "import { Router } from 'fastify-microservices'\n" +
        "export const blueprint = Router.createBlueprint('vault', import.meta.url, { sharedStatic: false })\n",
    )
    writeFileSync(join(app, 'modules', 'vault', 'static', 'vault', 'keys.txt'), 'private')
  })
  after(() => {
    removeTemp(app)
    removeTemp(out)
  })

  it("keeps each precompressed sibling with its file's hashed name", async () => {
    const run = await cli(['collectstatic', out, '--hash', '--modules', 'blog,shop,vault'], app)
    assert.equal(run.code, 0, run.stderr)
    const manifest = await readManifest(join(out, 'manifest.json'))
    const hashed = manifest['site.css']
    assert.match(hashed ?? '', /^site\.[0-9a-f]{12}\.css$/)
    assert.equal(manifest['site.css.gz'], `${hashed}.gz`)
    assert.equal(manifest['site.css.br'], `${hashed}.br`)
    const files = listing(out)
    assert.ok(files.includes(`${hashed}.gz`), files.join(' '))
    assert.ok(files.includes(`${hashed}.br`), files.join(' '))
    assert.equal(
      files.filter((file) => /\.[0-9a-f]{12}\.gz$/.test(file)).length,
      0,
      files.join(' '),
    )
    assert.ok(
      readFileSync(join(out, `${hashed}.gz`)).equals(
        readFileSync(join(app, 'static', 'site.css.gz')),
      ),
    )
  })

  it('leaves out the files of a module with sharedStatic: false', () => {
    assert.ok(!listing(out).some((file) => file.startsWith('vault/')), listing(out).join(' '))
  })

  it("hashes module URLs from the manifest, and serves them, when the module's file is the one collected", async () => {
    const manifest = await readManifest(join(out, 'manifest.json'))
    const server = MicroServicesApp({
      root: app,
      modulesEnv: false,
      routeTypes: false,
      static: { manifest: join(out, 'manifest.json') },
    })
    try {
      await server.registerUrls(['blog', 'shop'])
      const logo = server.urlFor('shop.static', { filename: 'shop/logo.png' })
      assert.equal(logo, `/static_shop/${manifest['shop/logo.png']}`)
      const res = await server.inject(logo)
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.equal(
        server.urlFor('blog.static', { filename: 'shared.css' }),
        `/static_blog/${manifest['shared.css']}`,
      )
      // shop's shared.css is hidden by blog's: the manifest's hash is of another file.
      assert.equal(
        server.urlFor('shop.static', { filename: 'shared.css' }),
        '/static_shop/shared.css',
      )
    } finally {
      await server.close()
    }
  })
})

describe('findstatic', () => {
  before(buildOnce)

  for (const [path, expected] of [
    [
      'blog/app.css',
      "'blog/app.css' is served from module 'blog': modules/blog/static/blog/app.css\n  it hides root: static/blog/app.css",
    ],
    [
      '/shared.css',
      "'shared.css' is served from module 'blog': modules/blog/static/shared.css\n  it hides module 'shop': modules/shop/static/shared.css",
    ],
    ['site.css', "'site.css' is served from root: static/site.css"],
  ] as const) {
    it(`says which folder serves ${path} and what it hides`, async () => {
      const run = await cli(['findstatic', path], APP)
      assert.equal(run.code, 0, run.stderr)
      assert.equal(run.stdout, `${expected}\n`)
    })
  }

  it('exits 1 when a path is found nowhere (or only as a dotfile), listing the folders searched', async () => {
    const run = await cli(['findstatic', 'site.css', '.hidden'], APP)
    assert.equal(run.code, 1)
    assert.equal(
      run.stdout,
      [
        "'site.css' is served from root: static/site.css",
        "No static folder holds '.hidden'. Looked in, in order:",
        "  module 'blog': modules/blog/static",
        "  module 'shop': modules/shop/static",
        '  root: static',
        '',
      ].join('\n'),
    )
  })

  it('prints JSON with --json, the serving file first', async () => {
    const run = await cli(['findstatic', 'shared.css', '--json'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), [
      {
        path: 'shared.css',
        files: [
          { owner: 'blog', file: join(APP, 'modules/blog/static/shared.css') },
          { owner: 'shop', file: join(APP, 'modules/shop/static/shared.css') },
        ],
      },
    ])
  })

  it('follows --modules: a module left out serves nothing', async () => {
    const run = await cli(['findstatic', 'shared.css', '--modules', 'shop'], APP)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(
      run.stdout,
      "'shared.css' is served from module 'shop': modules/shop/static/shared.css\n",
    )
  })

  for (const path of ['../secret', 'a/../../b', 'a\\b']) {
    it(`refuses the path ${JSON.stringify(path)} (exit 2)`, async () => {
      const run = await cli(['findstatic', path], APP)
      assert.equal(run.code, 2)
      assert.match(run.stderr, /^error \[FMS_ERR_CLI_STATIC_PATH\]/)
    })
  }
})
