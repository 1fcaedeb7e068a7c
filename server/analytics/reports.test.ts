import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-10T08:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

const create = async (over: Record<string, unknown> = {}) =>
  (
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'S', message: 'M', requester: { email: 'r@example.com' }, ...over },
    })
  ).body;

describe('analytics reports and queue counts', () => {
  it('counts tickets created and resolved per day in the tenant time zone', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { businessHours: { timezone: 'America/New_York' } } },
    });
    // 2026-03-08 22:30 New York is 2026-03-09 02:30 UTC: it belongs to the 8th locally
    clock.set('2026-03-09T02:30:00.000Z');
    const a = await create();
    clock.set('2026-03-09T15:00:00.000Z');
    await create();
    await h.json('PATCH', `/api/v1/tickets/${a.id}`, { ...t.as, body: { status: 'resolved' } });
    clock.set('2026-03-10T08:00:00.000Z');

    const r = await h.json('GET', '/api/v1/analytics/reports?days=3', t.as);
    expect(r.status).toBe(200);
    expect(r.body.timezone).toBe('America/New_York');
    expect(
      r.body.days.map((d: { date: string; created: number; resolved: number }) => [d.date, d.created, d.resolved]),
    ).toEqual([
      ['2026-03-08', 1, 0],
      ['2026-03-09', 1, 1],
      ['2026-03-10', 0, 0],
    ]);
    expect((await h.json('GET', '/api/v1/analytics/reports?days=0', t.as)).status).toBe(422);
    expect((await h.json('GET', '/api/v1/analytics/reports?days=91', t.as)).status).toBe(422);
  });

  it('counts the inbox views for the calling agent, and only the own tickets of a restricted role', async () => {
    await create({ assigneeId: t.agent.id });
    await create();
    await create({ status: 'pending' });
    const done = await create({ assigneeId: t.agent.id });
    await h.json('PATCH', `/api/v1/tickets/${done.id}`, { ...t.as, body: { status: 'closed' } });
    const r = await h.json('GET', '/api/v1/analytics/queue', t.as);
    expect(r.body).toEqual({ mine: 1, unassigned: 2, open: 2, pending: 1, resolved: 1, spam: 0, snoozed: 0 });

    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Own', permissions: ['tickets:read'], ownTicketsOnly: true },
    });
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'O', email: 'own@example.com', roleId: role.body.id, password: 'own password 12' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'own@example.com', password: 'own password 12' },
    });
    const own = await h.json('GET', '/api/v1/analytics/queue', { cookie: sessionCookie(login.res) });
    expect(own.body).toEqual({ mine: 0, unassigned: 0, open: 0, pending: 0, resolved: 0, spam: 0, snoozed: 0 });
  });
});
