/**
 * STRESS=1 (set by `npm run test:stress`) lengthens the bounded runs of `npm test`:
 * property tests try 20 times more cases.
 */
export const STRESS = process.env.STRESS === '1'

/** Number of fast-check runs: `base` in CI, 20 times that under STRESS=1. */
export const runs = (base: number): number => (STRESS ? base * 20 : base)
