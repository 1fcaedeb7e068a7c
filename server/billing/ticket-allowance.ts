// The period's ticket allowance, decided in the transaction of each create: counted, accepted as overage (usage
// pricing), held until the limit lifts (a requester's own message at a reached limit), or refused (402).
import type { Queryable } from '../db/client.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { assertWithin, loadEntitlements, remaining, type Entitlements } from './entitlements.ts';
import { countTicket, getLedger } from './ledger-queries.ts';

export type Admission = { kind: 'counted' | 'overage'; entitlements: Entitlements } | { kind: 'held' };

/**
 * What happens to a new ticket at the allowance. `fromRequester` (widget, chat, inbound mail: the customer's own
 * words) is never refused: at the limit it is held on flat pricing and accepted as overage on usage pricing. An
 * agent's or API key's create at the limit is the plan's 402 naming the limit and usage.
 */
export async function admitTicket(
  q: Queryable,
  tenant: TenantRecord,
  now: Date,
  fromRequester: boolean,
): Promise<Admission> {
  const e = await loadEntitlements(q, tenant, now);
  const used = (await getLedger(q, tenant.id, e.period)).tickets;
  if (remaining(e, 'ticketsPerMonth', used) !== 0) return { kind: 'counted', entitlements: e };
  if (e.pricing === 'usage') return { kind: 'overage', entitlements: e };
  if (!fromRequester) assertWithin(e, 'ticketsPerMonth', used);
  return { kind: 'held' };
}

/** Records an admitted ticket in the ledger (after its row is written). */
export async function recordAdmission(q: Queryable, tenantId: string, ticketId: string, a: Admission, at: string) {
  if (a.kind === 'held') return;
  await countTicket(q, tenantId, ticketId, a.entitlements.period, at, a.kind === 'overage');
}
