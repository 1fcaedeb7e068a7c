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
import type { Queryable } from '../db/client.ts';
import {
  deleteDeletion,
  deleteTenantRowsBatch,
  deleteVisitorTokenTicketsBatch,
  dueDeletions,
  getDeletion,
  insertDeletion,
  removeFromSharedKbIndex,
  storedKeysPage,
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

/** Rows (or stored files) one purge step removes; each step is its own transaction. */
export const PURGE_BATCH = 500;

export interface PurgeOptions {
  batch?: number;
  /** Stop after this many steps (a pass's budget; a test's stand-in for a process that dies mid-purge). */
  maxSteps?: number;
}

/**
 * Removes every trace of the tenant in bounded steps, each its own transaction, so a large tenant neither holds the
 * write lock for long nor builds one huge journal: stored bytes first (paged by the rows that name them), then each
 * table's rows PURGE_BATCH at a time, and last the tenant and its deletion row. Every step is idempotent and the
 * deletion row stays until the end, so a purge stopped anywhere (budget, crash) is finished by the next pass.
 * Answers whether the tenant is gone.
 */
export async function purgeTenant(deps: Deps, tenantId: string, opts: PurgeOptions = {}): Promise<boolean> {
  const batch = opts.batch ?? PURGE_BATCH;
  let steps = opts.maxSteps ?? Infinity;
  const step = () => steps-- > 0;

  // Files: the rows naming them stay until their table's turn, so this pages by key and a rerun deletes again
  // (deleting a missing object is a no-op).
  let after = '';
  for (;;) {
    if (!step()) return false;
    const keys = await storedKeysPage(deps.db, tenantId, after, batch);
    for (const key of keys) await deps.storage.delete(key);
    if (keys.length < batch) break;
    after = keys[keys.length - 1]!;
  }

  if (!step()) return false;
  await deps.db.tx(async (tx) => {
    const own = await ownSearchIndex(tx, tenantId);
    if (own) {
      await tx.run(`DROP TABLE IF EXISTS ${own}`);
      await tx.run(`DROP VIEW IF EXISTS ${own}_content`);
    }
    // A tenant still in the shared KB index (indexed before migration 0018, not moved yet): its entries go first,
    // told their values while its articles still exist (an external-content index cannot find them afterwards).
    await removeFromSharedKbIndex(tx, tenantId);
  });

  // The one table that names the tenant's rows only through another (a visitor token's tickets), before that one.
  const work: { table: string; del: (tx: Queryable) => Promise<number> }[] = [
    { table: 'visitor_token_tickets', del: (tx) => deleteVisitorTokenTicketsBatch(tx, tenantId, batch) },
  ];
  for (const t of await tenantTables(deps.db)) {
    if (t.name === 'tenant_deletions') continue; // last: it is what makes the next pass resume
    work.push({ table: t.name, del: (tx) => deleteTenantRowsBatch(tx, t, tenantId, batch) });
  }
  for (const s of work)
    for (;;) {
      if (!step()) return false;
      const n = await deps.db.tx((tx) => s.del(tx));
      if (n < batch) break;
    }

  if (!step()) return false;
  await deps.db.tx(async (tx) => {
    await compactTicketIndex(tx);
    await tx.run('DELETE FROM tenants WHERE id = ?', [tenantId]);
    await deleteDeletion(tx, tenantId);
  });
  deps.logger.info('tenant purged', { tenantId });
  return true;
}

/**
 * Purges the tenants whose grace period is over, within one pass's budget of steps; one reactivated meanwhile is
 * kept. Answers how many finished; `unfinished` counts those the budget cut short (the next pass goes on).
 */
export async function purgeDueTenants(
  deps: Deps,
  limit = 5,
  opts: PurgeOptions = {},
): Promise<{ purged: number; unfinished: number }> {
  let purged = 0;
  let unfinished = 0;
  for (const row of await dueDeletions(deps.db, deps.now().toISOString(), limit)) {
    const tenant = await getTenant(deps.db, row.tenant_id);
    if (tenant && tenant.status !== 'cancelled') {
      await deps.db.tx((tx) => deleteDeletion(tx, row.tenant_id));
      continue;
    }
    if (await purgeTenant(deps, row.tenant_id, opts)) purged++;
    else unfinished++;
  }
  return { purged, unfinished };
}
