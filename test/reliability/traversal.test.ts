import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  MicroServicesApp,
  type MicroServicesInstance,
  UnsafeTemplateName,
} from '../../src/index.ts'
import { rawGet } from '../helpers.ts'
import { reliabilitySite, SENTINEL, type Site } from './site.ts'

// Every way of writing '..' and '/' that some layer might decode into a climb out.
const DOTS = [
  '..',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '%252e%252e',
  '%c0%ae%c0%ae',
  '%e0%80%ae%e0%80%ae',
  '%ef%bc%8e%ef%bc%8e',
  '..%00',
  '..%20',
  '...',
  '%2e%2e%2e',
]
const SLASHES = ['/', '%2f', '%2F', '\\', '%5c', '%5C', '%252f', '%c0%af', '%e0%80%af']
const PREFIXES = ['/static/', '/static_home/']
const TARGETS = ['secret.txt', 'modules/home/index.ts']

function traversals(): string[] {
  const out: string[] = []
  for (const prefix of PREFIXES) {
    for (const dots of DOTS) {
      for (const slash of SLASHES) {
        const target = prefix === '/static/' ? TARGETS[0] : TARGETS[1]
        // static_home serves modules/home/static: three levels up is the root.
        const depth = prefix === '/static/' ? 1 : 3
        out.push(`${prefix}${`${dots}${slash}`.repeat(depth)}${target}`)
      }
    }
  }
  return out
}

const others: string[] = [
  // absolute paths and drive letters
  '/static//etc/passwd',
  '/static/%2fetc%2fpasswd',
  '/static/%2Fetc/passwd',
  '/static/C:/secret.txt',
  '/static/c:%5csecret.txt',
  '/static/%5c%5cserver%5cshare',
  '/static_home//etc/passwd',
  // NUL and controls
  '/static/a.txt%00',
  '/static/a.txt%00.png',
  '/static/%00',
  '/static/css%00/site.css',
  '/static/a.txt%0a',
  '/static/a.txt%0d%0aX-Injected:%201',
  // symbolic links out of the folders
  '/static/link-out.txt',
  '/static/link-dir/secret.txt',
  '/static/link-dir/static/a.txt',
  '/static/etc/passwd',
  '/static/etc/hostname',
  '/static_home/leak.txt',
  '/static/leak.txt',
  // dotfiles
  '/static/.env',
  '/static/%2eenv',
  '/static/.git/config',
  '/static/%2egit/config',
  '/static/.git%2fconfig',
  '/static/.git/',
  '/static/css/../.env',
  // malformed encodings
  '/static/%',
  '/static/%zz',
  '/static/%e0%a4%a',
  '/static/%ff%fe',
  '/static/%uff0e%uff0e/secret.txt',
  // dots inside segments, trailing dots and spaces (Windows)
  '/static/..;/secret.txt',
  '/static/.../secret.txt',
  '/static/..%09/secret.txt',
  '/static/css/..%2f..%2fsecret.txt',
  '/static/a.txt/../../secret.txt',
  '/static/a.txt/..%2f..%2fsecret.txt',
  // very long paths
  `/static/${'a/'.repeat(700)}a.txt`,
  `/static/${'../'.repeat(300)}etc/passwd`,
  `/static/${'%2e%2e%2f'.repeat(200)}secret.txt`,
  `/static/${'x'.repeat(4000)}`,
  `/static_home/${'..%2f'.repeat(500)}secret.txt`,
  // the prefix itself spelled differently
  '/static%2f..%2fsecret.txt',
  '/static/..',
  '/static/.',
  '/static/',
  '/static_home/..',
  '/static_nope/a.txt',
  '/static_home%2f..%2f..%2fsecret.txt',
]

const CORPUS = [...traversals(), ...others]

