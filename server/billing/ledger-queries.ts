// The usage ledger's rows: per tenant and billing period, seeded from the source rows the first time a period is
// touched (so tickets counted before the ledger keep counting) and added to in the transaction of what it counts.
import type { Queryable } from '../db/client.ts';
import type { Period } from './period.ts';

export interface LedgerRow {
  tickets: number;
  overageTickets: number;
  /** Every authenticated call (traffic). */
  apiCalls: number;
  /** API-key calls: what "API calls per month" counts; of them, those accepted past the allowance. */
  apiKeyCalls: number;
  overageApiCalls: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Tickets counted in the period as the tickets table says (the rebuild's answer). */
export async function ticketsFromSource(q: Queryable, tenantId: string, p: Period) {
  const r = await q.get<{ n: number; overage: number | null }>(
    'SELECT count(*) AS n, sum(overage) AS overage FROM tickets WHERE tenant_id = ? AND counted_at >= ? AND counted_at < ?',
    [tenantId, p.start.toISOString(), p.end.toISOString()],
  );
  return { tickets: r?.n ?? 0, overageTickets: r?.overage ?? 0 };
}

/**
 * Writes the period's row from the source rows unless it exists: tickets by `counted_at`, API calls from the daily
 * counts of the days the period covers (the counter writes both; a period's first and last day are shared with its
 * neighbours there, so only the ledger's own count is exact).
 */
async function seedPeriod(q: Queryable, tenantId: string, p: Period) {
  // Written once per period: a point read answers every later call without counting the period's tickets again.
  if (
    await q.get('SELECT 1 FROM usage_ledger WHERE tenant_id = ? AND period_start = ?', [
      tenantId,
      p.start.toISOString(),
    ])
  )
    return;
  await q.run(
    `INSERT INTO usage_ledger (tenant_id, period_start, tickets, overage_tickets, api_calls)
     SELECT ?, ?, count(*), coalesce(sum(overage), 0),
       (SELECT coalesce(sum(calls), 0) FROM api_usage WHERE tenant_id = ? AND day >= ? AND day < ?)
     FROM tickets WHERE tenant_id = ? AND counted_at >= ? AND counted_at < ?
     ON CONFLICT DO NOTHING`,
    [
      tenantId,
      p.start.toISOString(),
      tenantId,
      day(p.start),
      day(p.end),
      tenantId,
      p.start.toISOString(),
      p.end.toISOString(),
    ],
  );
}

export async function getLedger(q: Queryable, tenantId: string, p: Period): Promise<LedgerRow> {
  const r = await q.get<{
    tickets: number;
    overage_tickets: number;
    api_calls: number;
    api_key_calls: number;
    overage_api_calls: number;
  }>(
    'SELECT tickets, overage_tickets, api_calls, api_key_calls, overage_api_calls FROM usage_ledger WHERE tenant_id = ? AND period_start = ?',
    [tenantId, p.start.toISOString()],
  );
  if (r)
    return {
      tickets: r.tickets,
      overageTickets: r.overage_tickets,
      apiCalls: r.api_calls,
      apiKeyCalls: r.api_key_calls,
      overageApiCalls: r.overage_api_calls,
    };
  const t = await ticketsFromSource(q, tenantId, p);
  const calls = await q.get<{ n: number | null }>(
    'SELECT sum(calls) AS n FROM api_usage WHERE tenant_id = ? AND day >= ? AND day < ?',
    [tenantId, day(p.start), day(p.end)],
  );
  return { ...t, apiCalls: calls?.n ?? 0, apiKeyCalls: 0, overageApiCalls: 0 };
}

/** API-key calls counted against the period's allowance (0 before the first). */
export async function ledgerApiKeyCalls(q: Queryable, tenantId: string, p: Period): Promise<number> {
  const r = await q.get<{ n: number }>(
    'SELECT api_key_calls AS n FROM usage_ledger WHERE tenant_id = ? AND period_start = ?',
    [tenantId, p.start.toISOString()],
  );
  return r?.n ?? 0;
}

/** Adds API-key calls (and those of them past the allowance) to the period; answers the period's new total. */
export async function addLedgerApiKeyCalls(q: Queryable, tenantId: string, p: Period, calls: number, overage: number) {
  await seedPeriod(q, tenantId, p);
  await q.run(
    'UPDATE usage_ledger SET api_key_calls = api_key_calls + ?, overage_api_calls = overage_api_calls + ? WHERE tenant_id = ? AND period_start = ?',
    [calls, overage, tenantId, p.start.toISOString()],
  );
  return ledgerApiKeyCalls(q, tenantId, p);
}

/** Counts one ticket in the period: the ledger row and the ticket's own `counted_at` / `overage`. */
export async function countTicket(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  p: Period,
  at: string,
  overage: boolean,
) {
  await seedPeriod(q, tenantId, p);
  await q.run(
    'UPDATE usage_ledger SET tickets = tickets + 1, overage_tickets = overage_tickets + ? WHERE tenant_id = ? AND period_start = ?',
    [overage ? 1 : 0, tenantId, p.start.toISOString()],
  );
  await q.run('UPDATE tickets SET counted_at = ?, overage = ?, held_at = NULL WHERE tenant_id = ? AND id = ?', [
    at,
    overage ? 1 : 0,
    tenantId,
    ticketId,
  ]);
}

export async function addLedgerApiCalls(q: Queryable, tenantId: string, p: Period, calls: number) {
  await seedPeriod(q, tenantId, p);
  await q.run('UPDATE usage_ledger SET api_calls = api_calls + ? WHERE tenant_id = ? AND period_start = ?', [
    calls,
    tenantId,
    p.start.toISOString(),
  ]);
}

/** Rewrites the period's ticket figures from the tickets table (API calls have no other source and stay). */
export async function rebuildLedgerTickets(q: Queryable, tenantId: string, p: Period) {
  await seedPeriod(q, tenantId, p);
  const t = await ticketsFromSource(q, tenantId, p);
  await q.run('UPDATE usage_ledger SET tickets = ?, overage_tickets = ? WHERE tenant_id = ? AND period_start = ?', [
    t.tickets,
    t.overageTickets,
    tenantId,
    p.start.toISOString(),
  ]);
}

/** Marks the agents seen in a period (ignored when already marked). */
export async function markActiveAgent(q: Queryable, tenantId: string, p: Period, agentId: string) {
  await q.run(
    'INSERT INTO agent_activity (tenant_id, period_start, agent_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [tenantId, p.start.toISOString(), agentId],
  );
}

export async function countActiveAgents(q: Queryable, tenantId: string, p: Period): Promise<number> {
  const r = await q.get<{ n: number }>(
    'SELECT count(*) AS n FROM agent_activity WHERE tenant_id = ? AND period_start = ?',
    [tenantId, p.start.toISOString()],
  );
  return r?.n ?? 0;
}

// ---- held tickets ----

export async function markHeld(q: Queryable, tenantId: string, ticketId: string, at: string) {
  await q.run('UPDATE tickets SET spam = 2, held_at = ? WHERE tenant_id = ? AND id = ?', [at, tenantId, ticketId]);
}

export async function countHeld(q: Queryable, tenantId: string): Promise<number> {
  const r = await q.get<{ n: number }>(
    'SELECT count(*) AS n FROM tickets WHERE tenant_id = ? AND held_at IS NOT NULL',
    [tenantId],
  );
  return r?.n ?? 0;
}

/** The oldest held tickets first (arrival order). */
export async function oldestHeld(q: Queryable, tenantId: string, limit: number): Promise<string[]> {
  const rows = await q.all<{ id: string }>(
    'SELECT id FROM tickets WHERE tenant_id = ? AND held_at IS NOT NULL ORDER BY held_at, id LIMIT ?',
    [tenantId, limit],
  );
  return rows.map((r) => r.id);
}

/** Tenants with held tickets (for the release sweep). */
export async function tenantsHolding(q: Queryable): Promise<string[]> {
  const rows = await q.all<{ tenant_id: string }>(
    'SELECT DISTINCT tenant_id FROM tickets WHERE held_at IS NOT NULL',
    [],
  );
  return rows.map((r) => r.tenant_id);
}
