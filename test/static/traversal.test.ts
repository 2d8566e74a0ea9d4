import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { rawGet } from '../helpers.ts'
import { SENTINEL, staticApp } from './tree.ts'

const up = 'secret.txt'
const crafted: string[] = [
  `/static/../${up}`,
  `/static/../../${up}`,
  `/static/%2e%2e/${up}`,
  `/static/%2e%2E/${up}`,
  `/static/%2E%2E/${up}`,
  `/static/.%2e/${up}`,
  `/static/%2e./${up}`,
  `/static/%252e%252e/${up}`,
  `/static/%252e%252e%252f${up}`,
  `/static/..%2f${up}`,
  `/static/..%2F${up}`,
  `/static/%2e%2e%2f${up}`,
  `/static/..%5c${up}`,
  `/static/..%5C${up}`,
  `/static/%5c..%5c${up}`,
  `/static/\\..\\${up}`,
  `/static/..\\${up}`,
  `/static/css/..\\..\\${up}`,
  `/static/a.txt/../../${up}`,
  `/static/css/../../${up}`,
  `/static/css/%2e%2e/%2e%2e/${up}`,
  `/static/..%00/${up}`,
  '/static/%00',
  '/static/a.txt%00',
  '/static/a.txt%00.png',
  '/static//etc/passwd',
  `/static//${up}`,
  '/static/%2fetc%2fpasswd',
  `/static/%2F..%2F${up}`,
  '/static/.env',
  '/static/.git/config',
  '/static/%2egit/config',
  '/static/.git%2fconfig',
  `/static/${'a/'.repeat(700)}x`,
  `/static/${'..%2f'.repeat(60)}${up}`,
  '/static/%zz',
  '/static/%e0%a4%a',
  '/static/%',
  `/static/%c0%ae%c0%ae/${up}`,
  `/static/%ef%bc%8e%ef%bc%8e/${up}`,
  `/static/..%c0%af${up}`,
  `/static/C:/${up}`,
  `/static/c:%5c${up}`,
  `/static/..%20/${up}`,
  `/static/...../${up}`,
  `/static/..;/${up}`,
  '/static/link-outside.txt',
  `/static/link-dir-outside/${up}`,
  `/static_home/../${up}`,
  '/static_home/%252e%252e/static/a.txt',
  `/static_home/%2e%2e/%2e%2e/${up}`,
  '/static_home/.env',
  '/static/a.txt/',
  '/static/css/',
  `/static/?${up}`,
  `/static%2f..%2f${up}`,
]

describe('traversal: nothing outside the static folders is ever served', () => {
  let s: Awaited<ReturnType<typeof staticApp>>
  let port: number
  before(async () => {
    s = await staticApp()
    await s.app.listen({ host: '127.0.0.1', port: 0 })
    port = (s.app.server.address() as AddressInfo).port
  })
  after(() => s.close())

  it('has a sentinel next to the folders, so the table means something', async () => {
    const text = await readFile(join(s.tree.root, up), 'utf8')
    assert.match(text, new RegExp(SENTINEL))
    assert.ok(crafted.length >= 40)
  })

  for (const path of crafted)
    it(`refuses ${path.length > 70 ? `${path.slice(0, 70)}...` : path}`, async () => {
      const answers = [
        ['raw socket', await rawGet(port, path)],
        ['inject', await s.app.inject(path).then((r) => ({ status: r.statusCode, body: r.body }))],
      ] as const
      for (const [how, { status, body }] of answers) {
        assert.ok([400, 403, 404].includes(status), `${how}: ${status}`)
        assert.ok(!body.includes(SENTINEL), `${how}: the sentinel leaked`)
        assert.ok(!body.includes('SECRET='), `${how}: a dotfile leaked`)
        assert.doesNotMatch(body, /at .*\.ts:\d+/, `${how}: a stack trace leaked`)
      }
    })
})
