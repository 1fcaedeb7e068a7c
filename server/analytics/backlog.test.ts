import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { deleteTicketRows } from '../tickets/queries.ts';
import { localDays } from './backlog-queries.ts';
import type { BacklogDay } from './schemas.ts';
import { refreshTicketMetrics } from './ledger-service.ts';
import { rebuildRollups } from './rollup-service.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-01T08:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
  const day = { open: '09:00', close: '17:00' };
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { businessHours: { timezone: 'Europe/Berlin', schedule: { mon: day, tue: day } } } },
  });
});
afterEach(() => h.close());

const at = (iso: string) => clock.set(iso);
const create = async (priority = 'normal') =>
  (
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Tent', message: 'Broken', requester: { email: 'r@example.com' }, priority },
    })
  ).body;
const status = (id: string, s: string) => h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: s } });
const get = (query: string) => h.json('GET', `/api/v1/analytics/backlog?${query}`, t.as);

describe('GET /analytics/backlog', () => {
  it("counts per local day created, resolved, reopened and open at the day's end, in the tenant's time zone", async () => {
    at('2026-03-01T10:00:00.000Z');
    await create(); // P: open before the period and all through it
    at('2026-03-02T08:00:00.000Z');
    const a = await create();
    at('2026-03-02T12:00:00.000Z');
    await status(a.id, 'resolved');
    at('2026-03-02T23:30:00.000Z'); // 00:30 on the 3rd in Berlin
    const b = await create('high');
    at('2026-03-03T09:00:00.000Z');
    await status(a.id, 'open');
    at('2026-03-04T09:00:00.000Z');
    await status(a.id, 'closed');
    at('2026-03-04T10:00:00.000Z');
    await status(b.id, 'pending'); // pending is still open …
    at('2026-03-04T11:00:00.000Z');
    await status(b.id, 'resolved'); // … until resolved
    at('2026-03-06T08:00:00.000Z');

    const r = await get('from=2026-03-02&to=2026-03-05');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      timezone: 'Europe/Berlin',
      openAtStart: 1,
      days: [
        {
          date: '2026-03-02',
          start: '2026-03-01T23:00:00.000Z',
          end: '2026-03-02T23:00:00.000Z',
          created: 1,
          resolved: 1,
          reopened: 0,
          openAtEnd: 1,
        },
        {
          date: '2026-03-03',
          start: '2026-03-02T23:00:00.000Z',
          end: '2026-03-03T23:00:00.000Z',
          created: 1,
          resolved: 0,
          reopened: 1,
          openAtEnd: 3,
        },
        {
          date: '2026-03-04',
          start: '2026-03-03T23:00:00.000Z',
          end: '2026-03-04T23:00:00.000Z',
          created: 0,
          resolved: 2,
          reopened: 0,
          openAtEnd: 1,
        },
      ],
    });
    const high = await get('from=2026-03-02&to=2026-03-05&priority=high');
    expect(high.body.openAtStart).toBe(0);
    expect(high.body.days.map((d: { openAtEnd: number }) => d.openAtEnd)).toEqual([0, 1, 0]);
    // The day's resolutions are its drill-down.
    const d = r.body.days[2];
    const drill = await h.json(
      'GET',
      `/api/v1/analytics/metrics/tickets?from=${d.start}&to=${d.end}&kind=resolution`,
      t.as,
    );
    expect(drill.body.data.map((x: { number: number }) => x.number).sort()).toEqual([a.number, b.number].sort());
    // The day's created tickets are one too: b was created at 00:30 on the 3rd in Berlin, not on the 2nd.
    const day3 = r.body.days[1];
    const created = await h.json(
      'GET',
      `/api/v1/analytics/metrics/tickets?from=${day3.start}&to=${day3.end}&kind=created`,
      t.as,
    );
    expect(created.status).toBe(200);
    expect(created.body.data).toEqual([
      expect.objectContaining({ number: b.number, kind: 'created', at: '2026-03-02T23:30:00.000Z', ticketId: b.id }),
    ]);
    const tooHigh = await h.json(
      'GET',
      `/api/v1/analytics/metrics/tickets?from=2026-03-02&to=2026-03-05&kind=created&priority=high&limit=1`,
      t.as,
    );
    expect(tooHigh.body.data.map((x: { number: number }) => x.number)).toEqual([b.number]);
    expect(tooHigh.body.nextCursor).toBeNull();

    const csv = await h.req('GET', '/api/v1/analytics/backlog?from=2026-03-02&to=2026-03-05&format=csv', t.as);
    expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual([
      'date,start,end,created,resolved,reopened,openAtEnd',
      '2026-03-02,2026-03-01T23:00:00.000Z,2026-03-02T23:00:00.000Z,1,1,0,1',
    ]);
    expect((await get('from=2026-03-05&to=2026-03-02')).status).toBe(422);
    expect((await get('from=2026-03-05&to=soon')).status).toBe(422);
  });

  it('local days are whole: 23 hours on the day DST starts, instants fall in the day that holds them', () => {
    const days = localDays('2026-03-28', '2026-03-31', 'Europe/Berlin');
    expect(days.map((d) => [d.date, (d.end.getTime() - d.start.getTime()) / 3600_000])).toEqual([
      ['2026-03-28', 24],
      ['2026-03-29', 23],
      ['2026-03-30', 24],
    ]);
    expect(localDays('2026-03-02T12:00:00Z', '2026-03-03T00:30:00Z', 'UTC').map((d) => d.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
    ]);
    expect(localDays('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', 'UTC').map((d) => d.date)).toEqual(['2026-03-02']);
  });
});

