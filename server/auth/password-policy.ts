// The password policy: the one schema every request that sets a password validates with.
import { z } from '@hono/zod-openapi';
import { isCommonPassword } from './common-passwords.ts';

export const PASSWORD_MIN_CHARACTERS = 10;
/**
 * Long passphrases are welcome. The bound is only about request size: scrypt's cost does not grow
 * with the password's length (its PBKDF2 step hashes a long key once), so this is no CPU guard.
 */
export const PASSWORD_MAX_BYTES = 1024;

/** Shortest p with s[i] === s[i - p] for every i: the length of the unit the text repeats. */
function period(chars: readonly string[]): number {
  for (let p = 1; p < chars.length; p++) {
    let repeats = true;
    for (let i = p; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - p];
    if (repeats) return p;
  }
  return chars.length;
}

const CYCLES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz'];

/** b follows a in one step of `dir`: the next code point, or the next digit/letter wrapping around ("…890"). */
function follows(a: string, b: string, dir: 1 | -1): boolean {
  if (b.codePointAt(0)! - a.codePointAt(0)! === dir) return true;
  return CYCLES.some((cycle) => {
    const i = cycle.indexOf(a);
    return i >= 0 && cycle[(i + dir + cycle.length) % cycle.length] === b;
  });
}

function isStraightSequence(chars: readonly string[]): boolean {
  return ([1, -1] as const).some((dir) => chars.every((ch, i) => i === 0 || follows(chars[i - 1], ch, dir)));
}

/** Why `password` is refused, as a message completing "password …"; null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  // Lone surrogates would be hashed as U+FFFD, so different inputs would become the same password.
  if (/\p{Cs}/u.test(password)) return 'must be valid Unicode text';
  const chars = Array.from(password);
  if (chars.length < PASSWORD_MIN_CHARACTERS) return `must be at least ${PASSWORD_MIN_CHARACTERS} characters`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES)
    return `must be at most ${PASSWORD_MAX_BYTES} bytes long`;
  if (/\p{Cc}/u.test(password)) return 'must not contain control characters (such as tabs, line breaks or NUL)';
  // Format characters (zero-width spaces, joiners) are as invisible as spaces when alone.
  if (/^[\s\p{Cf}]*$/u.test(password)) return 'must not be only spaces';
  const lower = Array.from(password.toLowerCase());
  const p = period(lower);
  if (new Set(lower).size < 3 || (p * 2 <= lower.length && p < PASSWORD_MIN_CHARACTERS)) {
    return 'is too repetitive: it repeats one character or a short pattern';
  }
  if (isStraightSequence(lower)) return 'is a simple sequence like 1234567890 or abcdefghij';
  if (isCommonPassword(password)) return 'is one of the most commonly used passwords';
  return null;
}

/** A new password (signup, tenant owner, agent creation, invitation, any password change). */
export const PasswordSchema = z
  .string()
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({
    minLength: PASSWORD_MIN_CHARACTERS,
    maxLength: PASSWORD_MAX_BYTES,
    description:
      `At least ${PASSWORD_MIN_CHARACTERS} characters and at most ${PASSWORD_MAX_BYTES} bytes (UTF-8); no control characters; ` +
      'not only spaces, not one character or a short pattern repeated, not a straight sequence, not a commonly used password.',
    example: 'a long passphrase you can remember',
  });
