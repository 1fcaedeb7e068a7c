import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('signup, login, logout, me', () => {
  it('signs up a tenant with a session cookie and a professional plan', async () => {
    const r = await h.json('POST', '/api/v1/signup', {
      body: { tenantName: 'Acme', name: 'Ada', email: 'Ada@Example.com', password: 'long enough password' },
    });
    expect(r.status).toBe(201);
    expect(r.body.tenant.widgetKey).toMatch(/^hd_pk_/);
    expect(r.body.tenant.subscription).toEqual({ plan: 'professional', status: 'active' });
    expect(r.body.agent.email).toBe('ada@example.com');
    expect(r.body.agent.roleId).toBe('owner');
    expect(JSON.stringify(r.body)).not.toMatch(/password|identitySecret|hash/i);
    const setCookie = r.res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
  });

  it('refuses a second signup with the same email (any case) with 409 and writes nothing', async () => {
    await h.signup({ email: 'same@example.com' });
    const r = await h.json('POST', '/api/v1/signup', {
      body: { tenantName: 'Other', name: 'X', email: 'SAME@example.com', password: 'long enough password' },
    });
    expect(r.status).toBe(409);
    const count = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tenants');
    expect(count!.n).toBe(1);
  });

  it('logs in, reads /me with role and permissions, logs out and the cookie stops working', async () => {
    const t = await h.signup({ email: 'login@example.com', password: 'the right password' });
    const bad = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'login@example.com', password: 'wrong password!!' },
    });
    expect(bad.status).toBe(401);
    expect(bad.res.headers.get('content-type')).toBe('application/problem+json');

    const ok = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'LOGIN@example.com', password: 'the right password' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.tenant.id).toBe(t.tenant.id);
    const cookie = sessionCookie(ok.res);

    const me = await h.json('GET', '/api/v1/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.agent.id).toBe(t.agent.id);
    expect(me.body.role).toEqual({ id: 'owner', name: 'Owner', ownTicketsOnly: false });
    expect(me.body.permissions).toContain('tickets:delete');

    expect((await h.req('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await h.json('GET', '/api/v1/me', { cookie })).status).toBe(401);
    // the signup session is a different session and still works
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);

    const audit = await h.json('GET', '/api/v1/audit-log', t.as);
    const actions = audit.body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'tenant.signup']));
  });

  it('takes a long passphrase (up to 1024 bytes) at signup and at sign-in', async () => {
    const passphrase = 'the quick brown fox naps under a warm lamp; '.repeat(23); // 1012 bytes
    await h.signup({ email: 'long@example.com', password: passphrase });
    const ok = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'long@example.com', password: passphrase },
    });
    expect(ok.status).toBe(200);
    const wrong = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'long@example.com', password: passphrase.slice(0, -1) },
    });
    expect(wrong.status).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const { testClock } = await import('../test-support/harness.ts');
    const clock = testClock();
    const hc = await createHarness({ clock });
    try {
      const t = await hc.signup();
      expect((await hc.req('GET', '/api/v1/me', t.as)).status).toBe(200);
      clock.advance(15 * 24 * 60 * 60 * 1000);
      expect((await hc.req('GET', '/api/v1/me', t.as)).status).toBe(401);
    } finally {
      await hc.close();
    }
  });

  it('refuses cookie-authenticated writes from another site (CSRF) but allows same-origin', async () => {
    const t = await h.signup();
    const cross = await h.json('POST', '/api/v1/api-keys', {
      ...t.as,
      body: { name: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
    const fetchSite = await h.json('POST', '/api/v1/api-keys', {
      ...t.as,
      body: { name: 'x' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.status).toBe(403);
    const same = await h.json('POST', '/api/v1/api-keys', {
      ...t.as,
      body: { name: 'x' },
      headers: { origin: 'http://localhost:8787' },
    });
    expect(same.status).toBe(201);
    const keys = await h.json('GET', '/api/v1/api-keys', t.as);
    expect(keys.body.data).toHaveLength(1);
  });
});
