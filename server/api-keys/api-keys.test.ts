import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, testClock, type Harness } from '../test-support/harness.ts';

let h: Harness;
const clock = testClock();
beforeEach(async () => {
  h = await createHarness({ clock });
});
afterEach(() => h.close());

describe('API keys', () => {
  it('shows the secret once, stores only a hash, and authenticates calls with it', async () => {
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/api-keys', { ...t.as, body: { name: 'CRM sync' } });
    expect(r.status).toBe(201);
    expect(r.body.key).toMatch(/^hd_sk_[0-9A-Za-z]{40}$/);
    const list = await h.json('GET', '/api/v1/api-keys', t.as);
    expect(JSON.stringify(list.body)).not.toContain(r.body.key);
    expect(list.body.data[0].lastUsedAt).toBeNull();
    const stored = await h.db.all<Record<string, unknown>>('SELECT * FROM api_keys');
    expect(JSON.stringify(stored)).not.toContain(r.body.key);

    const me = await h.json('GET', '/api/v1/me', { token: r.body.key });
    expect(me.status).toBe(200);
    expect(me.body.agent).toBeNull();
    expect(me.body.apiKeyId).toBe(r.body.id);
    expect(me.body.tenant.id).toBe(t.tenant.id);
    const after = await h.json('GET', '/api/v1/api-keys', t.as);
    expect(after.body.data[0].lastUsedAt).toBe(clock.now().toISOString());
  });

  it("limits a key to its scopes, which cannot exceed the creator's", async () => {
    const t = await h.signup();
    const key = await t.apiKey(['agents:read']);
    expect((await h.json('GET', '/api/v1/agents', { token: key })).status).toBe(200);
    const refused = await h.json('GET', '/api/v1/roles', { token: key });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Missing permission roles:read.');

    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'V', email: 'v@example.com', roleId: 'admin', password: 'admin password' },
    });
    const admin = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'v@example.com', password: 'admin password' },
    });
    const adminAs = { cookie: sessionCookie(admin.res) };
    const ok = await h.json('POST', '/api/v1/api-keys', { ...adminAs, body: { name: 'x', scopes: ['tickets:read'] } });
    expect(ok.status).toBe(201);
    const unknown = await h.json('POST', '/api/v1/api-keys', { ...t.as, body: { name: 'x', scopes: ['root:all'] } });
    expect(unknown.status).toBe(422);
  });

  it('stops working at once when revoked, and the revocation is audited', async () => {
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/api-keys', { ...t.as, body: { name: 'temp' } });
    expect((await h.req('GET', '/api/v1/me', { token: r.body.key })).status).toBe(200);
    expect((await h.req('DELETE', `/api/v1/api-keys/${r.body.id}`, t.as)).status).toBe(204);
    const after = await h.json('GET', '/api/v1/me', { token: r.body.key });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/revoked/);
    const audit = await h.json('GET', '/api/v1/audit-log', t.as);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['api_key.created', 'api_key.revoked']),
    );
    const list = await h.json('GET', '/api/v1/api-keys', t.as);
    expect(list.body.data[0].revokedAt).not.toBeNull();
  });

  it('stops at once when the operator takes API keys away, and works again when they are given back', async () => {
    const t = await h.signup();
    const key = { token: await t.apiKey() };
    expect((await h.req('GET', '/api/v1/me', key)).status).toBe(200);
    expect((await h.req('GET', '/api/v1/me', key)).status).toBe(200); // a warm key: its credential is kept
    const entitlements = (features: Record<string, boolean>) =>
      h.json('PUT', `/api/v1/tenants/${t.tenant.id}/entitlements`, {
        ...h.platform,
        body: { overrides: { features } },
      });
    expect((await entitlements({ 'api-keys': false })).status).toBe(200);
    const refused = await h.json('GET', '/api/v1/me', key);
    expect(refused.status).toBe(403);
    expect(refused.res.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body.detail).toMatch(/API keys are not included/);
    expect((await entitlements({})).status).toBe(200);
    expect((await h.req('GET', '/api/v1/me', key)).status).toBe(200);
  });

  it('is not available on the starter plan (403 naming plan and feature)', async () => {
    await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: { name: 'S', plan: 'starter', owner: { name: 'O', email: 'st@example.com', password: 'starter owner 1' } },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'st@example.com', password: 'starter owner 1' },
    });
    const r = await h.json('POST', '/api/v1/api-keys', { cookie: sessionCookie(login.res), body: { name: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/plan-feature',
      plan: 'starter',
      feature: 'api-keys',
    });
  });

  it('stops a key working while the tenant is on a plan without API keys, and takes it back after an upgrade', async () => {
    const t = await h.signup();
    const key = await t.apiKey();
    // plans are the platform operator's to change
    const plan = (p: string) =>
      h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...h.platform, body: { subscription: { plan: p } } });
    expect((await plan('starter')).status).toBe(200);
    const refused = await h.json('GET', '/api/v1/tickets', { token: key });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/plan-feature',
      plan: 'starter',
      feature: 'api-keys',
    });
    const write = await h.json('POST', '/api/v1/customers', { token: key, body: { email: 'c@example.com' } });
    expect(write.status).toBe(403);
    expect(
      (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM customers WHERE tenant_id = ?', [t.tenant.id]))!.n,
    ).toBe(0);
    expect((await plan('professional')).status).toBe(200);
    expect((await h.json('GET', '/api/v1/tickets', { token: key })).status).toBe(200);
  });

  it('rejects forged and malformed bearer credentials with 401', async () => {
    for (const auth of ['Bearer hd_sk_forged0000000000000000000000000000000000', 'Basic abc', 'Bearer']) {
      const r = await h.json('GET', '/api/v1/me', { headers: { authorization: auth } });
      expect(r.status).toBe(401);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await h.json('GET', '/api/v1/me', { cookie: 'hd_session=forged' })).status).toBe(401);
  });
});
