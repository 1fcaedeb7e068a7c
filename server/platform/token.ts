// The platform admin token: from PLATFORM_ADMIN_TOKEN, or generated on first start and kept (hashed) in the database.
import type { Db } from '../db/client.ts';
import { getServerSecret, insertServerSecret } from '../db/server-secrets.ts';
import { sha256 } from '../lib/crypto.ts';
import { randomToken } from '../lib/ids.ts';
import { platformTokenChecker, type PlatformTokenCheck } from '../middleware/authenticate.ts';

const SECRET_NAME = 'platform_admin_token_sha256';

/** Returns the checker, and the token itself only when it was generated now (to print once). */
export async function ensurePlatformToken(
  db: Db,
  fromEnv: string | undefined,
  now: Date,
): Promise<{ check: PlatformTokenCheck; generated: string | null }> {
  if (fromEnv) return { check: platformTokenChecker({ token: fromEnv }), generated: null };
  const existing = await getServerSecret(db, SECRET_NAME);
  if (existing) return { check: platformTokenChecker({ hash: existing }), generated: null };
  const token = `hd_admin_${randomToken(40)}`;
  await insertServerSecret(db, SECRET_NAME, sha256(token), now, { ifMissing: true });
  const stored = await getServerSecret(db, SECRET_NAME);
  // Another process may have won the race; then its token is the one, and ours is not printed.
  const won = stored === sha256(token);
  return { check: platformTokenChecker({ hash: stored! }), generated: won ? token : null };
}
