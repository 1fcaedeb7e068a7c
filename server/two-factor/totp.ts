// TOTP (RFC 6238, `otpauth`): secrets, the otpauth:// URL an authenticator app scans, and the check that a code
// belongs to a time step after the last one used (so the same code never works twice), one step of clock drift allowed.
import { Secret, TOTP } from 'otpauth';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PERIOD = 30;
const DIGITS = 6;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label = 'agent', issuer = 'Helpdesk') {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function otpauthUrl(secretBase32: string, label: string, issuer: string): string {
  return totpOf(secretBase32, label, issuer).toString();
}

/** Six digits, spaces allowed ("123 456"). */
export const looksLikeTotp = (code: string) => /^\d{6}$/.test(code.replace(/\s+/g, ''));

/**
 * The time step the code belongs to (window ±1), or null when it is wrong or its step is not after `lastStep`
 * (a reused code, or an older one).
 */
export function matchTotp(secretBase32: string, code: string, now: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpOf(secretBase32);
  const timestamp = now.getTime();
  const delta = totp.validate({ token, timestamp, window: 1 });
  if (delta === null) return null;
  const step = totp.counter({ timestamp }) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

// AES-256-GCM with a key derived from the server's two-factor secret (server_secrets): a stolen database
// alone does not give anybody's codes.
const keyOf = (serverSecret: string) => createHash('sha256').update(`two-factor:${serverSecret}`).digest();

export function encryptSecret(serverSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

export function decryptSecret(serverSecret: string, sealed: string): string {
  const [v, iv, body, tag] = sealed.split('.');
  if (v !== 'v1' || !iv || !body || !tag) throw new Error('Unknown two-factor secret format.');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(serverSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
