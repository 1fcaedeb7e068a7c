import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { localDays } from './backlog-queries.ts';

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
