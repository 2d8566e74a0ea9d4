/** A value as messages quote it: JSON where it can be, BigInt included. */
export const show = (value: unknown): string => {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ??
      String(value)
    )
  } catch {
    return String(value)
  }
}
