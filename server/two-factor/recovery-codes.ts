// Recovery codes: ten random single-use codes shown once, stored as SHA-256 hashes (they carry 50 bits each and
// every try is rate limited, so a fast hash is enough). Typed with or without the dash, any case.
import { randomBytes } from 'node:crypto';
import { sha256 } from '../lib/crypto.ts';

export const RECOVERY_CODE_COUNT = 10;
// Crockford-like: no 0/O, 1/I/L confusion.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function one(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, one);
}

/** Normalized like a typed code: lower case, no dash or spaces. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{10}$/.test(normalizeRecoveryCode(code));

export const hashRecoveryCode = (code: string) => sha256(`recovery:${normalizeRecoveryCode(code)}`);
