// Reports bench: 100k tickets of one tenant (the tickets bench's seed) with a metric ledger seeded beside them, and
// every report over the whole 250-day period at 5 connections: metrics, agents, heatmap, the drill-down's first
// page, SLA per target, CSAT comments, the backlog by day, KB deflection and the live tiles, as p99 against the
// issue's 200 ms goal and beside the bare route of the same run.
import { openDb } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { rebuildRollups } from '../../server/analytics/rollup-service.ts';
import { prng, seedTenant } from './tickets.bench.ts';
import type { BenchContext, BenchRow, LoadResult } from './types.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const CONNECTIONS = 5;
const GOAL_P99_MS = 200;

/** First response for every ticket, next responses, waits and resolutions for some, SLA rows for half. */
export async function seedLedger(db: Awaited<ReturnType<typeof openDb>>, tenantId: string, agentIds: string[], rand: () => number) {
  const tickets = await db.all<{
    id: string;
    created_at: string;
    status: string;
    team_id: string | null;
    channel: string;
    priority: string;
  }>(
    'SELECT id, created_at, status, team_id, channel, priority FROM tickets WHERE tenant_id = ?',
    [tenantId],
  );
  const rows: unknown[][] = [];
  for (const t of tickets) {
    const created = Date.parse(t.created_at);
    const agent = agentIds[Math.floor(rand() * agentIds.length)];
    let seq = 0;
    const add = (kind: string, afterSeconds: number, met: number | null = null) =>
      rows.push([
        tenantId,
        t.id,
        seq++,
        kind,
        new Date(created + afterSeconds * 1000).toISOString(),
        afterSeconds,
        Math.round(afterSeconds * 0.4),
        kind === 'waiting' ? null : agent,
        0,
        met,
        t.team_id,
        t.channel,
        t.priority,
      ]);
    const first = Math.round(rand() * 36_000);
    add('first_response', first);
    if (rand() < 0.5) add('sla_first_response', first, first < 14_400 ? 1 : 0);
    if (rand() < 0.3) add('next_response', first + Math.round(rand() * 50_000));
    if (rand() < 0.15) add('waiting', first + Math.round(rand() * 90_000));
    if (t.status === 'resolved' || t.status === 'closed') add('resolution', first + Math.round(rand() * 200_000));
  }
  const cols =
    'tenant_id, ticket_id, seq, kind, at, calendar_seconds, business_seconds, agent_id, automated, met, team_id, channel, priority';
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const tx = await db.client.transaction('write');
    for (let j = 0; j < chunk.length; j += 200) {
      const part = chunk.slice(j, j + 200);
      await tx.execute({
        sql: `INSERT INTO ticket_metrics (${cols}) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        args: part.flat() as never,
      });
    }
    await tx.commit();
    tx.close();
  }
  return rows.length;
}

/**
 * What the newer reports read beside the ledger: SLA due times on half the tickets (a quarter of those still unmet),
 * a CSAT rating (a third with a comment) for a tenth of the solved tickets, and a widget's KB activity over the 250
 * days: searches and views per day, 200 sessions a day (a third filed a ticket), 40 empty searches a day.
 */
export async function seedReportExtras(db: Awaited<ReturnType<typeof openDb>>, tenantId: string, rand: () => number) {
  await db.run(
    `UPDATE tickets SET first_response_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+4 hours'),
       resolution_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+3 days')
     WHERE tenant_id = ? AND abs(random()) % 2 = 0`,
    [tenantId],
  );
  const solved = await db.all<{ id: string; updated_at: string; assignee_id: string | null; team_id: string | null; channel: string; priority: string }>(
    "SELECT id, updated_at, assignee_id, team_id, channel, priority FROM tickets WHERE tenant_id = ? AND status IN ('resolved', 'closed')",
    [tenantId],
  );
  const surveys: unknown[][] = [];
  // Each rating is also its ticket's ledger row (kind csat, met 1 good), as the rating's write keeps it.
  const ratingRows: unknown[][] = [];
  for (const t of solved) {
    if (rand() >= 0.1) continue;
    const good = rand() < 0.8;
    const comment = rand() < 0.33 ? (good ? 'Quick and friendly, thank you' : 'Took far too long to hear back') : null;
    surveys.push([`csat_${t.id}`, tenantId, t.id, t.updated_at, good ? 'good' : 'bad', comment, t.updated_at, t.updated_at]);
    ratingRows.push([tenantId, t.id, 100, 'csat', t.updated_at, t.assignee_id, good ? 1 : 0, t.team_id, t.channel, t.priority]);
  }
  const day0 = Date.parse('2025-06-01T00:00:00Z');
  const days: unknown[][] = [];
  const sessions: unknown[][] = [];
  const misses: unknown[][] = [];
  for (let d = 0; d < 250; d++) {
    const day = new Date(day0 + d * 86_400_000).toISOString().slice(0, 10);
    days.push([tenantId, day, 300 + Math.floor(rand() * 200), 150 + Math.floor(rand() * 100)]);
    for (let i = 0; i < 200; i++)
      sessions.push([tenantId, `s${d}x${i}bench`, `${day}T${String(i % 24).padStart(2, '0')}:00:00.000Z`, 1, rand() < 0.5 ? 1 : 0, rand() < 0.33 ? 1 : 0]);
    for (let i = 0; i < 40; i++) misses.push([tenantId, day, 'en', `query ${i * 7 + (d % 13)}`, `Query ${i * 7 + (d % 13)}`, 1 + Math.floor(rand() * 5)]);
  }
  const insert = async (table: string, cols: string, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const tx = await db.client.transaction('write');
      for (let j = 0; j < chunk.length; j += 100) {
        const part = chunk.slice(j, j + 100);
        const marks = `(${part[0]!.map(() => '?').join(', ')})`;
        await tx.execute({ sql: `INSERT INTO ${table} (${cols}) VALUES ${part.map(() => marks).join(', ')}`, args: part.flat() as never });
      }
      await tx.commit();
      tx.close();
    }
  };
  await insert('csat_surveys', 'id, tenant_id, ticket_id, resolved_at, rating, comment, rated_at, created_at', surveys);
  await insert('ticket_metrics', 'tenant_id, ticket_id, seq, kind, at, agent_id, met, team_id, channel, priority', ratingRows);
  await insert('kb_activity_days', 'tenant_id, day, searches, views', days);
  await insert('kb_widget_sessions', 'tenant_id, session_id, first_at, searched, viewed, filed', sessions);
  await insert('kb_search_miss_days', 'tenant_id, day, locale, query_key, query, misses', misses);
  return { surveys: surveys.length, sessions: sessions.length };
}

const row = (name: string, r: LoadResult, base: LoadResult): BenchRow => ({
  name,
  value: r.p99Ms,
  unit: 'ms p99',
  baseline: base.p99Ms,
  ratio: r.p99Ms / Math.max(base.p99Ms, 1),
  note: `${r.requestsPerSecond} req/s (${((r.requestsPerSecond / base.requestsPerSecond) * 100).toFixed(1)}% of bare), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (goal ≤ ${GOAL_P99_MS}), errors ${r.errors + r.non2xx} of ${r.total}`,
});

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const databaseUrl = `file:${ctx.tmpDir}/reports-bench.db`;
  const db = await openDb(databaseUrl);
  await migrate(db);
  const rand = prng(7);
  const t0 = performance.now();
  const main = await seedTenant(db, 'reports', TICKETS, rand);
  const ledger = await seedLedger(db, main.tenantId, main.agentIds, rand);
  await db.run('DELETE FROM ticket_metrics_pending');
  const extras = await seedReportExtras(db, main.tenantId, rand);
  ctx.log(
    `seeded ${TICKETS} tickets, ${ledger} ledger rows, ${extras.surveys} CSAT ratings and ${extras.sessions} widget sessions in ${Math.round(performance.now() - t0)} ms`,
  );
  // The seed wrote ledger rows directly, so the daily rollups are built the way a ledger rebuild builds them.
  const t1 = performance.now();
  await rebuildRollups(db, main.tenantId);
  ctx.log(`built the daily rollups in ${Math.round(performance.now() - t1)} ms`);
  await db.run('ANALYZE');
  db.close();

  const server = await ctx.startServer({ databaseUrl });
  try {
    const auth = { authorization: `Bearer ${main.apiKey}` };
    const period = 'from=2025-06-01&to=2026-02-10';
    const reports: [string, string][] = [
      ['metrics (medians, p90, buckets, SLA, CSAT)', `/api/v1/analytics/metrics?${period}`],
      ['metrics filtered by agent and priority', `/api/v1/analytics/metrics?${period}&agentId=${main.agentIds[1]}&priority=high`],
      ['agent table', `/api/v1/analytics/agents?${period}`],
      ['arrival heatmap', `/api/v1/analytics/heatmap?${period}`],
      ['drill-down, first page of resolutions', `/api/v1/analytics/metrics/tickets?${period}&kind=resolution&limit=25`],
      ['SLA per target', `/api/v1/analytics/sla?${period}`],
      ['drill-down, first page of SLA breaches (still unmet included)', `/api/v1/analytics/metrics/tickets?${period}&kind=sla_breached&limit=25`],
      ['CSAT comments, first page', `/api/v1/analytics/csat/responses?${period}&limit=25`],
      ['backlog by day', `/api/v1/analytics/backlog?${period}`],
      ['KB deflection', `/api/v1/analytics/kb-deflection?${period}`],
      ['live tiles', '/api/v1/analytics/live'],
    ];
    for (const [, path] of reports) {
      const res = await fetch(`${server.baseURL}${path}`, { headers: auth });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    }
    // One request at a time: what a manager opening the page waits for, beside the loaded figures below.
    const single = new Map<string, number>();
    for (const [name, path] of reports) {
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        await (await fetch(`${server.baseURL}${path}`, { headers: auth })).arrayBuffer();
        times.push(performance.now() - t);
      }
      single.set(name, times.sort((a, b) => a - b)[7]);
      ctx.log(`${name}: single request median ${single.get(name)!.toFixed(1)} ms`);
    }
    const base = await server.baseline(CONNECTIONS);
    const out: BenchRow[] = [
      { name: `bare route GET /livez (${CONNECTIONS} conns)`, value: base.requestsPerSecond, unit: 'req/s', note: `p50 ${base.p50Ms} ms, p99 ${base.p99Ms} ms` },
    ];
    for (const [name, path] of reports) {
      const r = await server.load({ path, headers: auth, connections: CONNECTIONS });
      ctx.log(`${name}: ${r.requestsPerSecond} req/s p50 ${r.p50Ms} p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}`);
      out.push(row(`report over ${TICKETS / 1000}k tickets: ${name}, ${CONNECTIONS} conns`, r, base));
      out.push({
        name: `report over ${TICKETS / 1000}k tickets: ${name}, one request at a time`,
        value: Math.round(single.get(name)! * 10) / 10,
        unit: 'ms median of 15',
      });
    }
    out.push(ctx.rssRow(server));
    return out;
  } finally {
    await server.stop();
  }
}
