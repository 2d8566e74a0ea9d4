export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The median of a[i] / b[i]: each pair was measured close together, so drift cancels. */
export const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  median(a.map((value, i) => value / (b[i] as number)))

/** (max - min) / median, as a percentage: how noisy a row's rounds were. */
export function spread(values: readonly number[]): string {
  if (values.length < 2) return '-'
  return `${(((Math.max(...values) - Math.min(...values)) / median(values)) * 100).toFixed(0)}%`
}
