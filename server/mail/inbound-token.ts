// The bearer token of POST /api/v1/inbound/email: from INBOUND_EMAIL_TOKEN, or generated on first start and
// kept (hashed) in the database, like the platform token. It reaches every tenant's inbound address, so it
// belongs to whoever runs the server (an MTA, a mail provider's inbound hook), never to a tenant.
import type { Db } from '../db/client.ts';
import { safeEqual, sha256 } from '../lib/crypto.ts';
import { randomToken } from '../lib/ids.ts';

const SECRET_NAME = 'inbound_email_token_sha256';

export type InboundTokenCheck = (token: string) => boolean;

export function inboundTokenChecker(opts: { token?: string; hash?: string }): InboundTokenCheck {
  return (token) => {
    if (!token) return false;
    if (opts.token) return safeEqual(sha256(token), sha256(opts.token));
    return !!opts.hash && safeEqual(sha256(token), opts.hash);
  };
}

/** Refuses every token: an app made without one (tests that do not receive mail). */
export const noInboundToken: InboundTokenCheck = () => false;

/** Returns the checker, and the token itself only when it was generated now (to print once). */
export async function ensureInboundToken(
  db: Db,
  fromEnv: string | undefined,
  now: Date,
): Promise<{ check: InboundTokenCheck; generated: string | null }> {
  if (fromEnv) return { check: inboundTokenChecker({ token: fromEnv }), generated: null };
  const read = () => db.get<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [SECRET_NAME]);
  const existing = await read();
  if (existing) return { check: inboundTokenChecker({ hash: existing.value }), generated: null };
  const token = `hd_inbound_${randomToken(40)}`;
  await db.run('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)', [
    SECRET_NAME,
    sha256(token),
    now.toISOString(),
  ]);
  const stored = (await read())!;
  // Another process may have won the race; then its token is the one, and ours is not printed.
  return {
    check: inboundTokenChecker({ hash: stored.value }),
    generated: stored.value === sha256(token) ? token : null,
  };
}
