export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** a[i] / b[i], round by round: each pair was measured close together, so drift cancels. */
export const pairedRatios = (a: readonly number[], b: readonly number[]): number[] =>
  a.map((value, i) => value / (b[i] as number))

/** The median of a[i] / b[i]. */
export const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  median(pairedRatios(a, b))

/** The first and third quartiles (the middle half of the values lies between them). */
export function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number): number => {
    const position = (sorted.length - 1) * q
    const low = Math.floor(position)
    const high = Math.ceil(position)
    return (
      (sorted[low] as number) +
      ((sorted[high] as number) - (sorted[low] as number)) * (position - low)
    )
  }
  return sorted.length === 0 ? [Number.NaN, Number.NaN] : [at(0.25), at(0.75)]
}

/** (max - min) / median, as a percentage: how noisy a row's rounds were. */
export function spread(values: readonly number[]): string {
  if (values.length < 2) return '-'
  return `${(((Math.max(...values) - Math.min(...values)) / median(values)) * 100).toFixed(0)}%`
}
