import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { deleteTicketRows } from '../tickets/queries.ts';
import { rebuildLedger } from './ledger-service.ts';
import { refreshDirtyDays } from './rollup-service.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T08:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

const H = 3600;
const create = async (over: Record<string, unknown> = {}) =>
  (
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Order', message: 'Where is it?', requester: { email: 'r@example.com' }, ...over },
    })
  ).body as { id: string };
const reply = (id: string) => h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'Done' } });
const patch = (id: string, body: Record<string, unknown>) =>
  h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body });
const get = async (path: string, query: string) =>
  (await h.json('GET', `/api/v1/analytics/${path}?${query}`, t.as)).body;
const dirty = async () =>
  (await h.db.all<{ day: string }>('SELECT day FROM ticket_metric_dirty_days ORDER BY day')).map((r) => r.day);
const settle = async () => {
  while ((await refreshDirtyDays(h.db)) > 0);
};

/** Three tickets over three days: first responses 1 h, 2 h and 30 min; two resolutions (3 h and 5 h). */
const seed = async () => {
  clock.set('2026-03-02T08:00:00.000Z');
  const a = await create();
  clock.set('2026-03-02T09:00:00.000Z');
  await reply(a.id); // 1 h
  clock.set('2026-03-02T11:00:00.000Z');
  await patch(a.id, { status: 'resolved' }); // 3 h
  clock.set('2026-03-03T10:00:00.000Z');
  const b = await create({ priority: 'high', tags: ['vip'] });
  clock.set('2026-03-03T12:00:00.000Z');
  await reply(b.id); // 2 h
  clock.set('2026-03-03T15:00:00.000Z');
  await patch(b.id, { status: 'resolved' }); // 5 h
  clock.set('2026-03-04T23:30:00.000Z');
  const c = await create({ priority: 'high' });
  clock.set('2026-03-05T00:00:00.000Z');
  await reply(c.id); // 30 min, on the next UTC day
  return { a, b, c };
};

const QUERIES = [
  ['metrics', 'from=2026-03-01&to=2026-04-01'],
  ['metrics', 'from=2026-03-01&to=2026-04-01&priority=high'],
  ['metrics', 'from=2026-03-01&to=2026-04-01&tag=vip'],
  ['metrics', 'from=2026-03-01&to=2026-04-01&channel=api'],
  ['metrics', 'from=2026-03-02T10:00:00Z&to=2026-03-05T00:10:00Z'],
  ['agents', 'from=2026-03-01&to=2026-04-01'],
  ['agents', 'from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z'],
] as const;

