// Password hashes with scrypt from node:crypto. The parameters travel with the hash
// (`scrypt$N$r$p$salt$hash`), so they can be raised later without breaking stored passwords.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))))

export interface ScryptParams {
  N: number
  r: number
  p: number
}

/** OWASP's current minimum for scrypt: N=2^17, r=8, p=1 (memory 128 MiB = 128·N·r; ~0.3 s here). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }
const KEY_LENGTH = 32

export const MIN_PASSWORD_LENGTH = 8

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r })
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20) return false
  const salt = Buffer.from(parts[4] as string, 'base64url')
  const expected = Buffer.from(parts[5] as string, 'base64url')
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash made with weaker parameters than `params` (older releases): rehashed at the next sign-in. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const [kind, N, r, p] = stored.split('$')
  return kind !== 'scrypt' || Number(N) < params.N || Number(r) < params.r || Number(p) < params.p
}

/** A readable random password for first-run setup and demo accounts (no 0/O, 1/l/I). */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}
