// API call counts per tenant and UTC day: the rows the counter adds to (the ledger keeps them per period).
import type { Queryable } from '../db/client.ts';

export async function addApiCalls(q: Queryable, tenantId: string, day: string, calls: number) {
  await q.run(
    'INSERT INTO api_usage (tenant_id, day, calls) VALUES (?, ?, ?) ON CONFLICT (tenant_id, day) DO UPDATE SET calls = calls + excluded.calls',
    [tenantId, day, calls],
  );
}
