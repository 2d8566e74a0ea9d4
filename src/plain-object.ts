/**
 * Whether `value` is a plain object (`{...}` or `Object.create(null)`): not an array, a
 * class instance, a Map or a Date. What a view's headers and a template's keyword
 * values must be.
 * @example isPlainObject({ page: 2 }) // true
 */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
