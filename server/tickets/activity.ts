// A ticket's history: every change writes one activity row, and the ticket's metric ledger follows it before the
// transaction commits (analytics/ledger-service.ts). Services record activity through here, never the bare insert.
import type { Queryable } from '../db/client.ts';
import { ticketHistoryChanged } from '../analytics/ledger-service.ts';
import { insertActivity } from './queries.ts';

export async function recordActivity(
  q: Queryable,
  tenantId: string,
  a: Parameters<typeof insertActivity>[2],
  now: string,
): Promise<void> {
  await insertActivity(q, tenantId, a, now);
  await ticketHistoryChanged(q, tenantId, a);
}
