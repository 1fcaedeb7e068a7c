// API-key use cases: create (the secret is returned once) and revoke, each one transaction with its audit entry.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { notFound } from '../lib/problem.ts';
import type { Permission } from '../roles/permissions.ts';
import {
  countActiveApiKeys,
  getApiKey,
  insertApiKey,
  revokeApiKey as revokeApiKeyRow,
  type ApiKeyRecord,
} from './queries.ts';
import { assertRoomFor } from '../billing/entitlements.ts';

/** The route has checked the caller may grant `scopes`; `createdBy` is the agent or key that made it. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { name: string; scopes: Permission[]; createdBy: string },
  now: Date,
): Promise<{ key: ApiKeyRecord; secret: string }> {
  const tenantId = actorTenant(actor);
  const id = newId('key');
  const secret = `hd_sk_${randomToken(40)}`;
  await db.tx(async (tx) => {
    await assertRoomFor(tx, tenantId, 'apiKeys', await countActiveApiKeys(tx, tenantId), now);
    await insertApiKey(tx, tenantId, {
      id,
      name: input.name,
      secret,
      scopes: input.scopes,
      createdBy: input.createdBy,
      now: now.toISOString(),
    });
    await audit(
      actor,
      tx,
      { action: 'api_key.created', targetType: 'api_key', targetId: id, details: { scopes: input.scopes } },
      now,
    );
  });
  return { key: (await getApiKey(db, tenantId, id))!, secret };
}

/** It stops working at once. */
export async function revokeApiKey(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  if (!(await getApiKey(db, tenantId, id))) throw notFound('API key');
  await db.tx(async (tx) => {
    await revokeApiKeyRow(tx, tenantId, id, now.toISOString());
    await audit(actor, tx, { action: 'api_key.revoked', targetType: 'api_key', targetId: id }, now);
  });
}
