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

describe('the metric ledger, written with each ticket change', () => {
  it('answers GET /analytics/metrics in calendar and business time; a rebuild from the history gives the same rows', async () => {
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

    await at('2026-03-10T08:00:00.000Z');
    const m = await get('from=2026-03-01&to=2026-04-01');
    expect(m.status).toBe(200);
    expect(m.body.firstResponse).toEqual({
      count: 2,
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
    await h.db.run('INSERT INTO ticket_metrics_pending (tenant_id) VALUES (?)', [t.tenant.id]);
    expect(await buildPendingLedgers(h.db)).toBe(1);
    expect(await ledger()).toEqual(kept);
    expect(await buildPendingLedgers(h.db)).toBe(0);
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
