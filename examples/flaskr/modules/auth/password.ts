import { pbkdf2, randomInt, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>
const pbkdf2Async = promisify(pbkdf2)

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

// Werkzeug's defaults: scrypt with n = 2**15, r = 8, p = 1, and a salt of 16 characters.
const N = 2 ** 15
const R = 8
const P = 1

/** Werkzeug's _hash_internal: the hex digest of `method` ('scrypt:n:r:p', 'pbkdf2:sha256:n'). */
async function hashInternal(method: string, salt: string, password: string): Promise<string> {
  const [name, ...args] = method.split(':')
  if (name === 'scrypt') {
    const [n = N, r = R, p = P] = args.map(Number)
    const maxmem = 132 * n * r * p // Werkzeug's maxmem
    return (await scryptAsync(password, salt, 64, { N: n, r, p, maxmem })).toString('hex')
  }
  if (name === 'pbkdf2') {
    const [hash = 'sha256', iterations = '1000000'] = args
    const length = hash === 'sha512' ? 64 : hash === 'sha1' ? 20 : 32 // the digest's size
    return (await pbkdf2Async(password, salt, Number(iterations), length, hash)).toString('hex')
  }
  throw new Error(`Invalid hash method '${name}'.`)
}

/**
 * Werkzeug's `generate_password_hash(password)`: `scrypt:32768:8:1$<salt>$<hex>`, so a
 * database made by Flask's flaskr and one made here hold the same kind of hashes.
 */
export async function generatePasswordHash(password: string): Promise<string> {
  const salt = Array.from({ length: 16 }, () => SALT_CHARS[randomInt(SALT_CHARS.length)]).join('')
  const method = `scrypt:${N}:${R}:${P}`
  return `${method}$${salt}$${await hashInternal(method, salt, password)}`
}

/** Werkzeug's `check_password_hash(pwhash, password)`, for its scrypt and pbkdf2 hashes. */
export async function checkPasswordHash(pwhash: string, password: string): Promise<boolean> {
  const [method, salt, hashval] = pwhash.split('$')
  if (method === undefined || salt === undefined || hashval === undefined) return false
  const actual = Buffer.from(await hashInternal(method, salt, password))
  const expected = Buffer.from(hashval)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