describe('traversal corpus through the app: nothing outside the static folders is served', () => {
  let site: Site
  let app: MicroServicesInstance
  let port: number
  before(async () => {
    site = await reliabilitySite()
    app = MicroServicesApp({
      root: site.root,
      modulesEnv: false,
      routeTypes: false,
      exposeErrors: false,
    })
    await app.registerUrls(['home'])
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as AddressInfo).port
  })
  after(async () => {
    await app.close()
    await site.cleanup()
  })

  it('serves the files that are inside, so the refusals mean something', async () => {
    assert.ok(CORPUS.length >= 250, `${CORPUS.length} crafted paths`)
    assert.equal((await rawGet(port, '/static/a.txt')).body, 'root static a\n')
    assert.equal((await rawGet(port, '/static/css/site.css')).status, 200)
    assert.equal((await rawGet(port, '/static_home/b.txt')).body, 'home static b\n')
    assert.equal((await rawGet(port, '/static/b.txt')).body, 'home static b\n')
  })

  it(`refuses each of the crafted paths with 400, 403 or 404, over a socket and by inject`, async () => {
    const problems: string[] = []
    for (const path of CORPUS) {
      const socket = await rawGet(port, path)
      const injected = await app.inject(path).then(
        (res) => ({ status: res.statusCode, body: res.body }),
        () => undefined, // inject refuses some URLs itself (new URL): the socket answer stands
      )
      for (const [how, answer] of [
        ['socket', socket],
        ['inject', injected],
      ] as const) {
        if (answer === undefined) continue
        // inject resolves dot segments as a browser would ('/static/..' is fetched as '/'):
        // what it then asks for is no static path, so only the leak checks apply.
        const asked = how === 'inject' ? new URL(path, 'http://x').pathname : path
        const isStatic = asked.startsWith('/static')
        if (isStatic && ![400, 403, 404].includes(answer.status))
          problems.push(`${how} ${path}: ${answer.status}`)
        if (answer.body.includes(SENTINEL)) problems.push(`${how} ${path}: the sentinel leaked`)
        if (/root:.*:0:0:/.test(answer.body)) problems.push(`${how} ${path}: /etc/passwd leaked`)
        if (/\bat .+:\d+:\d+/.test(answer.body)) problems.push(`${how} ${path}: a stack leaked`)
      }
    }
    assert.deepEqual(problems, [])
  })
})

/** Template names a view might be handed from a request. */
const TEMPLATE_NAMES: string[] = [
  '../secret.txt',
  '../../secret.txt',
  '../../../secret.txt',
  'page.html/../../secret.txt',
  './../secret.txt',
  '..\\secret.txt',
  '..\\..\\secret.txt',
  '%2e%2e/secret.txt',
  '%2e%2e%2fsecret.txt',
  '..%2fsecret.txt',
  '%252e%252e/secret.txt',
  '/etc/passwd',
  '//etc/passwd',
  '/secret.txt',
  'C:\\secret.txt',
  'page.html\0',
  'secret.txt\0.html',
  'home:../secret.txt',
  'home:../../../secret.txt',
  ':../secret.txt',
  ':/etc/passwd',
  'home:/etc/passwd',
  'link-out.html',
  ':link-out.html',
  'up/secret.txt',
  'home:up/secret.txt',
  'up/modules/home/index.ts',
  `${'../'.repeat(50)}etc/passwd`,
  `${'a/'.repeat(2000)}../../x.html`,
  '',
  '.',
  '..',
  '/',
  'home:',
]

describe('template names from a request: refused, never rendered from outside', () => {
  let site: Site
  let app: MicroServicesInstance
  before(async () => {
    site = await reliabilitySite()
    app = MicroServicesApp({
      root: site.root,
      modulesEnv: false,
      routeTypes: false,
      exposeErrors: false,
    })
    await app.registerUrls(['home'])
    await app.ready()
  })
  after(async () => {
    await app.close()
    await site.cleanup()
  })

  it('renders a name that is inside', async () => {
    const res = await app.inject('/page?name=page.html')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<p>page at \/page<\/p>/)
  })

  for (const name of TEMPLATE_NAMES) {
    const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}...` : name)
    it(`refuses ${shown}`, async () => {
      const res = await app.inject(`/page?name=${encodeURIComponent(name)}`)
      assert.ok(!res.body.includes(SENTINEL), 'the sentinel leaked')
      assert.doesNotMatch(res.body, /root:.*:0:0:/)
      assert.equal(res.statusCode, 400, res.body)
      // The class, from the render itself: what a 400 says in production is the handler's business.
      await assert.rejects(app.render(name, {}, { module: 'home' }), UnsafeTemplateName)
    })
  }

  it('a safe name that names no template is a bare 500 in production (as Django), nothing shown', async () => {
    for (const name of ['nope:page.html', 'missing.html', `${'a/'.repeat(2000)}x.html`]) {
      const res = await app.inject(`/page?name=${encodeURIComponent(name)}`)
      assert.equal(res.statusCode, 500)
      assert.deepEqual(res.json(), {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
      })
    }
  })

  it("a refusal does not show the server's folders to the client", async () => {
    for (const name of TEMPLATE_NAMES) {
      const res = await app.inject(`/page?name=${encodeURIComponent(name)}`)
      assert.ok(!res.body.includes(site.root), `${JSON.stringify(name)}: ${res.body}`)
    }
  })
})
