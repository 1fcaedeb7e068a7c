// API call counts per tenant and UTC day: the rows the counter adds to and GET /usage reads.
import type { Queryable } from '../db/client.ts';
import { monthOf } from '../tickets/limits.ts';

export async function addApiCalls(q: Queryable, tenantId: string, day: string, calls: number) {
  await q.run(
    'INSERT INTO api_usage (tenant_id, day, calls) VALUES (?, ?, ?) ON CONFLICT (tenant_id, day) DO UPDATE SET calls = calls + excluded.calls',
    [tenantId, day, calls],
  );
}

/** Calls in `now`'s UTC month and on its UTC day. */
export async function apiCallsThisMonth(q: Queryable, tenantId: string, now: Date) {
  const month = monthOf(now);
  const row = await q.get<{ month: number | null; today: number | null }>(
    'SELECT sum(calls) AS month, sum(CASE WHEN day = ? THEN calls END) AS today FROM api_usage WHERE tenant_id = ? AND day >= ? AND day < ?',
    [now.toISOString().slice(0, 10), tenantId, `${month}-01`, `${month}-32`],
  );
  return { thisMonth: row?.month ?? 0, today: row?.today ?? 0 };
}
