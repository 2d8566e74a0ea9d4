import { createHash, pbkdf2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

// Werkzeug's werkzeug/security.py, so that a database made by Flask's flaskr and one made
// here hold the same hashes, each checked by the other.

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>
const pbkdf2Async = promisify(pbkdf2)

const DEFAULT_PBKDF2_ITERATIONS = 1_000_000

/** Werkzeug's _hash_internal: the hex digest, and the method with its parameters. */
async function hashInternal(
  method: string,
  salt: string,
  password: string,
): Promise<[hash: string, method: string]> {
  const [name, ...args] = method.split(':')
  if (name === 'scrypt') {
    const [n, r, p] = args.length === 0 ? [2 ** 15, 8, 1] : args.map(Number)
    if (![n, r, p].every(Number.isInteger) || (args.length !== 0 && args.length !== 3))
      throw new Error("'scrypt' takes 3 arguments.")
    const options = { N: n as number, r: r as number, p: p as number }
    const maxmem = 132 * options.N * options.r * options.p // Werkzeug's: 128 would be enough
    const hash = await scryptAsync(password, salt, 64, { ...options, maxmem })
    return [hash.toString('hex'), `scrypt:${n}:${r}:${p}`]
  }
  if (name === 'pbkdf2') {
    if (args.length > 2) throw new Error("'pbkdf2' takes 2 arguments.")
    const [hashName = 'sha256', iterations = DEFAULT_PBKDF2_ITERATIONS] = args
    const length = createHash(hashName).digest().length // hashlib's default: the digest's size
    const hash = await pbkdf2Async(password, salt, Number(iterations), length, hashName)
    return [hash.toString('hex'), `pbkdf2:${hashName}:${iterations}`]
  }
  throw new Error(`Invalid hash method '${method}'.`)
}

/**
 * Werkzeug's `generate_password_hash(password, method="scrypt", salt_length=16)`:
 * `scrypt:32768:8:1$<salt>$<hex>`.
 */
export async function generatePasswordHash(
  password: string,
  method = 'scrypt',
  saltLength = 16,
): Promise<string> {
  if (saltLength <= 0) throw new Error('Salt length must be at least 1.')
  const salt = randomBytes(saltLength).toString('base64url') // secrets.token_urlsafe
  const [hash, actualMethod] = await hashInternal(method, salt, password)
  return `${actualMethod}$${salt}$${hash}`
}

/** Werkzeug's `check_password_hash(pwhash, password)`. */
export async function checkPasswordHash(pwhash: string, password: string): Promise<boolean> {
  const first = pwhash.indexOf('$')
  const second = pwhash.indexOf('$', first + 1)
  if (first < 0 || second < 0) return false
  const [actual] = await hashInternal(
    pwhash.slice(0, first),
    pwhash.slice(first + 1, second),
    password,
  )
  const given = Buffer.from(actual)
  const expected = Buffer.from(pwhash.slice(second + 1))
  return given.length === expected.length && timingSafeEqual(given, expected)
}
