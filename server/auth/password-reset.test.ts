// Password reset links: the owner makes one for an agent who forgot their password; it works once, for an hour.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';
import { sha256 } from '../lib/crypto.ts';

let h: Harness;
let clock: TestClock;
let t: SignedUp;
beforeEach(async () => {
  clock = testClock();
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

const OLD = 'agent password 1';
const NEW = 'a brand new passphrase';
const tokenOf = (url: string) => new URL(url.replace('#/', '')).searchParams.get('token')!;
const login = (email: string, password: string) => h.json('POST', '/api/v1/auth/login', { body: { email, password } });
const reset = (token: string, password = NEW) =>
  h.json('POST', '/api/v1/auth/reset-password', { body: { token, password } });
const linkFor = (agentId: string, as: ReqOpts = t.as) => h.json('POST', `/api/v1/agents/${agentId}/password-reset`, as);
const auditLog = async () =>
  (await h.json('GET', '/api/v1/audit-log', t.as)).body.data as { action: string; targetId: string | null }[];

/** An agent with a password and a signed-in session of their own. */
async function agent(email = 'ada@example.com', roleId = 'agent') {
  const r = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Ada Agent', email, roleId, password: OLD },
  });
  expect(r.status).toBe(201);
  const signedIn = await login(email, OLD);
  expect(signedIn.status).toBe(200);
  return { id: r.body.id as string, email, as: { cookie: sessionCookie(signedIn.res) } };
}

describe('making a reset link', () => {
  it('answers a one-time inbox link valid for an hour, stores only its hash and audits it', async () => {
    const ada = await agent();
    const r = await linkFor(ada.id);
    expect(r.status).toBe(201);
    expect(r.body.url).toMatch(/^http:\/\/localhost:8787\/inbox\/#\/reset-password\?token=[0-9A-Za-z]{40}$/);
    expect(r.body.expiresAt).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
    const token = tokenOf(r.body.url);
    const rows = await h.db.all<{ token_hash: string }>('SELECT token_hash FROM password_resets');
    expect(rows).toEqual([{ token_hash: sha256(token) }]);
    expect(await auditLog()).toContainEqual(
      expect.objectContaining({ action: 'agent.password_reset_link_created', targetId: ada.id }),
    );
    // making the link changes nothing yet: the old password and Ada's session still work
    expect((await login(ada.email, OLD)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', ada.as)).status).toBe(200);
  });

  it("is 404 for another tenant's agent, and writes nothing", async () => {
    const other = await h.signup();
    const r = await linkFor(other.agent.id);
    expect(r.status).toBe(404);
    expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await h.db.all('SELECT * FROM password_resets')).toEqual([]);
  });

  it('refuses an admin resetting an owner (403) but lets them reset an agent', async () => {
    const admin = await agent('admin@example.com', 'admin');
    const refused = await linkFor(t.agent.id, admin.as);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/owner/i);
    expect(await h.db.all('SELECT * FROM password_resets')).toEqual([]);
    const ada = await agent();
    expect((await linkFor(ada.id, admin.as)).status).toBe(201);
  });

  it('is refused to a role without agents:update', async () => {
    const ada = await agent();
    const r = await linkFor(t.agent.id, ada.as);
    expect(r.status).toBe(403);
    expect(r.body.permission ?? r.body.detail).toMatch(/agents:update/);
  });

  it('is 409 for an invited agent (resend the invitation) and a deactivated one', async () => {
    const invited = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Ivy', email: 'ivy@example.com' },
    });
    const r = await linkFor(invited.body.id);
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/invitation/);
    const ada = await agent();
    await h.json('PATCH', `/api/v1/agents/${ada.id}`, { ...t.as, body: { status: 'disabled' } });
    expect((await linkFor(ada.id)).status).toBe(409);
  });
});

