// Keeps the metric ledger in step: a ticket whose history changed in a transaction gets its rows rewritten just
// before that transaction commits (once, however many changes it made), and a tenant's ledger can be rebuilt.
import { beforeCommit, type Db, type Queryable } from '../db/client.ts';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { startPeriodic } from '../lib/periodic-worker.ts';
import { getTenant } from '../tenants/queries.ts';
import { ledgerFor } from './ledger.ts';
import { rebuildRollups } from './rollup-service.ts';
import {
  donePendingLedger,
  pendingLedgerTenants,
  replaceTicketMetrics,
  ticketHistory,
  ticketIdsOf,
} from './ledger-queries.ts';

/** Rewrites one ticket's ledger from its history (no rows when the ticket is gone). */
export async function refreshTicketMetrics(q: Queryable, tenantId: string, ticketId: string): Promise<void> {
  const history = await ticketHistory(q, tenantId, ticketId);
  const tenant = history ? await getTenant(q, tenantId) : undefined;
  await replaceTicketMetrics(
    q,
    tenantId,
    ticketId,
    history ? ledgerFor(history, tenant?.settings.businessHours) : [],
    history?.dims,
  );
}

/**
 * Called wherever a ticket's history is written (tickets/activity.ts): its ledger follows in the same transaction.
 * An internal note that changes nothing else is in no figure (it answers no one), so it rebuilds nothing: on a
 * thread of many notes each would read the whole history for nothing.
 */
export function ticketHistoryChanged(
  q: Queryable,
  tenantId: string,
  a: { ticketId: string; action: string; changes: object },
): Promise<void> {
  if (a.action === 'note.added' && Object.keys(a.changes).length === 0) return Promise.resolve();
  return beforeCommit(q, `ledger:${tenantId}:${a.ticketId}`, () => refreshTicketMetrics(q, tenantId, a.ticketId));
}

/**
 * Recomputes every ticket's ledger of a tenant from the history, in transactions of `batch` tickets, and then its
 * daily rollups: after a change of business hours, or to check the ledger (the result equals what the writes kept).
 */
export async function rebuildLedger(db: Db, tenantId: string, batch = 200): Promise<number> {
  const ids = await ticketIdsOf(db, tenantId);
  for (let i = 0; i < ids.length; i += batch)
    await db.tx(async (tx) => {
      for (const id of ids.slice(i, i + batch)) await refreshTicketMetrics(tx, tenantId, id);
    });
  await rebuildRollups(db, tenantId);
  return ids.length;
}

/**
 * Builds the ledgers still marked pending (tickets older than the ledger, or a tenant whose business hours changed:
 * every business-time figure moves); returns how many tenants it built.
 */
export async function buildPendingLedgers(db: Db): Promise<number> {
  const pending = await pendingLedgerTenants(db);
  for (const p of pending) {
    await rebuildLedger(db, p.tenantId);
    await donePendingLedger(db, p);
  }
  return pending.length;
}

/** Rebuilds pending ledgers in the background, so a change of business hours reaches the reports within a minute. */
export function startLedgerRebuildWorker(deps: Deps, everyMs = 30_000): Worker {
  return startPeriodic(deps.logger, 'ledger rebuild failed', everyMs, () => buildPendingLedgers(deps.db));
}
