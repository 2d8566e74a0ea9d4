/** The first Node that strips types by default, as package.json's `engines` says. */
export const REQUIRED_NODE = '22.18.0'

/**
 * Whether `version` ('24.1.0', 'v22.18.0') runs .ts files without flags: 22.18 and later
 * 22.x, 23.6 and later, every later major.
 */
export function stripsTypes(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  if (major === 22) return minor >= 18
  if (major === 23) return minor >= 6
  return major > 23
}
