// Whole-tenant deletion: asked by the owner (or the platform operator) it cancels the tenant at once and keeps it
// for GRACE_DAYS so the owner can export or undo; then the lifecycle worker purges every row of it (every table
// with a tenant_id, found from the schema, its FTS rows and own search index) and every stored file.
import type { Deps } from '../types.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { conflict, notFound } from '../lib/problem.ts';
import { getTenant, updateTenant } from '../tenants/queries.ts';
import type { TenantStatus } from '../tenants/plans.ts';
import { ownSearchIndex } from '../kb/search-index.ts';
import { requester } from './request-service.ts';
import { compactTicketIndex } from './erasure-queries.ts';
import {
  deleteDeletion,
  dueDeletions,
  getDeletion,
  insertDeletion,
  storedKeysOf,
  tenantTables,
  type TenantDeletionRow,
} from './tenant-queries.ts';

export const GRACE_DAYS = 30;

export interface TenantDeletion {
  status: 'cancelled';
  requestedAt: string;
  purgeAfter: string;
}

const toDto = (r: TenantDeletionRow): TenantDeletion => ({
  status: 'cancelled',
  requestedAt: r.requested_at,
  purgeAfter: r.purge_after,
});

export async function tenantDeletionOf(deps: Deps, tenantId: string): Promise<TenantDeletion> {
  const r = await getDeletion(deps.db, tenantId);
  if (!r) throw notFound('Tenant deletion');
  return toDto(r);
}

/** Cancels the tenant now and schedules its purge; a second request is 409. */
export async function requestTenantDeletion(deps: Deps, actor: Actor, tenantId: string): Promise<TenantDeletion> {
  const now = deps.now();
  const at = now.toISOString();
  return deps.db.tx(async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw notFound('Tenant');
    if (await getDeletion(tx, tenantId)) throw conflict('This help desk is already being deleted.');
    const by = requester(actor);
    const row: TenantDeletionRow = {
      tenant_id: tenantId,
      previous_status: tenant.status,
      requested_by_type: by.type,
      requested_by_id: by.id,
      requested_at: at,
      purge_after: new Date(now.getTime() + GRACE_DAYS * 24 * 60 * 60 * 1000).toISOString(),
    };
    await insertDeletion(tx, row);
    await updateTenant(tx, tenantId, { status: 'cancelled' }, at);
    await audit(
      actor,
      tx,
      {
        tenantId,
        action: 'tenant.deletion_requested',
        targetType: 'tenant',
        targetId: tenantId,
        details: { purgeAfter: row.purge_after },
      },
      now,
    );
    return toDto(row);
  });
}

/** Undoes a pending deletion: the tenant gets back the status it had. 404 when none is pending (or it was purged). */
export async function undoTenantDeletion(deps: Deps, actor: Actor, tenantId: string) {
  const now = deps.now();
  return deps.db.tx(async (tx) => {
    const row = await getDeletion(tx, tenantId);
    if (!row || !(await getTenant(tx, tenantId))) throw notFound('Tenant deletion');
    await deleteDeletion(tx, tenantId);
    const status = (row.previous_status === 'cancelled' ? 'active' : row.previous_status) as TenantStatus;
    await updateTenant(tx, tenantId, { status }, now.toISOString());
    await audit(
      actor,
      tx,
      { tenantId, action: 'tenant.deletion_undone', targetType: 'tenant', targetId: tenantId },
      now,
    );
    return { status };
  });
}

/** Removes every trace of the tenant: stored bytes first (a crash leaves rows that a rerun finds), then its rows. */
export async function purgeTenant(deps: Deps, tenantId: string): Promise<void> {
  for (const key of await storedKeysOf(deps.db, tenantId)) await deps.storage.delete(key);
  const tables = await tenantTables(deps.db);
  await deps.db.tx(async (tx) => {
    const own = await ownSearchIndex(tx, tenantId);
    if (own) {
      await tx.run(`DROP TABLE IF EXISTS ${own}`);
      await tx.run(`DROP VIEW IF EXISTS ${own}_content`);
    }
    // The one table that names the tenant's rows only through another (a visitor token's tickets).
    await tx.run(
      'DELETE FROM visitor_token_tickets WHERE token_hash IN (SELECT token_hash FROM visitor_tokens WHERE tenant_id = ?)',
      [tenantId],
    );
    for (const t of tables) await tx.run(`DELETE FROM "${t.name}" WHERE tenant_id = ?`, [tenantId]);
    await compactTicketIndex(tx);
    await tx.run('DELETE FROM tenants WHERE id = ?', [tenantId]);
  });
  deps.logger.info('tenant purged', { tenantId });
}

/** Purges the tenants whose grace period is over; one reactivated meanwhile (by the operator) is kept. */
export async function purgeDueTenants(deps: Deps, limit = 5): Promise<number> {
  let purged = 0;
  for (const row of await dueDeletions(deps.db, deps.now().toISOString(), limit)) {
    const tenant = await getTenant(deps.db, row.tenant_id);
    if (tenant && tenant.status !== 'cancelled') {
      await deps.db.tx((tx) => deleteDeletion(tx, row.tenant_id));
      continue;
    }
    await purgeTenant(deps, row.tenant_id);
    purged++;
  }
  return purged;
}
