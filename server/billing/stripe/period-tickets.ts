// Tickets a tenant created in a period, for the metered report (to be read from the usage ledger once it lands).
import type { Queryable } from '../../db/client.ts';

export async function ticketsCreatedIn(q: Queryable, tenantId: string, start: string, end: string): Promise<number> {
  const r = await q.get<{ n: number }>(
    'SELECT count(*) AS n FROM tickets WHERE tenant_id = ? AND created_at >= ? AND created_at < ? AND spam = 0',
    [tenantId, start, end],
  );
  return r?.n ?? 0;
}
