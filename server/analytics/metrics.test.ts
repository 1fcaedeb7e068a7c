import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { buildPendingLedgers, rebuildLedger } from './ledger-service.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T08:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
  const day = { open: '09:00', close: '17:00' };
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: {
      settings: {
        businessHours: { timezone: 'Europe/Berlin', schedule: { mon: day, tue: day, wed: day, thu: day, fri: day } },
      },
    },
  });
});
afterEach(() => h.close());

const H = 3600;
const at = async (iso: string) => clock.set(iso);
const create = async (over: Record<string, unknown> = {}) =>
  (
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Order', message: 'Where is it?', requester: { email: 'r@example.com' }, ...over },
    })
  ).body;
const reply = (id: string, body = 'On its way', internal = false) =>
  h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body, internal } });
const status = (id: string, s: string) => h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: s } });
const get = async (query: string) => h.json('GET', `/api/v1/analytics/metrics?${query}`, t.as);
const ledger = () =>
  h.db.all<Record<string, unknown>>(
    'SELECT ticket_id, seq, kind, at, calendar_seconds, business_seconds, agent_id, automated, met FROM ticket_metrics ORDER BY ticket_id, seq',
  );

const seedTwo = async () => {
  await at('2026-03-04T21:00:00.000Z'); // Wed 22:00 Berlin, after hours
  const a = await create();
  await at('2026-03-04T21:30:00.000Z');
  await reply(a.id, 'Looking into it', true); // an internal note is not a response
  await at('2026-03-05T09:00:00.000Z'); // Thu 10:00: 12 h, 1 working hour
  await reply(a.id);
  await at('2026-03-05T11:00:00.000Z'); // resolved Thu 12:00: 14 h, 3 working hours
  await status(a.id, 'resolved');
  await at('2026-03-06T08:00:00.000Z'); // Fri 09:00 reopened …
  await status(a.id, 'open');
  await at('2026-03-06T10:00:00.000Z'); // … and solved 2 h later (from the reopen, not from creation)
  await status(a.id, 'closed');

  await at('2026-03-09T08:00:00.000Z'); // Mon 09:00
  const b = await create({ priority: 'high', tags: ['vip'] });
  await at('2026-03-09T08:30:00.000Z');
  await reply(b.id); // 0.5 h
  await status(b.id, 'pending');
  await at('2026-03-09T12:30:00.000Z');
  await status(b.id, 'open'); // waited 4 h

  return { a, b };
};

