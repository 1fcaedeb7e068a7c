// SLA use case: replace the targets per priority (tickets created afterwards get due times from them).
import type { Db } from '../db/client.ts';
import { getSlaPolicies, putSlaPolicies } from './queries.ts';
import type { SlaPolicies } from './schemas.ts';

export async function replaceSlaPolicies(
  db: Db,
  tenantId: string,
  policies: SlaPolicies,
  now: Date,
): Promise<SlaPolicies> {
  await db.tx((tx) => putSlaPolicies(tx, tenantId, policies, now.toISOString()));
  return getSlaPolicies(db, tenantId);
}
