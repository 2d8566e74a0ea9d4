// The README is the package's page on npmjs.com, where a relative link leads nowhere: every
// link is absolute, and every link into the repository names a file or folder that exists.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'))
/** 'fastify-microservices/fastify-microservices', from package.json's repository. */
const slug = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(manifest.repository.url)?.[1]

const links = [...readme.replace(/```[\s\S]*?```/g, '').matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map(
  (match) => match[1] as string,
)
/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as '-'. */
const anchors = new Set(
  [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
    (m[1] as string)
      .toLowerCase()
      .replace(/[^\w\- ]/g, '')
      .replaceAll(' ', '-'),
  ),
)

describe('README links work on the npm page', () => {
  it('package.json names a GitHub repository, homepage and bug tracker', () => {
    assert.ok(slug, manifest.repository.url)
    assert.equal(manifest.homepage, `https://github.com/${slug}#readme`)
    assert.equal(manifest.bugs.url, `https://github.com/${slug}/issues`)
  })

  it('has links to check', () => assert.ok(links.length >= 5, links.join(', ')))

  it('holds no relative link', () => {
    assert.deepEqual(
      links.filter((link) => !/^(?:https?:\/\/|#|mailto:)/.test(link)),
      [],
    )
  })

  it('links into the repository only to what exists in it', () => {
    const prefixes = [
      `https://github.com/${slug}/blob/main/`,
      `https://github.com/${slug}/tree/main/`,
      `https://raw.githubusercontent.com/${slug}/main/`,
    ]
    const missing = links.flatMap((link) => {
      const prefix = prefixes.find((p) => link.startsWith(p))
      if (prefix === undefined) return []
      const path = decodeURIComponent(link.slice(prefix.length).split('#')[0] as string)
      return existsSync(join(REPO, path)) ? [] : [link]
    })
    assert.deepEqual(missing, [])
  })

  it('links to its own headings only where they exist', () => {
    assert.deepEqual(
      links.filter((link) => link.startsWith('#') && !anchors.has(link.slice(1))),
      [],
    )
  })
})
