// Agent lifecycle after creation: resend or revoke a pending invitation, remove an agent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(() => h.close());

const tokenOf = (inviteUrl: string) => new URL(inviteUrl.replace('#/', '')).searchParams.get('token')!;

async function invite(email = 'ivy@example.com', roleId = 'agent') {
  const r = await h.json('POST', '/api/v1/agents', { ...t.as, body: { name: 'Ivy', email, roleId } });
  expect(r.status).toBe(201);
  return r.body as { id: string; inviteUrl: string };
}

async function agentWithPassword(email: string, roleId = 'agent') {
  const r = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Ada Agent', email, roleId, password: 'agent password 1' },
  });
  expect(r.status).toBe(201);
  const login = await h.json('POST', '/api/v1/auth/login', { body: { email, password: 'agent password 1' } });
  return { id: r.body.id as string, as: { cookie: sessionCookie(login.res) } };
}

const accept = (token: string) =>
  h.json('POST', '/api/v1/auth/accept-invite', { body: { token, password: 'ivy password 1' } });
const auditActions = async () =>
  (await h.json('GET', '/api/v1/audit-log', t.as)).body.data.map((e: { action: string }) => e.action);

describe('resending an invitation', () => {
  it('issues a new link shown once; the old link stops working and the new one signs in', async () => {
    const inv = await invite();
    const r = await h.json('POST', `/api/v1/agents/${inv.id}/invite/resend`, t.as);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: inv.id, status: 'invited' });
    expect(r.body.inviteUrl).toMatch(/\/inbox\/#\/accept-invite\?token=/);
    expect(tokenOf(r.body.inviteUrl)).not.toBe(tokenOf(inv.inviteUrl));
    expect((await accept(tokenOf(inv.inviteUrl))).status).toBe(401);
    expect((await accept(tokenOf(r.body.inviteUrl))).status).toBe(200);
    expect(await auditActions()).toContain('agent.invite_resent');
    // accepted: there is nothing to resend any more
    const again = await h.json('POST', `/api/v1/agents/${inv.id}/invite/resend`, t.as);
    expect(again.status).toBe(409);
    expect(again.res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('gives an expired invitation a fresh week', async () => {
    const clock = testClock();
    await h.close();
    h = await createHarness({ clock });
    t = await h.signup();
    const inv = await invite();
    clock.advance(8 * 24 * 3600_000);
    expect((await accept(tokenOf(inv.inviteUrl))).status).toBe(401);
    const r = await h.json('POST', `/api/v1/agents/${inv.id}/invite/resend`, t.as);
    expect((await accept(tokenOf(r.body.inviteUrl))).status).toBe(200);
  });
});

describe('revoking an invitation', () => {
  it('withdraws it: the link stops working, the agent leaves the list, the email can be invited again', async () => {
    const inv = await invite();
    expect((await h.req('DELETE', `/api/v1/agents/${inv.id}/invite`, t.as)).status).toBe(204);
    expect((await accept(tokenOf(inv.inviteUrl))).status).toBe(401);
    const list = await h.json('GET', '/api/v1/agents', t.as);
    expect(list.body.data.map((a: { id: string }) => a.id)).not.toContain(inv.id);
    expect(await auditActions()).toContain('agent.invite_revoked');
    await invite();
  });

  it('refuses to revoke someone who already accepted, and keeps them', async () => {
    const a = await agentWithPassword('ada@example.com');
    const r = await h.json('DELETE', `/api/v1/agents/${a.id}/invite`, t.as);
    expect(r.status).toBe(409);
    expect((await h.json('GET', `/api/v1/agents/${a.id}`, t.as)).status).toBe(200);
  });
});

describe('removing an agent', () => {
  it('ends their sessions and frees the email; their messages keep their name', async () => {
    const a = await agentWithPassword('ada@example.com');
    const ticket = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Pole', message: 'Snapped', requester: { email: 'c@example.com' } },
    });
    await h.json('POST', `/api/v1/tickets/${ticket.body.id}/messages`, {
      ...a.as,
      body: { body: 'Sending a new one.' },
    });
    expect((await h.req('DELETE', `/api/v1/agents/${a.id}`, t.as)).status).toBe(204);
    expect((await h.json('GET', '/api/v1/me', a.as)).status).toBe(401);
    expect((await h.json('GET', `/api/v1/agents/${a.id}`, t.as)).status).toBe(404);
    const thread = await h.json('GET', `/api/v1/tickets/${ticket.body.id}`, t.as);
    expect(thread.body.messages[1].author).toMatchObject({ type: 'agent', name: 'Ada Agent' });
    expect(await auditActions()).toContain('agent.removed');
    await agentWithPassword('ada@example.com');
  });

  it('refuses while open tickets are assigned to them, naming how many, and changes nothing', async () => {
    const a = await agentWithPassword('ada@example.com');
    const ticket = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Pole', message: 'Snapped', requester: { email: 'c@example.com' }, assigneeId: a.id },
    });
    const r = await h.json('DELETE', `/api/v1/agents/${a.id}`, t.as);
    expect(r.status).toBe(409);
    expect(r.body.detail).toMatch(/1 open or pending ticket/);
    expect((await h.json('GET', '/api/v1/me', a.as)).status).toBe(200);
    await h.json('PATCH', `/api/v1/tickets/${ticket.body.id}`, { ...t.as, body: { status: 'resolved' } });
    expect((await h.req('DELETE', `/api/v1/agents/${a.id}`, t.as)).status).toBe(204);
  });

  it('keeps owners safe: nobody removes themself, only an owner removes an owner, a viewer removes nobody', async () => {
    const admin = await agentWithPassword('admin@example.com', 'admin');
    const viewer = await agentWithPassword('viewer@example.com', 'viewer');
    const self = await h.json('DELETE', `/api/v1/agents/${t.agent.id}`, t.as);
    expect(self.status).toBe(403);
    expect((await h.json('DELETE', `/api/v1/agents/${t.agent.id}`, admin.as)).status).toBe(403);
    const refused = await h.json('DELETE', `/api/v1/agents/${admin.id}`, viewer.as);
    expect(refused.status).toBe(403);
    expect(refused.body.permission).toBe('agents:delete');
    expect((await h.json('POST', `/api/v1/agents/${admin.id}/invite/resend`, viewer.as)).body.permission).toBe(
      'agents:create',
    );
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', admin.as)).status).toBe(200);
  });

  it('needs power over the role of the agent acted on: only an owner removes an admin, nobody acts above their own role', async () => {
    const admin = await agentWithPassword('admin@example.com', 'admin');
    const other = await agentWithPassword('admin2@example.com', 'admin');
    const refused = await h.json('DELETE', `/api/v1/agents/${other.id}`, admin.as);
    expect(refused.status).toBe(403);
    expect(refused.body.requiredRole).toBe('owner');
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Team lead', permissions: ['agents:read', 'agents:create', 'agents:delete', 'tickets:read'] },
    });
    const lead = await agentWithPassword('lead@example.com', role.body.id);
    const agent = await agentWithPassword('worker@example.com', 'agent');
    const above = await h.json('DELETE', `/api/v1/agents/${agent.id}`, lead.as);
    expect(above.status).toBe(403);
    expect(above.body.missing).toContain('tickets:update');
    const inv = await invite('new@example.com', 'agent');
    expect((await h.json('POST', `/api/v1/agents/${inv.id}/invite/resend`, lead.as)).status).toBe(403);
    expect((await h.json('DELETE', `/api/v1/agents/${inv.id}/invite`, lead.as)).status).toBe(403);
    // everything is still there
    for (const id of [other.id, agent.id, inv.id])
      expect((await h.json('GET', `/api/v1/agents/${id}`, t.as)).status).toBe(200);
    expect((await h.req('DELETE', `/api/v1/agents/${other.id}`, t.as)).status).toBe(204);
  });

  it("answers 404 for another tenant's agent on every lifecycle route and changes nothing", async () => {
    const inv = await invite();
    const other = await h.signup();
    for (const [method, path] of [
      ['POST', `/api/v1/agents/${inv.id}/invite/resend`],
      ['DELETE', `/api/v1/agents/${inv.id}/invite`],
      ['DELETE', `/api/v1/agents/${inv.id}`],
    ] as const) {
      expect((await h.json(method, path, other.as)).status, `${method} ${path}`).toBe(404);
    }
    expect((await accept(tokenOf(inv.inviteUrl))).status).toBe(200);
  });

  it('documents the routes with operation ids', async () => {
    const doc = (await h.json('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/v1/agents/{id}/invite/resend'].post.operationId).toBe('resendAgentInvite');
    expect(doc.paths['/api/v1/agents/{id}/invite'].delete.operationId).toBe('revokeAgentInvite');
    expect(doc.paths['/api/v1/agents/{id}'].delete.operationId).toBe('deleteAgent');
  });
});
