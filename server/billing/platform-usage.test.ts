// GET /platform/usage: the operator's one view of every tenant's plan, subscription and usage (there is no page).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type TestClock } from '../test-support/harness.ts';
import { putSubscription } from './subscriptions/queries.ts';
import { trialRow } from './subscriptions/service.ts';

let h: Harness;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock, env: { RATE_LIMITS: 'off' } });
});
afterEach(() => h.close());

interface Row {
  tenantId: string;
  plan: string;
  status: string;
  state: string;
  billingCycle: string;
  nextBilling: string | null;
  usage: { tickets: { used: number; limit: number | null }; period: { start: string } };
}
const page = async (query: string) => {
  const r = await h.json('GET', `/api/v1/platform/usage${query}`, h.platform);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { data: Row[]; nextCursor: string | null };
};

describe('GET /platform/usage', () => {
  it('lists every tenant once with plan, subscription state, cycle, next billing and usage, page by page and by state', async () => {
    const a = await h.signup({ tenantName: 'Alpha' });
    clock.advance(1000);
    const b = await h.signup({ tenantName: 'Beta' });
    clock.advance(1000);
    const c = await h.signup({ tenantName: 'Gamma' });
    await h.json('POST', '/api/v1/tickets', {
      ...a.as,
      body: { subject: 'Hi', message: 'Help', requester: { email: 'c@example.com' } },
    });
    // Beta pays yearly and its payment failed; Gamma is in its trial.
    await h.db.run(
      `INSERT INTO tenant_billing (tenant_id, pricing, billing_cycle, cycle_anchor, addons, overrides, updated_at)
       VALUES (?, 'flat', 'yearly', ?, '{}', '{}', ?)`,
      [b.tenant.id, '2026-03-02T10:00:01.000Z', '2026-03-02T10:00:01.000Z'],
    );
    await putSubscription(h.db, {
      ...trialRow(b.tenant.id, clock.now(), 14),
      state: 'past_due',
      trialEndsAt: null,
      currentPeriodEnd: '2027-03-02T10:00:01.000Z',
      pastDueSince: clock.now().toISOString(),
    });
    await putSubscription(h.db, trialRow(c.tenant.id, clock.now(), 14));

    const first = await page('?limit=2');
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await page(`?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    const all = [...first.data, ...second.data];
    for (const id of [a.tenant.id, b.tenant.id, c.tenant.id])
      expect(all.filter((r) => r.tenantId === id)).toHaveLength(1);
    const of = (id: string) => all.find((r) => r.tenantId === id)!;
    expect(of(a.tenant.id)).toMatchObject({
      plan: 'professional',
      status: 'active',
      state: 'active',
      billingCycle: 'monthly',
      nextBilling: '2026-04-02T10:00:00.000Z',
      usage: { tickets: { used: 1, limit: 5000 }, period: { start: '2026-03-02T10:00:00.000Z' } },
    });
    expect(of(b.tenant.id)).toMatchObject({
      state: 'past_due',
      billingCycle: 'yearly',
      nextBilling: '2027-03-02T10:00:01.000Z',
      // Usage periods stay monthly on a yearly cycle.
      usage: { period: { start: '2026-03-02T10:00:01.000Z' } },
    });
    expect(of(c.tenant.id)).toMatchObject({ state: 'trialing', nextBilling: '2026-03-16T10:00:02.000Z' });

    expect((await page('?state=past_due')).data.map((r) => r.tenantId)).toEqual([b.tenant.id]);
    expect((await page('?state=trialing')).data.map((r) => r.tenantId)).toEqual([c.tenant.id]);
    const active = await page('?state=active&limit=1');
    expect(active.data.map((r) => r.tenantId)).toContain(active.data[0]!.tenantId);
    const activeIds: string[] = [];
    for (let cursor: string | null = null, n = 0; n < 10; n++) {
      const p: { data: Row[]; nextCursor: string | null } = await page(
        `?state=active&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      activeIds.push(...p.data.map((r) => r.tenantId));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    expect(activeIds).toContain(a.tenant.id);
    expect(activeIds).not.toContain(b.tenant.id);
    expect(activeIds).not.toContain(c.tenant.id);
  });

  it('refuses a bad state or cursor with a clear 4xx and keeps it to the platform token', async () => {
    const t = await h.signup();
    const bad = await h.json('GET', '/api/v1/platform/usage?state=late', h.platform);
    expect(bad.status).toBe(422);
    expect(bad.res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(bad.body.errors)).toContain('state');
    expect((await h.json('GET', '/api/v1/platform/usage?cursor=nonsense', h.platform)).status).toBe(400);
    expect((await h.json('GET', '/api/v1/platform/usage', t.as)).status).toBe(403);
    expect((await h.json('GET', '/api/v1/platform/usage')).status).toBe(401);
  });
});