describe('the daily rollups of the metric ledger', () => {
  it('answer every report as the ledger rows do, whole days from rollups and the rest from the ledger', async () => {
    await seed();
    clock.set('2026-03-10T08:00:00.000Z');
    expect(await dirty()).toEqual(['2026-03-02', '2026-03-03', '2026-03-05']);
    const fromLedger = [];
    for (const [path, query] of QUERIES) fromLedger.push(await get(path, query));
    const fromLedgerOfDays = await get('metrics', 'from=2026-03-03&to=2026-03-05');
    await settle();
    expect(await dirty()).toEqual([]);
    for (const [i, [path, query]] of QUERIES.entries())
      expect([query, await get(path, query)]).toEqual([query, fromLedger[i]]);

    // Hand-computed: [1 h, 2 h, 0.5 h] → median 1 h, p90 2 h; resolutions [3 h, 5 h] → median 3 h.
    const all = fromLedger[0];
    expect(all.firstResponse).toMatchObject({ count: 3, medianSeconds: 1 * H, p90Seconds: 2 * H });
    expect(all.resolution).toMatchObject({ count: 2, medianSeconds: 3 * H, p90Seconds: 5 * H });
    expect(fromLedger[1].firstResponse).toMatchObject({ count: 2, medianSeconds: 0.5 * H, p90Seconds: 2 * H });
    expect(fromLedger[2].firstResponse).toMatchObject({ count: 1, medianSeconds: 2 * H });
    // From Mon 10:00 to Thu 00:10: a's reply (09:00) is before it, a's resolution (11:00) in the partial first day.
    expect(fromLedger[4].firstResponse).toMatchObject({ count: 2, medianSeconds: 0.5 * H, p90Seconds: 2 * H });
    expect(fromLedger[4].resolution).toMatchObject({ count: 2 });
    expect(fromLedger[5].data[0]).toMatchObject({ handled: 3, responses: 3, resolutions: 2 });
    expect(fromLedger[6].data[0]).toMatchObject({ handled: 1, responses: 1, medianFirstResponseSeconds: 2 * H });

    // Whole clean months and days are read from the rollups alone: with the ledger rows gone, the figures stay.
    expect(await h.db.all('SELECT DISTINCT day FROM ticket_metric_months')).toEqual([{ day: '2026-03' }]);
    await h.db.run('DELETE FROM ticket_metrics');
    expect(await get('metrics', QUERIES[0][1])).toEqual(all);
    expect(await get('metrics', 'from=2026-03-03&to=2026-03-05')).toEqual(fromLedgerOfDays);
  });

  it('a change marks its days dirty so reports see it at once; an unchanged ledger writes nothing', async () => {
    const { c } = await seed();
    await settle();
    clock.set('2026-03-05T02:00:00.000Z');
    await patch(c.id, { tags: ['later'] }); // no ledger figure changes
    expect(await dirty()).toEqual([]);
    await patch(c.id, { priority: 'low' }); // the rows carry the priority: its day is rebuilt
    expect(await dirty()).toEqual(['2026-03-05']);
    const q = 'from=2026-03-01&to=2026-04-01&priority=high';
    expect((await get('metrics', q)).firstResponse.count).toBe(1);
    await settle();
    expect((await get('metrics', q)).firstResponse.count).toBe(1);
    expect((await get('metrics', 'from=2026-03-01&to=2026-04-01&priority=low')).firstResponse.count).toBe(1);
  });

  it('a ticket deleted for good (an erasure) leaves the reports with its days', async () => {
    const { b } = await seed();
    await settle();
    await h.db.tx((tx) => deleteTicketRows(tx, t.tenant.id, b.id, '2026-03-10T08:00:00.000Z'));
    expect(await dirty()).toEqual(['2026-03-03']);
    expect((await get('metrics', QUERIES[0][1])).firstResponse.count).toBe(2);
    await settle();
    expect((await get('metrics', QUERIES[0][1])).firstResponse).toMatchObject({ count: 2, p90Seconds: 1 * H });
  });

  it("counts a ticket as handled in a period only when one of its agent's touches falls inside it", async () => {
    await seed(); // a: reply 03-02 09:00, resolution 11:00
    const handled = async (from: string, to: string) =>
      (await get('agents', `from=${from}&to=${to}`)).data[0].handled as number;
    expect(await handled('2026-03-02T09:30:00Z', '2026-03-02T10:30:00Z')).toBe(0); // straddles both edges
    expect(await handled('2026-03-02T10:30:00Z', '2026-03-02T11:30:00Z')).toBe(1); // last touch inside
    expect(await handled('2026-03-02T08:30:00Z', '2026-03-02T09:30:00Z')).toBe(1); // first touch inside
    expect(await handled('2026-03-02T09:00:00Z', '2026-03-02T09:00:00.001Z')).toBe(1);
    expect(await handled('2026-03-02T11:00:00.001Z', '2026-03-03T11:00:00Z')).toBe(0); // after a, before b's reply
  });

  it('the arrivals per UTC hour follow every ticket write (created, spam, released, deleted) and answer the heatmap', async () => {
    const { a, b } = await seed();
    const kept = () => h.db.all('SELECT hour, n FROM ticket_arrival_hours WHERE n > 0 ORDER BY hour');
    const recount = () =>
      h.db.all(
        'SELECT substr(created_at, 1, 13) AS hour, count(*) AS n FROM tickets WHERE spam = 0 GROUP BY hour ORDER BY hour',
      );
    const total = async (query: string) =>
      ((await get('heatmap', query)).counts as number[][]).flat().reduce((x, y) => x + y, 0);
    expect(await kept()).toEqual(await recount());
    expect((await kept()).length).toBe(3);
    await h.db.run('UPDATE tickets SET spam = 1 WHERE id = ?', [a.id]);
    expect(await kept()).toEqual(await recount());
    expect(await total('from=2026-03-01&to=2026-04-01')).toBe(2);
    expect((await h.json('POST', `/api/v1/tickets/${a.id}/not-spam`, t.as)).status).toBe(200);
    expect(await kept()).toEqual(await recount());
    expect(await total('from=2026-03-01&to=2026-04-01')).toBe(3);
    // Released, a arrives now (03-05 00:00). Partial first and last hours are read from the tickets: b at 03-03
    // 10:00, c at 03-04 23:30.
    expect(await total('from=2026-03-03T10:00:00.001Z&to=2026-03-05T00:00:00.001Z')).toBe(2);
    expect(await total('from=2026-03-02T07:59:00Z&to=2026-03-04T23:30:00.001Z')).toBe(2);
    expect(await total('from=2026-03-02T07:59:00Z&to=2026-03-04T23:30:00Z')).toBe(1);
    await h.db.tx((tx) => deleteTicketRows(tx, t.tenant.id, b.id, '2026-03-10T08:00:00.000Z'));
    expect(await kept()).toEqual(await recount());
    expect(await total('from=2026-03-01&to=2026-04-01')).toBe(2);
    await h.db.run('DELETE FROM ticket_arrival_hours');
    await rebuildLedger(h.db, t.tenant.id);
    expect(await kept()).toEqual(await recount());
  });

  it('the heatmap places each hour in local time across a DST change (Europe/Berlin, 29 March 2026)', async () => {
    clock.set('2026-03-28T12:00:00.000Z'); // a session of that week (the suite's starts on 2 March)
    t = await h.signup();
    const day = { open: '09:00', close: '17:00' };
    const zone = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { businessHours: { timezone: 'Europe/Berlin', schedule: { mon: day, tue: day } } } },
    });
    expect(zone.status).toBe(200);
    // Sat 23:30 CET, Sun 01:30 CET, Sun 03:30 CEST (clocks went 02:00 → 03:00 at 01:00 UTC), Mon 00:10 CEST.
    for (const at of [
      '2026-03-28T22:30:00.000Z',
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T22:10:00.000Z',
    ]) {
      clock.set(at);
      await create();
    }
    const heat = await get('heatmap', 'from=2026-03-23&to=2026-04-06');
    expect(heat.timezone).toBe('Europe/Berlin');
    const counts = heat.counts as number[][];
    const cells = counts.flatMap((row, day) => row.flatMap((n, hour) => (n ? [[day, hour, n]] : [])));
    // Monday first: Mon 00, Sat 23, Sun 01 and Sun 03 (no Sun 02: that hour did not exist).
    expect(cells).toEqual([
      [0, 0, 1],
      [5, 23, 1],
      [6, 1, 1],
      [6, 3, 1],
    ]);
  });

  it('a rebuild from the history gives the same rollups and the same numbers', async () => {
    await seed();
    await settle();
    const rollups = async () => [
      ...(await h.db.all('SELECT * FROM ticket_metric_days ORDER BY dim, value, kind, day')),
      ...(await h.db.all('SELECT * FROM ticket_metric_months ORDER BY dim, value, kind, day')),
    ];
    const kept = await rollups();
    const derived = async () => [
      ...(await h.db.all('SELECT * FROM ticket_agent_touches ORDER BY ticket_id, agent_id')),
      ...(await h.db.all('SELECT id, sla_first_response_reached, sla_resolution_reached FROM tickets ORDER BY id')),
    ];
    const keptDerived = await derived();
    expect(keptDerived.length).toBeGreaterThan(3);
    const before = await get('metrics', QUERIES[0][1]);
    const agentsBefore = await get('agents', QUERIES[5][1]);
    await h.db.run('DELETE FROM ticket_agent_touches');
    await h.db.run('UPDATE tickets SET sla_first_response_reached = 1 - sla_first_response_reached');
    await h.db.run('DELETE FROM ticket_metrics');
    await h.db.run('DELETE FROM ticket_metric_days');
    await h.db.run('DELETE FROM ticket_metric_months');
    await rebuildLedger(h.db, t.tenant.id);
    expect(await dirty()).toEqual([]);
    expect(await rollups()).toEqual(kept);
    expect(await derived()).toEqual(keptDerived);
    expect(await get('metrics', QUERIES[0][1])).toEqual(before);
    expect(await get('agents', QUERIES[5][1])).toEqual(agentsBefore);
  });
});
