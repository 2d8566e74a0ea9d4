/** The value at fraction `q` of the sorted values, interpolated between neighbours (NaN if none). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const low = sorted[Math.floor(position)] as number
  const high = sorted[Math.ceil(position)] as number
  return low + (high - low) * (position - Math.floor(position))
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

/** a[i] / b[i], round by round: each pair was measured close together, so drift cancels. */
export const pairedRatios = (a: readonly number[], b: readonly number[]): number[] =>
  a.map((value, i) => value / (b[i] as number))

/** The median of a[i] / b[i]. */
export const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  median(pairedRatios(a, b))

/** The first and third quartiles (the middle half of the values lies between them). */
export const quartiles = (values: readonly number[]): [number, number] => [
  quantile(values, 0.25),
  quantile(values, 0.75),
]

/** (max - min) / median, as a percentage: how noisy a row's rounds were. */
export function spread(values: readonly number[]): string {
  if (values.length < 2) return '-'
  return `${(((Math.max(...values) - Math.min(...values)) / median(values)) * 100).toFixed(0)}%`
}