describe('using a reset link', () => {
  it('sets the password, ends every other session of the agent and signs them in like login', async () => {
    const ada = await agent();
    const otherDevice = { cookie: sessionCookie((await login(ada.email, OLD)).res) };
    const { url } = (await linkFor(ada.id)).body;

    const r = await reset(tokenOf(url));
    expect(r.status).toBe(200);
    expect(r.body.agent).toMatchObject({ id: ada.id, email: ada.email, status: 'active' });
    expect(r.body.tenant.id).toBe(t.tenant.id);
    expect(r.res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const fresh = { cookie: sessionCookie(r.res) };
    expect((await h.json('GET', '/api/v1/me', fresh)).body.agent.id).toBe(ada.id);

    expect((await h.json('GET', '/api/v1/me', ada.as)).status).toBe(401);
    expect((await h.json('GET', '/api/v1/me', otherDevice)).status).toBe(401);
    expect((await login(ada.email, OLD)).status).toBe(401);
    expect((await login(ada.email, NEW)).status).toBe(200);
    // the owner is not signed out by someone else's reset
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
    expect(await auditLog()).toContainEqual(
      expect.objectContaining({ action: 'agent.password_reset', targetId: ada.id }),
    );
  });

  it('works once: a reused link is 400 with a clear message and changes nothing', async () => {
    const ada = await agent();
    const token = tokenOf((await linkFor(ada.id)).body.url);
    const first = await reset(token);
    expect(first.status).toBe(200);
    const stillIn = { cookie: sessionCookie(first.res) };
    const again = await reset(token, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(again.res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(again.body.detail).toMatch(/invalid, already used or expired/);
    expect(again.res.headers.get('set-cookie')).toBeNull();
    expect((await login(ada.email, NEW)).status).toBe(200);
    expect((await login(ada.email, 'yet another passphrase')).status).toBe(401);
    expect((await h.json('GET', '/api/v1/me', stillIn)).status).toBe(200);
  });

  it('expires after an hour: 400, the old password and sessions still work', async () => {
    const ada = await agent();
    const token = tokenOf((await linkFor(ada.id)).body.url);
    clock.advance(3600_000 + 1000);
    const r = await reset(token);
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/expired/);
    expect((await login(ada.email, OLD)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', ada.as)).status).toBe(200);
  });

  it('still works just before the hour is up', async () => {
    const ada = await agent();
    const token = tokenOf((await linkFor(ada.id)).body.url);
    clock.advance(3600_000 - 1000);
    expect((await reset(token)).status).toBe(200);
  });

  it('is void once a newer link is made; the newer one works', async () => {
    const ada = await agent();
    const older = tokenOf((await linkFor(ada.id)).body.url);
    const newer = tokenOf((await linkFor(ada.id)).body.url);
    expect(newer).not.toBe(older);
    expect((await reset(older)).status).toBe(400);
    expect((await login(ada.email, OLD)).status).toBe(200);
    expect((await reset(newer)).status).toBe(200);
  });

  it('is void once the agent is deactivated, even after reactivation', async () => {
    const ada = await agent();
    const token = tokenOf((await linkFor(ada.id)).body.url);
    await h.json('PATCH', `/api/v1/agents/${ada.id}`, { ...t.as, body: { status: 'disabled' } });
    expect((await reset(token)).status).toBe(400);
    await h.json('PATCH', `/api/v1/agents/${ada.id}`, { ...t.as, body: { status: 'active' } });
    expect((await reset(token)).status).toBe(400);
    expect((await login(ada.email, OLD)).status).toBe(200);
  });

  it('refuses a password the policy refuses with 422 naming the field, and the link keeps working', async () => {
    const ada = await agent();
    const token = tokenOf((await linkFor(ada.id)).body.url);
    const weak = await reset(token, 'password123');
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toEqual(['password']);
    expect((await login(ada.email, OLD)).status).toBe(200);
    expect((await reset(token)).status).toBe(200);
  });

  it('is 400 for a token nobody issued, and needs no credential', async () => {
    const r = await reset('x'.repeat(40));
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/Ask the account owner for a new one/);
  });

  it('of a suspended account is refused to anyone but its owner, and changes nothing', async () => {
    const ada = await agent();
    const token = tokenOf((await linkFor(ada.id)).body.url);
    const hashOf = () => h.db.get<{ password_hash: string }>('SELECT password_hash FROM agents WHERE id = ?', [ada.id]);
    const before = await hashOf();
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/suspend`, h.platform)).status).toBe(200);
    const r = await reset(token);
    expect(r.status).toBe(403);
    expect(r.body.tenantStatus).toBe('suspended');
    expect(await hashOf()).toEqual(before);
    expect((await h.db.all('SELECT * FROM password_resets')).length).toBe(1);
  });

  it('is rate limited per address like sign-in', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++)
      last = (
        await h.req('POST', '/api/v1/auth/reset-password', {
          ip: '203.0.113.9',
          body: { token: `nope-${i}-000000`, password: NEW },
        })
      ).status;
    expect(last).toBe(429);
    // another address is not affected
    expect((await reset('x'.repeat(40))).status).toBe(400);
  });
});
