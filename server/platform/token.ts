// The platform admin token: from PLATFORM_ADMIN_TOKEN, or generated on first start and kept (hashed) in the database.
import type { Db } from '../db/client.ts';
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
  const existing = await db.get<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [SECRET_NAME]);
  if (existing) return { check: platformTokenChecker({ hash: existing.value }), generated: null };
  const token = `hd_admin_${randomToken(40)}`;
  await db.run('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)', [
    SECRET_NAME,
    sha256(token),
    now.toISOString(),
  ]);
  const stored = await db.get<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [SECRET_NAME]);
  // Another process may have won the race; then its token is the one, and ours is not printed.
  const won = stored?.value === sha256(token);
  return { check: platformTokenChecker({ hash: stored!.value }), generated: won ? token : null };
}
