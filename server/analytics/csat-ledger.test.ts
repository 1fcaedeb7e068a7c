// Satisfaction ratings in the metric ledger: /analytics/metrics and the agent table read them from the ledger and
// its daily rollups, credited to the ticket's assignee, and a rebuild or the migration of older ratings gives the same.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { loadMigrations, splitStatements } from '../db/migrate.ts';
import { rebuildLedger } from './ledger-service.ts';
import { refreshDirtyDays } from './rollup-service.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
let ada: string;
let bo: string;

beforeEach(async () => {
  clock = testClock('2026-03-02T08:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
  const on = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { csat: { enabled: true } } },
  });
  expect(on.status).toBe(200);
  ada = await t.addAgent('Ada');
  bo = await t.addAgent('Bo');
});
afterEach(() => h.close());

/** A widget ticket assigned to `assigneeId`, resolved, and rated by its visitor (each rating in turn). */
async function rated(assigneeId: string, ...ratings: ('good' | 'bad')[]) {
  const made = await h.json('POST', '/api/v1/widget/tickets', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: { subject: 'Tent pole snapped', message: 'One pole broke.', email: 'maya@example.com', name: 'Maya' },
  });
  expect(made.status).toBe(201);
  const id = made.body.ticket.id as string;
  const patch = await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { assigneeId, status: 'resolved' } });
  expect(patch.status).toBe(200);
  for (const rating of ratings) {
    clock.advance(60_000);
    const r = await h.json('POST', `/api/v1/widget/tickets/${id}/rating`, {
      headers: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${made.body.visitorToken}` },
      body: { rating },
    });
    expect(r.status).toBeLessThan(300);
  }
  return id;
}

const PERIOD = 'from=2026-03-01&to=2026-04-01';
const csatOf = async (query = '') =>
  (await h.json('GET', `/api/v1/analytics/metrics?${PERIOD}${query}`, t.as)).body.csat;
const agentCsat = async () => {
  const r = await h.json('GET', `/api/v1/analytics/agents?${PERIOD}`, t.as);
  expect(r.status).toBe(200);
  return Object.fromEntries(
    (r.body.data as { agentId: string; csat: { good: number; bad: number } }[]).map((a) => [a.agentId, a.csat]),
  );
};
const csatRows = () =>
  h.db.all('SELECT ticket_id, at, agent_id, met FROM ticket_metrics WHERE kind = ? ORDER BY ticket_id, at', ['csat']);

describe('satisfaction ratings in the metric ledger', () => {
  it('are counted once per rated resolution (the latest rating), per agent to the assignee, from the ledger and its rollups alike', async () => {
    await rated(ada, 'good');
    const b = await rated(bo, 'bad');
    await rated(ada, 'bad', 'good'); // changed its mind: counts once, as good

    const expectFigures = async () => {
      expect(await csatOf()).toEqual({ score: 66.7, responses: 3, good: 2, bad: 1 });
      expect(await csatOf(`&agentId=${ada}`)).toEqual({ score: 100, responses: 2, good: 2, bad: 0 });
      expect(await agentCsat()).toMatchObject({
        [ada]: { score: 100, good: 2, bad: 0 },
        [bo]: { score: 0, good: 0, bad: 1 },
      });
    };
    // Read from the ledger rows (the days are dirty), then from the rebuilt daily rollups: the same figures.
    await expectFigures();
    while ((await refreshDirtyDays(h.db)) > 0);
    expect(await h.db.get('SELECT count(*) AS n FROM ticket_metric_dirty_days')).toEqual({ n: 0 });
    await expectFigures();

    // Reassigned: the rating follows the ticket to its new assignee.
    expect((await h.json('PATCH', `/api/v1/tickets/${b}`, { ...t.as, body: { assigneeId: ada } })).status).toBe(200);
    expect(await agentCsat()).toMatchObject({ [ada]: { good: 2, bad: 1 }, [bo]: { score: null, good: 0, bad: 0 } });

    // A rebuild from the history writes the same rows.
    const before = await csatRows();
    expect(before).toHaveLength(3);
    await rebuildLedger(h.db, t.tenant.id);
    expect(await csatRows()).toEqual(before);
    expect(await csatOf()).toEqual({ score: 66.7, responses: 3, good: 2, bad: 1 });
  });

  it('ratings given before the ledger held them are added by the migration (0065)', async () => {
    await rated(ada, 'good');
    await rated(bo, 'bad');
    const kept = await csatRows();
    await h.db.run("DELETE FROM ticket_metrics WHERE kind = 'csat'");
    while ((await refreshDirtyDays(h.db)) > 0);
    expect(await csatOf()).toMatchObject({ responses: 0 });

    const migration = loadMigrations().find((m) => m.name.startsWith('0065_'))!;
    for (const statement of splitStatements(migration.sql)) await h.db.run(statement);
    expect(await csatRows()).toEqual(kept);
    expect(await csatOf()).toEqual({ score: 50, responses: 2, good: 1, bad: 1 });
    while ((await refreshDirtyDays(h.db)) > 0);
    expect(await agentCsat()).toMatchObject({ [ada]: { good: 1, bad: 0 }, [bo]: { good: 0, bad: 1 } });
  });
});
