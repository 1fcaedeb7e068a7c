// Team CRUD through the API: create, rename, members in and out, delete (its tickets stay, with no team),
// bad input refused with problem+json and nothing changed, and another tenant's team never in reach.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let ada: string;
let bo: string;

beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
  ada = await t.addAgent('Ada');
  bo = await t.addAgent('Bo');
});
afterEach(() => h.close());

const problem = (r: { status: number; res: Response }) => ({
  status: r.status,
  type: r.res.headers.get('content-type'),
});

describe('teams', () => {
  it('are created, renamed, given and relieved of members, and listed by name', async () => {
    const created = await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Technical', agentIds: [ada] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Technical', agentIds: [ada] });
    const id = created.body.id;
    await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'billing' } });

    const renamed = await h.json('PATCH', `/api/v1/teams/${id}`, { ...t.as, body: { name: 'Tech support' } });
    expect(renamed.body).toMatchObject({ id, name: 'Tech support', agentIds: [ada] });

    const added = await h.json('PATCH', `/api/v1/teams/${id}`, { ...t.as, body: { agentIds: [ada, bo, bo] } });
    expect(added.status).toBe(200);
    expect([...added.body.agentIds].sort()).toEqual([ada, bo].sort());
    const removed = await h.json('PATCH', `/api/v1/teams/${id}`, { ...t.as, body: { agentIds: [bo] } });
    expect(removed.body.agentIds).toEqual([bo]);

    expect((await h.json('GET', `/api/v1/teams/${id}`, t.as)).body).toMatchObject({ name: 'Tech support' });
    const list = await h.json('GET', '/api/v1/teams', t.as);
    expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['billing', 'Tech support']);

    const log = await h.json('GET', '/api/v1/audit-log', t.as);
    const actions = log.body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['team.created', 'team.updated']));
    const membership = log.body.data.find(
      (e: { action: string; details: { removed?: string[] } }) =>
        e.action === 'team.updated' && e.details.removed?.includes(ada),
    );
    expect(membership.details).toMatchObject({ added: [], removed: [ada] });
  });

  it('an agent may be in several teams', async () => {
    const a = await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'A', agentIds: [ada] } });
    const b = await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'B', agentIds: [ada, bo] } });
    expect(a.body.agentIds).toEqual([ada]);
    expect(b.body.agentIds).toContain(ada);
  });

  it('delete keeps the tickets, with no team, and stops rules from setting it', async () => {
    const team = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Returns', agentIds: [ada] } })).body;
    const rule = await h.json('POST', '/api/v1/routing-rules', {
      ...t.as,
      body: { name: 'Returns', conditions: { keywords: ['refund'] }, actions: { teamId: team.id, priority: 'high' } },
    });
    const ticket = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Refund please', message: 'refund', requester: { email: 'r@example.com' } },
    });
    expect(ticket.body).toMatchObject({ teamId: team.id, priority: 'high' });

    const del = await h.req('DELETE', `/api/v1/teams/${team.id}`, t.as);
    expect(del.status).toBe(204);
    expect((await h.json('GET', `/api/v1/teams/${team.id}`, t.as)).status).toBe(404);
    const after = await h.json('GET', `/api/v1/tickets/${ticket.body.id}`, t.as);
    expect(after.status).toBe(200);
    expect(after.body.teamId).toBeNull();
    const activity = await h.json('GET', `/api/v1/tickets/${ticket.body.id}/activity`, t.as);
    expect(JSON.stringify(activity.body)).toContain('Team Returns deleted');
    const r = await h.json('GET', `/api/v1/routing-rules/${rule.body.id}`, t.as);
    expect(r.body.actions).toEqual({ priority: 'high' });
    expect((await h.json('GET', '/api/v1/teams', t.as)).body.data).toEqual([]);
  });

  it('refuse bad input with 4xx problem+json and change nothing', async () => {
    await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing' } });
    const before = JSON.stringify((await h.json('GET', '/api/v1/teams', t.as)).body);
    const bad: [unknown, number][] = [
      [{}, 422],
      [{ name: '' }, 422],
      [{ name: 'x'.repeat(81) }, 422],
      [{ name: 'Ok', agentIds: 'all' }, 422],
      [{ name: 'Ok', extra: 1 }, 422],
      [{ name: 'Ok', agentIds: ['agt_nobody'] }, 422],
      [{ name: 'BILLING' }, 409],
    ];
    for (const [body, status] of bad) {
      const r = await h.json('POST', '/api/v1/teams', { ...t.as, body });
      expect({ body, ...problem(r) }).toEqual({ body, status, type: 'application/problem+json' });
    }
    const malformed = await h.req('POST', '/api/v1/teams', { ...t.as, rawBody: '{"name":' });
    expect(malformed.status).toBe(400);

    const id = (await h.json('GET', '/api/v1/teams', t.as)).body.data[0].id;
    const other = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Other' } })).body.id;
    const patched = await h.json('PATCH', `/api/v1/teams/${other}`, { ...t.as, body: { name: 'billing' } });
    expect(problem(patched)).toEqual({ status: 409, type: 'application/problem+json' });
    const unknown = await h.json('PATCH', `/api/v1/teams/${id}`, { ...t.as, body: { agentIds: [ada, 'agt_x'] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'agentIds', message: expect.stringContaining('agt_x') }]);
    await h.req('DELETE', `/api/v1/teams/${other}`, t.as);
    expect(JSON.stringify((await h.json('GET', '/api/v1/teams', t.as)).body)).toBe(before);
    expect((await h.json('PATCH', '/api/v1/teams/team_missing', { ...t.as, body: { name: 'X' } })).status).toBe(404);
  });

  it('need the teams permissions: an agent reads them but cannot change them', async () => {
    const team = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing' } })).body;
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'ada@example.com', password: 'Ada password 1' },
    });
    const asAda = { cookie: sessionCookie(login.res) };
    expect((await h.json('GET', '/api/v1/teams', asAda)).status).toBe(200);
    const refused = await h.json('PATCH', `/api/v1/teams/${team.id}`, { ...asAda, body: { agentIds: [ada] } });
    expect(problem(refused)).toEqual({ status: 403, type: 'application/problem+json' });
    expect((await h.json('GET', `/api/v1/teams/${team.id}`, t.as)).body.agentIds).toEqual([]);
  });

  it('of another tenant are 404 and never listed, and their agents cannot be members', async () => {
    const team = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing', agentIds: [ada] } })).body;
    const other = await h.signup();
    expect((await h.json('GET', `/api/v1/teams/${team.id}`, other.as)).status).toBe(404);
    expect((await h.json('PATCH', `/api/v1/teams/${team.id}`, { ...other.as, body: { name: 'Mine' } })).status).toBe(
      404,
    );
    expect((await h.req('DELETE', `/api/v1/teams/${team.id}`, other.as)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/teams', other.as)).body.data).toEqual([]);
    expect((await h.json('GET', '/api/v1/teams/queue', other.as)).body).toEqual({ data: [], none: 0 });
    const foreign = await h.json('POST', '/api/v1/teams', { ...other.as, body: { name: 'Theirs', agentIds: [ada] } });
    expect(foreign.status).toBe(422);
    const ticket = await h.json('POST', '/api/v1/tickets', {
      ...other.as,
      body: { subject: 'Hi', message: 'Hi', requester: { email: 'x@example.com' }, teamId: team.id },
    });
    expect(ticket.status).toBe(422);
    expect((await h.json('GET', `/api/v1/teams/${team.id}`, t.as)).body).toMatchObject({
      name: 'Billing',
      agentIds: [ada],
    });
  });

  it('count their open tickets in the team queue, and ?teamId= lists one queue', async () => {
    const a = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Alpha' } })).body.id;
    const file = (teamId: string | null, assigneeId: string | null = null) =>
      h.json('POST', '/api/v1/tickets', {
        ...t.as,
        body: { subject: 'Q', message: 'Q', requester: { email: 'q@example.com' }, teamId, assigneeId },
      });
    const first = (await file(a)).body.id;
    await file(a, ada);
    await file(null);
    const closed = (await file(a)).body.id;
    await h.json('PATCH', `/api/v1/tickets/${closed}`, { ...t.as, body: { status: 'closed' } });
    expect((await h.json('GET', '/api/v1/teams/queue', t.as)).body).toEqual({
      data: [{ teamId: a, name: 'Alpha', open: 2, unassigned: 1 }],
      none: 1,
    });
    const listed = await h.json('GET', `/api/v1/tickets?teamId=${a}&status=open,pending`, t.as);
    expect(listed.body.data).toHaveLength(2);
    expect(listed.body.data.map((x: { id: string }) => x.id)).toContain(first);
    expect((await h.json('GET', '/api/v1/tickets?teamId=none', t.as)).body.data).toHaveLength(1);
  });
});
