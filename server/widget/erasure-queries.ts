// SQL of the "Delete my data" links (erasure_confirmations): stored as the token's sha256, one customer each.
import type { Queryable } from '../db/client.ts';

export interface ErasureConfirmation {
  tenantId: string;
  customerId: string;
  expiresAt: string;
  /** The widget's language when the visitor asked: the page speaks it. */
  locale: string;
}

export async function insertErasureConfirmation(
  q: Queryable,
  tenantId: string,
  r: { tokenHash: string; customerId: string; createdAt: string; expiresAt: string; locale: string },
) {
  // Links that lapsed are of no use to anyone: they go whenever the customer asks again.
  await q.run('DELETE FROM erasure_confirmations WHERE tenant_id = ? AND customer_id = ? AND expires_at <= ?', [
    tenantId,
    r.customerId,
    r.createdAt,
  ]);
  await q.run(
    'INSERT INTO erasure_confirmations (token_hash, tenant_id, customer_id, created_at, expires_at, locale) VALUES (?, ?, ?, ?, ?, ?)',
    [r.tokenHash, tenantId, r.customerId, r.createdAt, r.expiresAt, r.locale],
  );
}

/** The live link a token opens. The token names its tenant: the page is opened from a mail, not a tenant's widget. */
export async function findErasureConfirmation(
  q: Queryable,
  tokenHash: string,
  now: string,
): Promise<ErasureConfirmation | undefined> {
  const r = await q.get<{ tenant_id: string; customer_id: string; expires_at: string; locale: string }>(
    'SELECT tenant_id, customer_id, expires_at, locale FROM erasure_confirmations WHERE token_hash = ? AND expires_at > ?',
    [tokenHash, now],
  );
  return r && { tenantId: r.tenant_id, customerId: r.customer_id, expiresAt: r.expires_at, locale: r.locale };
}

/** Voids every link of the customer; the caller has found this one live in the same transaction. */
export async function deleteErasureConfirmations(q: Queryable, tenantId: string, customerId: string) {
  await q.run('DELETE FROM erasure_confirmations WHERE tenant_id = ? AND customer_id = ?', [tenantId, customerId]);
}
