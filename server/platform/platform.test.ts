import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const owner = (email: string) => ({ name: 'Owner', email, password: 'owner password 1' });

describe('platform operator', () => {
  it('creates tenants with a plan and lists them with cursor pagination', async () => {
    for (const [i, plan] of (['starter', 'professional', 'enterprise'] as const).entries()) {
      const r = await h.json('POST', '/api/v1/tenants', {
        ...h.platform,
        body: { name: `T${i}`, plan, owner: owner(`o${i}@example.com`) },
      });
      expect(r.status).toBe(201);
      expect(r.body.tenant.subscription.plan).toBe(plan);
      expect(r.body.agent.roleId).toBe('owner');
    }
    const page1 = await h.json('GET', '/api/v1/tenants?limit=2', h.platform);
    expect(page1.body.data.map((t: { name: string }) => t.name)).toEqual(['T0', 'T1']);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await h.json('GET', `/api/v1/tenants?limit=2&cursor=${page1.body.nextCursor}`, h.platform);
    expect(page2.body.data.map((t: { name: string }) => t.name)).toEqual(['T2']);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('refuses tenant endpoints without the platform token, and a forged token', async () => {
    const t = await h.signup();
    expect((await h.json('GET', '/api/v1/tenants', t.as)).status).toBe(403);
    expect((await h.json('GET', '/api/v1/tenants', { token: 'forged-token-forged-token' })).status).toBe(401);
    expect((await h.json('GET', '/api/v1/tenants')).status).toBe(401);
    expect(
      (await h.json('POST', '/api/v1/tenants', { ...t.as, body: { name: 'x', owner: owner('x@example.com') } })).status,
    ).toBe(403);
  });

  it("suspends a tenant: 403 everywhere except the owner's account and billing; reactivation restores it", async () => {
    const made = await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: { name: 'Sus', owner: owner('sus@example.com') },
    });
    const id = made.body.tenant.id;
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'sus@example.com', password: 'owner password 1' },
    });
    const as = { cookie: sessionCookie(login.res) };
    const key = (await h.json('POST', '/api/v1/api-keys', { ...as, body: { name: 'k' } })).body.key;

    const s = await h.json('POST', `/api/v1/tenants/${id}/suspend`, h.platform);
    expect(s.body.subscription.status).toBe('suspended');

    expect((await h.json('GET', '/api/v1/agents', as)).status).toBe(403);
    expect((await h.json('GET', '/api/v1/agents', { token: key })).status).toBe(403);
    expect(
      (await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': made.body.tenant.widgetKey } }))
        .status,
    ).toBe(403);
    // the owner can still see the account and its subscription
    expect((await h.json('GET', `/api/v1/tenants/${id}`, as)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', as)).status).toBe(200);
    // but cannot lift a suspension themselves
    expect(
      (await h.json('PATCH', `/api/v1/tenants/${id}`, { ...as, body: { subscription: { status: 'active' } } })).status,
    ).toBe(403);

    await h.json('POST', `/api/v1/tenants/${id}/reactivate`, h.platform);
    expect((await h.json('GET', '/api/v1/agents', as)).status).toBe(200);
    const audit = await h.json('GET', '/api/v1/audit-log', as);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.suspended', 'tenant.reactivated']),
    );
  });

  it('answers 404 for an unknown tenant', async () => {
    expect((await h.json('POST', '/api/v1/tenants/ten_nope/suspend', h.platform)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/tenants/ten_nope', h.platform)).status).toBe(404);
  });
});
