// process.nextTick stays on V8's fast path in a process that has imported the library, however
// many major GCs it goes through (src/next-tick.ts says why it would not).
//
// Node builds each tick as an object literal with computed symbol keys, and V8 keeps the
// inline caches of such a literal either monomorphic or megamorphic, with nothing between;
// megamorphic, every tick is a call into V8's runtime (bench/next-tick-gc.ts: about 6x the
// CPU of a tick). The test reads the caches from V8's own description of the function.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { buildOnce, fixture, NODE, REPO } from '../cli/helpers.ts'

/** The state of each cache that stores a property of nextTick's tick object. */
function tickLiteralStates(variant: 'bare' | 'library'): string[] {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
  // Under coverage (`npm test` sets NODE_V8_COVERAGE, which Node hands to every child that
  // does not set it), Node starts with the tick literal already megamorphic, before any GC:
  // the child runs without coverage, as production does.
  env.NODE_V8_COVERAGE = ''
  const child = spawnSync(
    NODE,
    ['--expose-gc', '--allow-natives-syntax', join(fixture('next-tick'), 'serve.ts'), variant],
    {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
      env,
    },
  )
  assert.equal(child.status, 0, child.stderr)
  const last = child.stdout.trim().split('\n').at(-1) ?? ''
  assert.deepEqual(JSON.parse(last), { requests: 600 })
  return [...child.stdout.matchAll(/slot #\d+ DefineKeyedOwnPropertyInLiteral (\w+)/g)].map(
    (match) => match[1] as string,
  )
}

describe('process.nextTick after major GCs', () => {
  before(buildOnce, { timeout: 180_000 })

  it('bare Fastify: the tick literal goes megamorphic (the Node behaviour the library works around)', () => {
    const states = tickLiteralStates('bare')
    // five keys: async id, trigger id, context frame, callback, args
    assert.equal(states.length, 5, 'V8 no longer describes the tick literal this way')
    assert.ok(
      states.includes('MEGAMORPHIC'),
      `Node keeps the tick literal fast on its own now (${states.join(', ')}): src/next-tick.ts can go`,
    )
  })

  it('Fastify with the library imported: every store of the tick literal stays monomorphic', () => {
    assert.deepEqual(tickLiteralStates('library'), Array(5).fill('MONOMORPHIC'))
  })
})
