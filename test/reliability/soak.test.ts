import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatReport, soak, soakProblems } from '../../scripts/stress/soak.ts'
import { STRESS } from './mode.ts'

describe('soak, bounded for CI (the 60 s run is `npm run test:stress`)', () => {
  it('mixed templates, static files, params and bodies from another process: nothing fails, memory holds, exit is clean', {
    skip: STRESS && 'scripts/stress.ts runs the full-length soak itself',
  }, async (t) => {
    const report = await soak({ seconds: 4, warmupSeconds: 2, connections: 8, samples: 1 })
    t.diagnostic(formatReport(report))
    assert.ok(report.requests > 1000, `${report.requests} requests`)
    assert.deepEqual(soakProblems(report, { rssGrowthMb: 96 }), [])
  })
})
