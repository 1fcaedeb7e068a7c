// Opaque, prefixed, URL-safe identifiers and secrets (tkt_…, hd_sk_…).
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The same 62 characters in byte order, so a time written with them sorts as the time does. */
const SORTED = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Random bytes drawn from a pool refilled 4 KB at a time: one call into the CSPRNG per hundred ids, not one each
// (what crypto.randomUUID does too). The bytes are as random; only the system calls are fewer.
const pool = Buffer.allocUnsafe(4096);
let used = pool.length;
function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]!;
}

/** Random base62 string; 62^n keyspace, rejection sampling keeps it unbiased. */
export function randomToken(length = 24): string {
  let out = '';
  while (out.length < length) {
    const b = randomByte();
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

/** `ms` as 8 base62 characters in byte order (up to the year 8888). */
function timePart(ms: number): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = SORTED[ms % 62] + out;
    ms = Math.floor(ms / 62);
  }
  return out;
}

/**
 * `tkt_` and 20 base62 characters: the creation time to the millisecond, then 12 random characters (71 bits).
 * Ids made later sort after earlier ones, so a new row's id lands at the end of its index, beside the last one,
 * instead of on a random page of it: a write dirties one page there, not one more page per id index.
 */
export function newId(prefix: string): string {
  return `${prefix}_${timeOrderedToken(12)}`;
}

/** The time now (8 characters, as `newId`), then `randomLength` random base62 characters. */
export function timeOrderedToken(randomLength: number): string {
  return timePart(Date.now()) + randomToken(randomLength);
}
