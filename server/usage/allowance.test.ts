// "API calls per month" counts API-key calls only: past it an API key gets 429 with Retry-After to the next period
// and nothing runs; sessions and the widget go on; usage pricing takes the calls as overage; a restart goes on
// counting from the ledger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  PLATFORM_TOKEN,
  testClock,
  type Harness,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';
import { createApp } from '../app.ts';
import { createLogger } from '../lib/logger.ts';
import { platformTokenChecker } from '../middleware/authenticate.ts';
import { getTenantBilling, putTenantBilling } from '../billing/billing-queries.ts';
import { getTenant } from '../tenants/queries.ts';
import { PLAN_LIMIT_PROBLEM } from '../tenants/plans.ts';
import { ALLOWANCE_FRESH_MS } from './allowance.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
let key: { token: string };
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock, env: { RATE_LIMITS: 'off' } });
  t = await h.signup();
  key = { token: await t.apiKey() };
  const put = await h.json('PUT', `/api/v1/tenants/${t.tenant.id}/entitlements`, {
    ...h.platform,
    body: { overrides: { limits: { apiCallsPerMonth: 3 } } },
  });
  expect(put.status).toBe(200);
});
afterEach(() => h.close());

const list = (as: object = key) => h.json('GET', '/api/v1/tickets', as);
const ticketCount = async () =>
  (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets WHERE tenant_id = ?', [t.tenant.id]))!.n;
const usage = async () => (await h.json('GET', '/api/v1/usage', t.as)).body.apiCalls;

describe('API calls per month', () => {
  it('refuses API-key calls past the limit with 429 and Retry-After to the next period, changing nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await list()).status).toBe(200);
    const refused = await list();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: PLAN_LIMIT_PROBLEM, limit: 'maxApiCalls', max: 3, usage: 3 });
    // The period runs from the tenant's creation (2026-03-02T10:00Z) month by month.
    expect(refused.res.headers.get('retry-after')).toBe(
      String((Date.parse('2026-04-02T10:00:00Z') - clock.now().getTime()) / 1000),
    );
    const before = await ticketCount();
    const create = await h.json('POST', '/api/v1/tickets', {
      ...key,
      body: { subject: 'Over the limit', message: 'Should not land', requester: { email: 'x@example.com' } },
    });
    expect(create.status).toBe(429);
    expect(await ticketCount()).toBe(before);

    // Sessions and the widget are not counted against it, and keep working.
    for (let i = 0; i < 5; i++) expect((await list(t.as)).status).toBe(200);
    const widget = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(widget.status).toBe(200);
    expect(await usage()).toEqual({ used: 3, limit: 3, overage: 0 });

    clock.set('2026-04-02T10:00:00.000Z');
    expect((await list()).status).toBe(200);
    // (The session has ended by then; reading usage with the key counts that call too.)
    expect((await h.json('GET', '/api/v1/usage', key)).body.apiCalls).toMatchObject({ used: 2, limit: 3 });
  });

  it('goes on counting after a restart: a new process starts from the ledger', async () => {
    for (let i = 0; i < 2; i++) expect((await list()).status).toBe(200);
    await h.flush();
    const restarted = createApp({
      db: h.db,
      env: h.deps.env,
      logger: createLogger('silent'),
      platformToken: platformTokenChecker({ token: PLATFORM_TOKEN }),
      now: () => clock.now(),
    });
    try {
      const call = () =>
        restarted.app.request('/api/v1/tickets', { headers: { authorization: `Bearer ${key.token}` } });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(429);
      await restarted.flush();
    } finally {
      await restarted.shutdown();
    }
    // The first process reads the ledger again once its allowance is no longer fresh (another node's calls).
    clock.advance(ALLOWANCE_FRESH_MS + 1);
    expect((await list()).status).toBe(429);
    expect(await usage()).toMatchObject({ used: 3 });
  });

  it('accepts calls past the allowance on usage pricing and counts them as overage', async () => {
    const tenant = (await getTenant(h.db, t.tenant.id))!;
    await putTenantBilling(h.db, { ...(await getTenantBilling(h.db, tenant)), pricing: 'usage' });
    clock.advance(ALLOWANCE_FRESH_MS + 1);
    for (let i = 0; i < 5; i++) expect((await list()).status).toBe(200);
    expect(await usage()).toEqual({ used: 5, limit: 3, overage: 2 });
  });

  it('lifts when the operator raises the limit', async () => {
    for (let i = 0; i < 3; i++) await list();
    expect((await list()).status).toBe(429);
    await h.json('PUT', `/api/v1/tenants/${t.tenant.id}/entitlements`, {
      ...h.platform,
      body: { overrides: { limits: { apiCallsPerMonth: 10 } } },
    });
    clock.advance(ALLOWANCE_FRESH_MS + 1);
    expect((await list()).status).toBe(200);
  });
});