describe('the metric ledger, written with each ticket change', () => {
  it('answers GET /analytics/metrics in calendar and business time; a rebuild from the history gives the same rows', async () => {
    await seedTwo();
    await at('2026-03-10T08:00:00.000Z');
    const m = await get('from=2026-03-01&to=2026-04-01');
    expect(m.status).toBe(200);
    expect(m.body.firstResponse).toEqual({
      count: 2,
      // 0.5 h and 12 h: up to 1 h, 4 h, 8 h, 1 day, 3 days, 7 days, longer
      buckets: [1, 0, 0, 1, 0, 0, 0].map((count, i) => ({
        upToSeconds: [3600, 4 * H, 8 * H, 24 * H, 72 * H, 168 * H, null][i],
        count,
      })),
      medianSeconds: 0.5 * H, // nearest rank of [0.5 h, 12 h]
      p90Seconds: 12 * H,
      businessMedianSeconds: 0.5 * H,
      businessP90Seconds: 1 * H,
    });
    expect(m.body.resolution).toMatchObject({
      count: 2,
      medianSeconds: 2 * H,
      p90Seconds: 14 * H,
      businessP90Seconds: 3 * H,
    });
    expect(m.body.waitingOnCustomer).toMatchObject({ count: 1, medianSeconds: 4 * H });
    expect(m.body.reopens).toBe(1);

    // Filters: the tag, the priority, the agent credited, the period.
    expect((await get('from=2026-03-01&to=2026-04-01&tag=vip')).body.firstResponse.count).toBe(1);
    expect((await get('from=2026-03-01&to=2026-04-01&priority=normal')).body.resolution.count).toBe(2);
    expect((await get(`from=2026-03-01&to=2026-04-01&agentId=${t.agent.id}`)).body.firstResponse.count).toBe(2);
    expect((await get('from=2026-03-01&to=2026-04-01&agentId=agt_nobody')).body.firstResponse.count).toBe(0);
    expect((await get('from=2026-03-06&to=2026-04-01')).body.firstResponse.count).toBe(1);

    const kept = await ledger();
    expect(kept.length).toBeGreaterThan(5);
    await h.db.run('DELETE FROM ticket_metrics');
    expect(await rebuildLedger(h.db, t.tenant.id)).toBe(2);
    expect(await ledger()).toEqual(kept);

    // A database from before the ledger: the tenant is marked pending, and the next start builds it once.
    await h.db.run('DELETE FROM ticket_metrics');
    await h.db.run('INSERT OR IGNORE INTO ticket_metrics_pending (tenant_id) VALUES (?)', [t.tenant.id]);
    expect(await buildPendingLedgers(h.db)).toBe(1);
    expect(await ledger()).toEqual(kept);
    expect(await buildPendingLedgers(h.db)).toBe(0);
  });

  it('a change to a long thread adds its own ledger rows and leaves the earlier ones in place, as a rebuild has them', async () => {
    await at('2026-03-09T08:00:00.000Z');
    const a = await create();
    const count = () => h.db.get<{ n: number }>('SELECT count(*) AS n FROM ticket_metrics WHERE ticket_id = ?', [a.id]);
    await at('2026-03-09T08:30:00.000Z');
    await reply(a.id);
    // Solved and reopened again and again, with notes between: each round adds rows after the earlier ones.
    for (let i = 0; i < 6; i++) {
      await at(`2026-03-09T${String(9 + i).padStart(2, '0')}:00:00.000Z`);
      expect((await reply(a.id, `note ${i}`, true)).status).toBe(201);
      expect((await status(a.id, 'resolved')).status).toBe(200);
      await at(`2026-03-09T${String(9 + i).padStart(2, '0')}:30:00.000Z`);
      expect((await status(a.id, 'open')).status).toBe(200);
    }
    const before = (await count())!.n;
    expect(before).toBeGreaterThanOrEqual(12);
    // Every row taken out of the ledger from here on is recorded.
    await h.db.run('CREATE TABLE removed_metrics (seq INTEGER)');
    await h.db.run(
      'CREATE TRIGGER removed_metric AFTER DELETE ON ticket_metrics BEGIN INSERT INTO removed_metrics VALUES (OLD.seq); END',
    );
    await at('2026-03-09T16:00:00.000Z');
    await status(a.id, 'resolved');
    expect((await count())!.n).toBeGreaterThan(before);
    // The earlier rows stayed: none was deleted to be written again.
    expect(await h.db.all('SELECT seq FROM removed_metrics')).toEqual([]);
    await h.db.run('DROP TRIGGER removed_metric');

    const kept = await ledger();
    await h.db.run('DELETE FROM ticket_metrics');
    await rebuildLedger(h.db, t.tenant.id);
    expect(await ledger()).toEqual(kept);
  });

  it('a change of business hours rebuilds the ledger in the background: past business times follow the new hours', async () => {
    await at('2026-03-04T21:00:00.000Z'); // Wed 22:00 Berlin, after hours
    const a = await create();
    await at('2026-03-05T09:00:00.000Z'); // Thu 10:00 Berlin: 1 working hour of 9-17
    await reply(a.id);
    const firstResponse = async () =>
      (await h.db.get<{ business_seconds: number }>(
        "SELECT business_seconds FROM ticket_metrics WHERE ticket_id = ? AND kind = 'first_response'",
        [a.id],
      ))!.business_seconds;
    expect(await firstResponse()).toBe(1 * H);
    // The team starts at 07:00: the same answer took 3 working hours.
    const early = { open: '07:00', close: '17:00' };
    const patched = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: {
        settings: {
          businessHours: {
            timezone: 'Europe/Berlin',
            schedule: { mon: early, tue: early, wed: early, thu: early, fri: early },
          },
        },
      },
    });
    expect(patched.status).toBe(200);
    expect(await buildPendingLedgers(h.db)).toBe(1);
    expect(await firstResponse()).toBe(3 * H);
    // Unchanged hours mark nothing.
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { name: 'Renamed' } });
    expect(await buildPendingLedgers(h.db)).toBe(0);
  });

  it('a change of business hours made while the ledger is being rebuilt is rebuilt too, not lost', async () => {
    await at('2026-03-04T21:00:00.000Z'); // Wed 22:00 Berlin
    const a = await create();
    await at('2026-03-05T09:00:00.000Z'); // Thu 10:00 Berlin
    await reply(a.id);
    const hours = (open: string) =>
      h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
        ...t.as,
        body: {
          settings: {
            businessHours: {
              timezone: 'Europe/Berlin',
              schedule: Object.fromEntries(
                ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, { open, close: '17:00' }]),
              ),
            },
          },
        },
      });
    expect((await hours('07:00')).status).toBe(200);
    // The rebuild for 07:00 has run; just before it clears its mark, the hours change again to 08:00.
    let changed = false;
    const racing = new Proxy(h.db, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (prop !== 'run' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return async (sql: string, args?: unknown[]) => {
          if (!changed && sql.startsWith('DELETE FROM ticket_metrics_pending')) {
            changed = true;
            expect((await hours('08:00')).status).toBe(200);
          }
          return (value as (s: string, a?: unknown[]) => Promise<unknown>).call(target, sql, args);
        };
      },
    });
    expect(await buildPendingLedgers(racing)).toBe(1);
    expect(changed).toBe(true);
    expect(await buildPendingLedgers(h.db)).toBe(1); // the 08:00 change is still pending …
    const firstResponse = await h.db.get<{ business_seconds: number }>(
      "SELECT business_seconds FROM ticket_metrics WHERE ticket_id = ? AND kind = 'first_response'",
      [a.id],
    );
    expect(firstResponse!.business_seconds).toBe(2 * H); // … and built: 08:00 to 10:00
    expect(await buildPendingLedgers(h.db)).toBe(0);
  });

  it('breaks the period down per agent, per weekday and hour, and lists the tickets behind a figure (JSON and CSV)', async () => {
    const { a, b } = await seedTwo();
    await at('2026-03-10T08:00:00.000Z');
    const period = 'from=2026-03-01&to=2026-04-01';
    const agents = await h.json('GET', `/api/v1/analytics/agents?${period}`, t.as);
    expect(agents.status).toBe(200);
    expect(agents.body.data).toEqual([
      {
        agentId: t.agent.id,
        name: t.agent.name,
        handled: 2,
        responses: 2,
        resolutions: 2,
        medianFirstResponseSeconds: 0.5 * H,
        medianResponseSeconds: 0.5 * H,
        csat: { score: null, good: 0, bad: 0 },
      },
    ]);
    const csv = await h.req('GET', `/api/v1/analytics/agents?${period}&format=csv`, t.as);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'agentId,name,handled,responses,resolutions,medianFirstResponseSeconds,medianResponseSeconds,csatScore,csatGood,csatBad',
    );

    // Arrivals: Wed 22:00 and Mon 09:00 Berlin.
    const heat = await h.json('GET', `/api/v1/analytics/heatmap?${period}`, t.as);
    expect(heat.body.timezone).toBe('Europe/Berlin');
    expect(heat.body.counts[2][22]).toBe(1);
    expect(heat.body.counts[0][9]).toBe(1);
    expect(heat.body.counts.flat().reduce((x: number, y: number) => x + y, 0)).toBe(2);

    // Drill-down: the two resolutions, newest first, one per page, then the next page by cursor.
    const page1 = await h.json('GET', `/api/v1/analytics/metrics/tickets?${period}&kind=resolution&limit=1`, t.as);
    expect(
      page1.body.data.map((r: { number: number; calendarSeconds: number }) => [r.number, r.calendarSeconds]),
    ).toEqual([[a.number, 2 * H]]);
    const page2 = await h.json(
      'GET',
      `/api/v1/analytics/metrics/tickets?${period}&kind=resolution&limit=1&cursor=${page1.body.nextCursor}`,
      t.as,
    );
    expect(page2.body.data.map((r: { number: number }) => r.number)).toEqual([a.number]);
    expect(page2.body.data[0].calendarSeconds).toBe(14 * H);
    expect(page2.body.nextCursor).toBeNull();
    const waits = await h.json('GET', `/api/v1/analytics/metrics/tickets?${period}&kind=waiting`, t.as);
    expect(waits.body.data.map((r: { ticketId: string }) => r.ticketId)).toEqual([b.id]);
    expect((await h.json('GET', `/api/v1/analytics/metrics/tickets?${period}&kind=bogus`, t.as)).status).toBe(422);
    expect(
      (await h.json('GET', `/api/v1/analytics/metrics/tickets?${period}&kind=waiting&cursor=xyz`, t.as)).status,
    ).toBe(400);
    const drillCsv = await h.req(
      'GET',
      `/api/v1/analytics/metrics/tickets?${period}&kind=first_response&format=csv`,
      t.as,
    );
    expect((await drillCsv.text()).split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('counts SLA targets met, met late and still unmet after their due time', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { slaEnabled: true } } });
    const policies = await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: { normal: { firstResponseMinutes: 60, resolutionMinutes: 240 } },
    });
    expect(policies.status).toBeLessThan(300);
    await at('2026-03-09T08:00:00.000Z'); // Mon 09:00; first reply due 10:00
    const onTime = await create();
    const late = await create();
    const never = await create();
    await at('2026-03-09T08:30:00.000Z');
    await reply(onTime.id);
    await at('2026-03-09T09:30:00.000Z');
    await reply(late.id);
    await at('2026-03-09T10:00:00.000Z');
    await status(onTime.id, 'resolved'); // resolution met (due 13:00 Berlin)
    await at('2026-03-09T15:00:00.000Z'); // after every due time: `never` missed both, `late` its resolution
    const m = await get('from=2026-03-09&to=2026-03-10');
    expect(m.body.sla).toEqual({ met: 2, breached: 4, compliance: 33.3 });
    expect(never.id).toBeTruthy();
  });

  it('live tiles: open now, the oldest unanswered ticket, deadlines within the hour, agents available', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { slaEnabled: true, businessHours: null } },
    });
    await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: {
        normal: { firstResponseMinutes: 60, resolutionMinutes: null },
        high: { firstResponseMinutes: 600, resolutionMinutes: null },
      },
    });
    await at('2026-03-09T08:00:00.000Z');
    const oldest = await create(); // first reply due 09:00
    await at('2026-03-09T08:40:00.000Z');
    await create({ priority: 'high' }); // due 18:40: not within the hour
    const answered = await create();
    await reply(answered.id);
    await at('2026-03-09T08:50:00.000Z');
    const live = await h.json('GET', '/api/v1/analytics/live', t.as);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      openNow: 3,
      breachingWithinHour: 1, // `oldest`, due at 09:00 (`answered` has only a resolution target: none)
      breached: 0,
      chatsInProgress: 0,
      chatsQueued: 0,
      oldestWaiting: { ticketId: oldest.id, number: oldest.number, waitingSeconds: 50 * 60 },
    });
    await at('2026-03-09T09:30:00.000Z');
    expect((await h.json('GET', '/api/v1/analytics/live', t.as)).body).toMatchObject({
      breachingWithinHour: 0,
      breached: 1,
    });
    expect((await h.json('PUT', '/api/v1/me/availability', { ...t.as, body: { status: 'online' } })).status).toBe(200);
    expect((await h.json('GET', '/api/v1/analytics/live', t.as)).body.agentsAvailable).toBe(1);
  });

  it('refuses a bad period with a clear 422, and sees only what a limited role may see', async () => {
    for (const q of [
      'from=2026-03-10&to=2026-03-01',
      'from=yesterday&to=2026-03-01',
      'to=2026-03-01',
      'from=2025-01-01&to=2026-03-01',
    ])
      expect((await get(q)).status, q).toBe(422);
    expect((await get('from=2026-03-01&to=2026-04-01&channel=fax')).status).toBe(422);

    await at('2026-03-09T08:00:00.000Z');
    const x = await create();
    await at('2026-03-09T09:00:00.000Z');
    await reply(x.id);
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Own', permissions: ['tickets:read', 'analytics:read'], ownTicketsOnly: true },
    });
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'O', email: 'own@example.com', roleId: role.body.id, password: 'own password 12' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'own@example.com', password: 'own password 12' },
    });
    const cookie = login.res.headers.get('set-cookie')!.split(';')[0];
    const own = await h.json('GET', '/api/v1/analytics/metrics?from=2026-03-01&to=2026-04-01', { cookie });
    expect(own.status).toBe(200);
    expect(own.body.firstResponse.count).toBe(0);
    expect((await get('from=2026-03-01&to=2026-04-01')).body.firstResponse.count).toBe(1);
  });
});
