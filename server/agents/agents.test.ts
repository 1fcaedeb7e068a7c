import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

async function login(email: string, password: string) {
  const r = await h.json('POST', '/api/v1/auth/login', { body: { email, password } });
  expect(r.status).toBe(200);
  return { cookie: sessionCookie(r.res) };
}

describe('agents and roles', () => {
  it("creates an agent with a password who can then sign in with the role's permissions", async () => {
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Vic Viewer', email: 'vic@example.com', roleId: 'viewer', password: 'viewer password' },
    });
    expect(r.status).toBe(201);
    expect(r.body.inviteUrl).toBeNull();
    const vic = await login('vic@example.com', 'viewer password');
    const me = await h.json('GET', '/api/v1/me', vic);
    expect(me.body.permissions).toContain('agents:read');
    expect(me.body.permissions).not.toContain('agents:create');
    const refused = await h.json('POST', '/api/v1/agents', { ...vic, body: { name: 'X', email: 'x@example.com' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/agents:create/);
    expect(refused.body.permission).toBe('agents:create');
    expect((await h.json('GET', '/api/v1/agents', vic)).body.data).toHaveLength(2);
  });

  it('invites an agent by link; accepting sets the password and signs them in', async () => {
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/agents', { ...t.as, body: { name: 'Ivy', email: 'ivy@example.com' } });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('invited');
    const token = new URL(r.body.inviteUrl.replace('#/', '')).searchParams.get('token')!;
    expect(
      (await h.json('POST', '/api/v1/auth/login', { body: { email: 'ivy@example.com', password: 'anything at all' } }))
        .status,
    ).toBe(401);
    const bad = await h.json('POST', '/api/v1/auth/accept-invite', {
      body: { token: 'x'.repeat(40), password: 'ivy password 1' },
    });
    expect(bad.status).toBe(401);
    const ok = await h.json('POST', '/api/v1/auth/accept-invite', { body: { token, password: 'ivy password 1' } });
    expect(ok.status).toBe(200);
    expect(ok.body.agent.status).toBe('active');
    // a used invitation cannot be used again
    expect(
      (await h.json('POST', '/api/v1/auth/accept-invite', { body: { token, password: 'another password' } })).status,
    ).toBe(401);
    await login('ivy@example.com', 'ivy password 1');
  });

  it('builds custom roles from resource × action permissions with an own-tickets-only condition', async () => {
    const t = await h.signup();
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Tier 1', permissions: ['tickets:read', 'tickets:update', 'kb:read'], ownTicketsOnly: true },
    });
    expect(role.status).toBe(201);
    expect(role.body.id).toMatch(/^rol_/);
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'T1', email: 't1@example.com', roleId: role.body.id, password: 'tier one password' },
    });
    const t1 = await login('t1@example.com', 'tier one password');
    const me = await h.json('GET', '/api/v1/me', t1);
    expect(me.body.role).toEqual({ id: role.body.id, name: 'Tier 1', ownTicketsOnly: true });
    expect(me.body.permissions).toEqual(['kb:read', 'tickets:read', 'tickets:update']);
    expect((await h.json('GET', '/api/v1/agents', t1)).status).toBe(403);

    const dup = await h.json('POST', '/api/v1/roles', { ...t.as, body: { name: 'tier 1', permissions: [] } });
    expect(dup.status).toBe(409);
    const badPerm = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Bad', permissions: ['tickets:fly', 'spaceships:read'] },
    });
    expect(badPerm.status).toBe(422);
    expect(badPerm.body.errors).toHaveLength(2);
    expect((await h.json('DELETE', `/api/v1/roles/${role.body.id}`, t.as)).status).toBe(409);
    expect((await h.json('PATCH', '/api/v1/roles/admin', { ...t.as, body: { name: 'Boss' } })).status).toBe(403);

    const list = await h.json('GET', '/api/v1/roles', t.as);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([
      'owner',
      'admin',
      'agent',
      'viewer',
      role.body.id,
    ]);
  });

  it('changing a role takes effect on the next request and is audited', async () => {
    const t = await h.signup();
    const a = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Al', email: 'al@example.com', roleId: 'agent', password: 'al password 12' },
    });
    const al = await login('al@example.com', 'al password 12');
    expect((await h.json('POST', '/api/v1/roles', { ...al, body: { name: 'R', permissions: [] } })).status).toBe(403);
    expect((await h.json('PATCH', `/api/v1/agents/${a.body.id}`, { ...t.as, body: { roleId: 'admin' } })).status).toBe(
      200,
    );
    expect((await h.json('POST', '/api/v1/roles', { ...al, body: { name: 'R', permissions: [] } })).status).toBe(201);
    const audit = await h.json('GET', '/api/v1/audit-log?action=agent.role_changed', t.as);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0].details).toEqual({ from: 'agent', to: 'admin' });
  });

  it('disabling an agent ends their sessions at once', async () => {
    const t = await h.signup();
    const a = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Di', email: 'di@example.com', password: 'di password 123' },
    });
    const di = await login('di@example.com', 'di password 123');
    expect(
      (await h.json('PATCH', `/api/v1/agents/${a.body.id}`, { ...t.as, body: { status: 'disabled' } })).status,
    ).toBe(200);
    expect((await h.json('GET', '/api/v1/me', di)).status).toBe(401);
    expect(
      (await h.json('POST', '/api/v1/auth/login', { body: { email: 'di@example.com', password: 'di password 123' } }))
        .status,
    ).toBe(401);
    // nobody disables themselves
    expect(
      (await h.json('PATCH', `/api/v1/agents/${t.agent.id}`, { ...t.as, body: { status: 'disabled' } })).status,
    ).toBe(403);
  });

  it('enforces the agent limit (plan, lowered by settings.maxAgents) with a 403 naming limit and usage', async () => {
    const t = await h.signup();
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxAgents: 2 } } });
    expect(
      (await h.json('POST', '/api/v1/agents', { ...t.as, body: { name: 'A', email: 'a@example.com' } })).status,
    ).toBe(201);
    const r = await h.json('POST', '/api/v1/agents', { ...t.as, body: { name: 'B', email: 'b@example.com' } });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/plan-limit',
      limit: 'maxAgents',
      max: 2,
      usage: 2,
      plan: 'professional',
    });
    expect((await h.json('GET', '/api/v1/agents', t.as)).body.data).toHaveLength(2);
    // a tenant setting can lower, never raise, the plan limit (starter = 3)
    const made = await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: { name: 'S', plan: 'starter', owner: { name: 'O', email: 'so@example.com', password: 'starter owner 1' } },
    });
    const so = await login('so@example.com', 'starter owner 1');
    await h.json('PATCH', `/api/v1/tenants/${made.body.tenant.id}`, { ...so, body: { settings: { maxAgents: 50 } } });
    for (const n of [1, 2])
      expect(
        (await h.json('POST', '/api/v1/agents', { ...so, body: { name: 'N', email: `n${n}@example.com` } })).status,
      ).toBe(201);
    expect(
      (await h.json('POST', '/api/v1/agents', { ...so, body: { name: 'N', email: 'n3@example.com' } })).body,
    ).toMatchObject({ max: 3, usage: 3 });
  });

  it('refuses an unknown role and a duplicate email', async () => {
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'A', email: 'a@example.com', roleId: 'rol_nope' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('roleId');
    const dup = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'A', email: t.agent.email.toUpperCase() },
    });
    expect(dup.status).toBe(409);
  });
});
