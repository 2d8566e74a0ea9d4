// docs/from-flask.md quotes its TypeScript, HTML and JSON from files that run: each such
// block follows a `<!-- from: <file> -->` line, and its lines must be in that file, in order
// and together (indentation and blank lines aside).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const GUIDE = 'docs/from-flask.md'
const guide = readFileSync(`${REPO}${GUIDE}`, 'utf8')

/** The lines that say something, without their indentation. */
const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')

/** True when `part` is a run of consecutive lines of `whole`. */
function quotes(whole: readonly string[], part: readonly string[]): boolean {
  for (let start = 0; start + part.length <= whole.length; start++) {
    if (part.every((line, i) => whole[start + i] === line)) return true
  }
  return false
}

const BLOCK = /(?:<!-- from: (\S+) -->\n)?```(\w+)\n([\s\S]*?)\n```/g
const CHECKED = new Set(['ts', 'html', 'json'])
const blocks = [...guide.matchAll(BLOCK)].map((match) => ({
  from: match[1],
  language: match[2] as string,
  code: match[3] as string,
  line: guide.slice(0, match.index).split('\n').length + (match[1] === undefined ? 1 : 2),
}))

describe(`${GUIDE}: every snippet is quoted from a tested file`, () => {
  it('has snippets to check', () => {
    assert.ok(blocks.filter((block) => CHECKED.has(block.language)).length >= 20)
  })

  for (const block of blocks.filter((b) => CHECKED.has(b.language))) {
    it(`${GUIDE}:${block.line} (${block.language}) is in ${block.from ?? '?'}`, () => {
      assert.ok(block.from !== undefined, `the block at line ${block.line} names no file`)
      const source = readFileSync(`${REPO}${block.from}`, 'utf8')
      assert.ok(
        quotes(lines(source), lines(block.code)),
        `${GUIDE}:${block.line} is not in ${block.from}:\n${block.code}`,
      )
    })
  }
})
