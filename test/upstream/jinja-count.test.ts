import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { caseName } from './jinja-cases.ts'
import { JINJA_TABLES } from './jinja-tables.ts'

/** docs/jinja.md's and the README's figure, computed from the tables so it cannot drift. */
const rows = Object.entries(JINJA_TABLES).flatMap(([file, cases]) =>
  cases.map((row) => ({ name: caseName(file, row.origin), differs: row.differs })),
)
const passing = rows.filter((row) => row.differs === undefined).length
const figure = `Jinja compatibility: ${passing} of ${rows.length} cases`
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

it(`docs/jinja.md and the README state "${figure}"`, () => {
  assert.ok(read('docs/jinja.md').includes(figure), `docs/jinja.md lacks "${figure}"`)
  assert.ok(read('README.md').includes(figure), `README.md lacks "${figure}"`)
})

it('docs/jinja.md lists every case that differs, with its reason and where in nunjucks', () => {
  const doc = read('docs/jinja.md')
  for (const row of rows.filter((r) => r.differs !== undefined)) {
    const line = doc.split('\n').find((l) => l.includes(`\`${row.name}\``))
    assert.ok(line, `docs/jinja.md does not list ${row.name}`)
    assert.ok(
      line.includes(row.differs?.where as string),
      `${row.name}: where (${row.differs?.where})`,
    )
  }
})

it('case names are unique', () => {
  assert.equal(new Set(rows.map((row) => row.name)).size, rows.length)
})
