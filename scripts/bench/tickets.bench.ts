// Tickets bench: 100k tickets in one tenant (plus smaller ones) seeded through SQL; the inbox list filtered by
// status + assignee (first and deep keyset pages) and widget ticket creation, beside the bare route.
import { openDb, type Db } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { newId, randomToken } from '../../server/lib/ids.ts';
import { provisionTenant } from '../../server/tenants/provision.ts';
import { insertApiKey } from '../../server/api-keys/queries.ts';
import { buildListQuery, PRIORITY_RANK } from '../../server/tickets/queries.ts';
import { EVERY_TICKET } from '../../server/tickets/scope.ts';
import { ALL_PERMISSIONS } from '../../server/roles/permissions.ts';
import type { BenchContext, BenchRow, LoadResult } from './types.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const OTHER_TENANTS = [TICKETS / 10, TICKETS / 20];
const AGENTS = 8;
const CUSTOMERS = 5000;
const ROWS_PER_STATEMENT = 200;
const STATUSES = ['open', 'open', 'open', 'pending', 'resolved', 'resolved', 'closed', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'] as const;

interface Seeded {
  tenantId: string;
  widgetKey: string;
  apiKey: string;
  agentIds: string[];
}

/** A small deterministic PRNG so every run seeds the same shape. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function insertMany(db: Db, table: string, columns: string[], rows: unknown[][]) {
  const marks = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT * 25) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT * 25);
    const tx = await db.client.transaction('write');
    for (let j = 0; j < chunk.length; j += ROWS_PER_STATEMENT) {
      const part = chunk.slice(j, j + ROWS_PER_STATEMENT);
      await tx.execute({ sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => marks).join(', ')}`, args: part.flat() as never });
    }
    await tx.commit();
    tx.close();
  }
}

export async function seedTenant(db: Db, label: string, tickets: number, rand: () => number): Promise<Seeded> {
  const start = new Date('2025-06-01T00:00:00Z').getTime();
  const { tenant, agent } = await db.tx((tx) =>
    provisionTenant(tx, { tenantName: `Tickets bench ${label}`, plan: 'enterprise', owner: { name: 'Owner', email: `tickets-bench-${label}@example.com`, passwordHash: 'x' } }, new Date(start)),
  );
  const now = new Date(start).toISOString();
  const agentIds = [agent.id];
  const agentRows = [];
  for (let i = 1; i < AGENTS; i++) {
    const id = newId('agt');
    agentIds.push(id);
    agentRows.push([id, tenant.id, `agent${i}-${label}@example.com`, `Agent ${i}`, 'agent', 'active', now, now]);
  }
  await insertMany(db, 'agents', ['id', 'tenant_id', 'email', 'name', 'role_id', 'status', 'created_at', 'updated_at'], agentRows);
  const apiKey = `hd_sk_${randomToken(40)}`;
  await db.tx((tx) => insertApiKey(tx, tenant.id, { id: newId('key'), name: 'bench', secret: apiKey, scopes: ALL_PERMISSIONS, createdBy: agent.id, now }));

  const customers: string[] = [];
  const customerRows = [];
  for (let i = 0; i < Math.min(CUSTOMERS, tickets); i++) {
    const id = newId('cus');
    customers.push(id);
    customerRows.push([id, tenant.id, `customer${i}@example.org`, `Customer ${i}`, now, now]);
  }
  await insertMany(db, 'customers', ['id', 'tenant_id', 'email', 'name', 'created_at', 'updated_at'], customerRows);

  const rows = [];
  const span = 250 * 86_400_000;
  for (let n = 1; n <= tickets; n++) {
    const created = start + Math.floor((n / tickets) * span);
    const updated = new Date(created + Math.floor(rand() * 5 * 86_400_000)).toISOString();
    const status = STATUSES[Math.floor(rand() * STATUSES.length)];
    const priority = PRIORITIES[Math.floor(rand() * PRIORITIES.length)];
    const assignee = rand() < 0.15 ? null : agentIds[Math.floor(rand() * agentIds.length)];
    rows.push([
      newId('tkt'),
      tenant.id,
      n,
      `Seeded ticket ${n}`,
      status,
      priority,
      PRIORITY_RANK[priority],
      'widget',
      customers[Math.floor(rand() * customers.length)],
      assignee,
      new Date(created).toISOString(),
      updated,
    ]);
  }
  const cols = ['id', 'tenant_id', 'number', 'subject', 'status', 'priority', 'priority_rank', 'channel', 'requester_id', 'assignee_id', 'created_at', 'updated_at'];
  await insertMany(db, 'tickets', cols, rows);
  await db.run('INSERT INTO ticket_counters (tenant_id, last_number) VALUES (?, ?)', [tenant.id, tickets]);
  return { tenantId: tenant.id, widgetKey: tenant.widgetKey, apiKey, agentIds };
}

const row = (name: string, r: LoadResult, base: LoadResult, unit: 'req/s' | 'ms p99' = 'req/s'): BenchRow => ({
  name,
  value: unit === 'req/s' ? r.requestsPerSecond : r.p99Ms,
  unit,
  baseline: unit === 'req/s' ? base.requestsPerSecond : base.p99Ms,
  ratio: unit === 'req/s' ? r.requestsPerSecond / base.requestsPerSecond : r.p99Ms / Math.max(base.p99Ms, 1),
  note: `${r.requestsPerSecond} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors + r.non2xx} of ${r.total}`,
});

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const databaseUrl = `file:${ctx.tmpDir}/tickets-bench.db`;
  const db = await openDb(databaseUrl);
  await migrate(db);
  const rand = prng(42);
  let t0 = performance.now();
  const main = await seedTenant(db, 'main', TICKETS, rand);
  for (const [i, n] of OTHER_TENANTS.entries()) await seedTenant(db, `other${i}`, Math.round(n), rand);
  await db.run('ANALYZE');
  ctx.log(`seeded ${TICKETS} tickets (+${OTHER_TENANTS.reduce((a, b) => a + b, 0)} in other tenants) in ${Math.round(performance.now() - t0)} ms`);

  const agent = main.agentIds[1];
  const plan = buildListQuery(main.tenantId, { scope: EVERY_TICKET, statuses: ['open'], assignee: agent }, 'updated', 'desc', null, 25);
  const explained = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${plan.sql}`, plan.args);
  ctx.log(`inbox list plan: ${explained.map((p) => p.detail).join(' | ')}`);
  db.close();

  const server = await ctx.startServer({ databaseUrl });
  try {
    const auth = { authorization: `Bearer ${main.apiKey}` };
    const listPath = `/api/v1/tickets?status=open&assignee=${agent}&limit=25`;
    // Walk 40 pages (1,000 tickets) deep to get a realistic deep cursor.
    let cursor: string | null = null;
    t0 = performance.now();
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${server.baseURL}${listPath}${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
      const page = (await res.json()) as { data: unknown[]; nextCursor: string | null };
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    ctx.log(`walked 40 list pages in ${Math.round(performance.now() - t0)} ms`);

    const base = await server.baseline(20);
    const first = await server.load({ path: listPath, headers: auth, connections: 20 });
    const deep = await server.load({ path: `${listPath}&cursor=${cursor}`, headers: auth, connections: 20 });
    let n = 0;
    const create = await server.load({
      method: 'POST',
      path: '/api/v1/widget/tickets',
      connections: 20,
      request: () => {
        n++;
        return {
          path: '/api/v1/widget/tickets',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-widget-key': main.widgetKey },
          body: JSON.stringify({
            subject: `Bench ticket ${n}: my order has not arrived`,
            message: 'Hello, I ordered a tent two weeks ago and the tracking page has not changed since. Can you help? Order 10' + n,
            email: `visitor${n % 2000}@example.net`,
            name: 'Bench Visitor',
          }),
        };
      },
    });
    ctx.log(`bare: ${base.requestsPerSecond} req/s p99 ${base.p99Ms} ms`);
    ctx.log(`inbox first page: ${first.requestsPerSecond} req/s p50 ${first.p50Ms} p99 ${first.p99Ms} ms, non-2xx ${first.non2xx}`);
    ctx.log(`inbox deep page: ${deep.requestsPerSecond} req/s p50 ${deep.p50Ms} p99 ${deep.p99Ms} ms, non-2xx ${deep.non2xx}`);
    ctx.log(`widget create: ${create.requestsPerSecond} req/s p50 ${create.p50Ms} p99 ${create.p99Ms} ms, non-2xx ${create.non2xx}`);
    return [
      { name: 'bare route GET /livez (20 conns)', value: base.requestsPerSecond, unit: 'req/s', note: `p50 ${base.p50Ms} ms, p99 ${base.p99Ms} ms` },
      row('widget ticket creation (POST /widget/tickets)', create, base),
      row('inbox list status=open&assignee=<id>, first page, 20 conns', first, base, 'ms p99'),
      row('inbox list, deep keyset page (1,000 in), 20 conns', deep, base, 'ms p99'),
      row('inbox list, first page throughput', first, base),
      ctx.rssRow(server),
    ];
  } finally {
    await server.stop();
  }
}
