/** @module Password hashing: scrypt (node:crypto) in a self-describing string, verified in constant time, a few at a time. */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU and memory cost, a power of two: memory is about 128 * N * r bytes. */
  N: number;
  r: number;
  p: number;
}

/** N = 2^17, r = 8: 128 MiB and about 0.65 s per hash on this project's 2-core machines (OWASP's scrypt floor is 2^17). */
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** What a stored string may ask of us: a hash edited in the database must not make one login take gigabytes. */
const MAX_MEMORY = 256 * 1024 * 1024;

/**
 * At most two hashes run at once (the machines have two cores). Each holds 128 MiB and a libuv thread for most of a
 * second: a burst of logins would otherwise take all four threads, which file reads and DNS share, and half a GiB.
 * Logins beyond two wait their turn, which costs the attacker time too.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function gated<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so `running` never counts one that has not started.
    if (next) next();
    else running -= 1;
  }
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, length: number): Promise<Buffer> {
  // maxmem: OpenSSL refuses anything above 32 MiB by default; N = 2^17, r = 8 needs 128 MiB plus a few KiB.
  const opts: ScryptOptions = { N, r, p, maxmem: 128 * N * r + 1024 * 1024 };
  // NFC: the same password typed on a phone and on a PC (é as one character or as e + accent) hashes the same.
  return gated(() => new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, opts, (e, key) => (e ? reject(e) : resolve(key)));
  }));
}

export interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `scrypt$N$r$p$salt$key` (salt and key in base64), or null when it is not one we would have written. */
export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^[1-9][0-9]{0,9}$/.test(x) ? Number(x) : NaN));
  if (!(N >= 2 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16 && 128 * N * r <= MAX_MEMORY)) return null;
  if (!B64.test(parts[4]) || !B64.test(parts[5])) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < SALT_BYTES || key.length < 16 || key.length > 64) return null;
  return { params: { N, r, p }, salt, key };
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password and for a stored string we cannot read; the comparison takes the same time wherever they differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const key = await derive(password, h.salt, h.params, h.key.length);
  return timingSafeEqual(key, h.key);
}

/** A hash made with other parameters than today's: the login that proves the password stores it again with these. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_PARAMS): boolean {
  const h = parseHash(stored);
  return !h || h.params.N !== params.N || h.params.r !== params.r || h.params.p !== params.p || h.key.length !== KEY_BYTES;
}
