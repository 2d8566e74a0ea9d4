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
    // About 40,000 on a quiet machine; a few hundred when 2 cores are shared by many jobs.
    // The soak's point is what follows: no failure, memory that holds, a clean exit.
    assert.ok(report.requests > 100, `${report.requests} requests`)
    assert.deepEqual(soakProblems(report, { rssGrowthMb: 96 }), [])
  })
})