describe('GET /analytics/backlog from the hour tables', () => {
  const zone = (timezone: string) =>
    h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { businessHours: { timezone } } } });
  /** The report without filters (whole hours from the hour tables) and with one every ticket meets (the ledger). */
  const both = async (query: string) => {
    const fast = await get(query);
    expect(fast.status).toBe(200);
    expect((await get(`${query}&priority=normal`)).body).toEqual(fast.body);
    return fast.body as { openAtStart: number; days: BacklogDay[] };
  };
  const figures = (r: Awaited<ReturnType<typeof both>>) => [
    r.openAtStart,
    ...r.days.map((d) => [d.date, d.created, d.resolved, d.reopened, d.openAtEnd]),
  ];
  const kept = () => h.db.all('SELECT kind, hour, n FROM ticket_metric_hours WHERE n > 0 ORDER BY kind, hour');
  const recount = () =>
    h.db.all(
      `SELECT kind, substr(at, 1, 13) AS hour, count(*) AS n FROM ticket_metrics WHERE kind IN ('resolution', 'reopen')
       GROUP BY kind, hour ORDER BY kind, hour`,
    );

  it('splits the UTC hours a half-hour zone cuts at midnight (Asia/Kolkata) and counts a reopen after the period', async () => {
    await zone('Asia/Kolkata'); // midnight is 18:30 UTC
    at('2026-03-01T18:20:00.000Z');
    const c = await create(); // 23:50 on 03-01: open at start
    at('2026-03-01T18:40:00.000Z');
    await status(c.id, 'resolved'); // 00:10 on 03-02
    at('2026-03-02T18:10:00.000Z');
    const a = await create(); // 23:40 on 03-02
    at('2026-03-02T18:20:00.000Z');
    await status(a.id, 'resolved'); // 23:50 on 03-02
    at('2026-03-02T18:25:00.000Z');
    await status(a.id, 'open'); // 23:55 on 03-02
    at('2026-03-02T18:35:00.000Z');
    await status(a.id, 'resolved'); // 00:05 on 03-03
    at('2026-03-02T18:45:00.000Z');
    const b = await create(); // 00:15 on 03-03
    at('2026-03-03T18:40:00.000Z');
    await status(b.id, 'resolved'); // 00:10 on 03-04, after the period
    at('2026-03-03T19:00:00.000Z');
    await status(b.id, 'open'); // 00:30 on 03-04
    at('2026-03-06T08:00:00.000Z');

    expect(await kept()).toEqual(await recount());
    expect(figures(await both('from=2026-03-02&to=2026-03-04'))).toEqual([
      1,
      ['2026-03-02', 1, 2, 1, 1],
      ['2026-03-03', 1, 1, 0, 1],
    ]);
    // Instants: the local days holding them.
    expect(figures(await both('from=2026-03-02T18:29:00Z&to=2026-03-04T18:30:00Z'))).toEqual([
      1,
      ['2026-03-02', 1, 2, 1, 1],
      ['2026-03-03', 1, 1, 0, 1],
      ['2026-03-04', 0, 1, 1, 1],
    ]);
    expect(figures(await both('from=2026-03-03&to=2026-03-05'))).toEqual([
      1,
      ['2026-03-03', 1, 1, 0, 1],
      ['2026-03-04', 0, 1, 1, 1],
    ]);
    // Whole-hour and quarter-hour zones give the same figures from the hour tables as from the ledger.
    for (const tz of ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Adelaide', 'Pacific/Chatham']) {
      await zone(tz);
      await both('from=2026-02-27&to=2026-03-08');
      await both('from=2026-03-02T18:29:00Z&to=2026-03-03T18:31:00Z');
    }
  });

  it('a DST day (23 hours in New York) holds the hours of its own clock', async () => {
    await zone('America/New_York');
    at('2026-03-08T04:50:00.000Z'); // 23:50 EST on 03-07
    const x = await create();
    at('2026-03-08T05:10:00.000Z'); // 00:10 on 03-08
    await status(x.id, 'resolved');
    at('2026-03-09T03:30:00.000Z'); // 23:30 EDT on 03-08
    const y = await create();
    at('2026-03-09T04:30:00.000Z'); // 00:30 on 03-09
    await status(y.id, 'resolved');
    at('2026-03-11T08:00:00.000Z');
    const r = await both('from=2026-03-07&to=2026-03-10');
    expect(r.days.map((d) => [d.date, d.start, d.end])).toEqual([
      ['2026-03-07', '2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z'],
      ['2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
      ['2026-03-09', '2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z'],
    ]);
    expect(figures(r)).toEqual([0, ['2026-03-07', 1, 0, 0, 1], ['2026-03-08', 1, 1, 0, 1], ['2026-03-09', 0, 1, 0, 0]]);
  });

  it('follows spam, its release and a deletion, and rebuildRollups recounts the hour table', async () => {
    await zone('Asia/Kathmandu'); // +5:45: midnight is 18:15 UTC
    at('2026-03-02T18:05:00.000Z');
    const s = await create(); // 23:50 on 03-02
    at('2026-03-02T18:10:00.000Z');
    const d = await create(); // 23:55 on 03-02
    at('2026-03-02T18:12:00.000Z');
    await status(d.id, 'resolved');
    at('2026-03-02T18:20:00.000Z');
    await create(); // 00:05 on 03-03, open
    const query = 'from=2026-03-02&to=2026-03-04';
    expect(figures(await both(query))).toEqual([0, ['2026-03-02', 2, 1, 0, 1], ['2026-03-03', 1, 0, 0, 2]]);

    // Marked spam, s counts nowhere; released, it arrives anew (00:15 on 03-03) and is resolved then.
    await h.db.run('UPDATE tickets SET spam = 1 WHERE id = ?', [s.id]);
    await h.db.tx((tx) => refreshTicketMetrics(tx, t.tenant.id, s.id));
    expect(figures(await both(query))).toEqual([0, ['2026-03-02', 1, 1, 0, 0], ['2026-03-03', 1, 0, 0, 1]]);
    at('2026-03-02T18:30:00.000Z');
    expect((await h.json('POST', `/api/v1/tickets/${s.id}/not-spam`, t.as)).status).toBe(200);
    at('2026-03-02T18:40:00.000Z');
    await status(s.id, 'resolved');
    expect(await kept()).toEqual(await recount());
    expect(figures(await both(query))).toEqual([0, ['2026-03-02', 1, 1, 0, 0], ['2026-03-03', 2, 1, 0, 1]]);

    // Deleted (erasure), d's arrival and resolution go.
    await h.db.tx((tx) => deleteTicketRows(tx, t.tenant.id, d.id, '2026-03-05T08:00:00.000Z'));
    expect(await kept()).toEqual(await recount());
    const after = figures(await both(query));
    expect(after).toEqual([0, ['2026-03-02', 0, 0, 0, 0], ['2026-03-03', 2, 1, 0, 1]]);

    // A corrupt hour table is recounted by rebuildRollups.
    await h.db.run('UPDATE ticket_metric_hours SET n = n + 7');
    await h.db.run(
      "INSERT INTO ticket_metric_hours (tenant_id, kind, hour, n) VALUES (?, 'reopen', '2026-03-02T20', 3)",
      [t.tenant.id],
    );
    expect(figures((await get(query)).body)).not.toEqual(after);
    await rebuildRollups(h.db, t.tenant.id);
    expect(await kept()).toEqual(await recount());
    expect(figures(await both(query))).toEqual(after);
  });
});
