// Keeps the daily rollups in step with the ledger: the days a ledger write marked dirty are rebuilt here, each in its
// own transaction with its mark removed, so a report reads either a day's fresh rollup or its ledger rows.
import type { Db } from '../db/client.ts';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import {
  buildRollupDay,
  buildRollupMonth,
  cleanDay,
  markAllDaysDirty,
  monthIsClean,
  monthOf,
  someDirtyDays,
} from './rollup-queries.ts';
import {
  syncAgentTouchDays,
  syncAgentTouches,
  syncArrivalHours,
  syncMetricHours,
  syncSlaReached,
  syncSlaUnmetDays,
} from './ledger-queries.ts';

/** Rebuilds up to `limit` dirty days (of one tenant, or any); call until it returns 0 to rebuild them all. */
export async function refreshDirtyDays(db: Db, limit = 50, tenantId?: string): Promise<number> {
  const days = await someDirtyDays(db, limit, tenantId);
  for (const { tenant_id: tenantId, day } of days)
    await db.tx(async (tx) => {
      await buildRollupDay(tx, tenantId, day);
      await cleanDay(tx, tenantId, day);
      // A month's row is merged from its days in the transaction that cleans its last dirty day, so a report
      // reads a month's row only while none of its days changed since.
      if (await monthIsClean(tx, tenantId, monthOf(day))) await buildRollupMonth(tx, tenantId, monthOf(day));
    });
  return days.length;
}

/**
 * Rebuilds every rollup day of a tenant from its ledger (after a ledger rebuild, or to check them), and the
 * tickets' SLA-reached marks and unmet targets per day, the agent × ticket touches derived from it (and their counts
 * per day), the arrivals per UTC hour and the resolutions and reopens per UTC hour.
 */
export async function rebuildRollups(db: Db, tenantId: string): Promise<void> {
  await db.tx(async (tx) => {
    await syncSlaReached(tx, tenantId);
    await syncSlaUnmetDays(tx, tenantId);
    await syncAgentTouches(tx, tenantId);
    await syncAgentTouchDays(tx, tenantId);
    await syncArrivalHours(tx, tenantId);
    await syncMetricHours(tx, tenantId);
    await markAllDaysDirty(tx, tenantId);
  });
  while ((await refreshDirtyDays(db, 50, tenantId)) > 0);
}

/**
 * The rollup worker: every few seconds it rebuilds the days marked dirty since (a busy day is rebuilt once per tick,
 * not once per change; its figures come from the ledger meanwhile). Any number of processes may run it on one
 * database: rebuilding a day twice gives the same rows.
 */
export function startRollupWorker(deps: Deps, everyMs = 5_000): Worker {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running ??= (async () => {
      while (!stopped && (await refreshDirtyDays(deps.db)) > 0);
    })()
      .catch((err: Error) => deps.logger.warn('report rollups failed', { error: err.message }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref?.();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
