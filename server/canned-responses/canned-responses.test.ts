// Canned responses: CRUD, who sees which (personal ones only their owner, nothing across tenants), the permission a
// shared one needs, placeholders checked when saved and filled in for a ticket, and the audit of shared ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let agent: ReqOpts;
let agentId: string;
let ticketId: string;
let ticketNumber: number;

async function login(email: string, password: string): Promise<ReqOpts> {
  const r = await h.json('POST', '/api/v1/auth/login', { body: { email, password } });
  expect(r.status).toBe(200);
  return { cookie: sessionCookie(r.res) };
}

beforeEach(async () => {
  h = await createHarness();
  t = await h.signup({ name: 'Olga Owner' });
  const made = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Arno Agent', email: 'arno@example.com', roleId: 'agent', password: 'arno password 1' },
  });
  expect(made.status).toBe(201);
  agentId = made.body.id;
  agent = await login('arno@example.com', 'arno password 1');
  const ticket = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Where is my parcel?', message: 'Hi', requester: { email: 'mia@example.com', name: 'Mia Rossi' } },
  });
  ticketId = ticket.body.id;
  ticketNumber = ticket.body.number;
});
afterEach(() => h.close());

const create = (as: ReqOpts, body: unknown) => h.json('POST', '/api/v1/canned-responses', { ...as, body });
const titles = async (as: ReqOpts, query = '') =>
  ((await h.json('GET', `/api/v1/canned-responses${query}`, as)).body.data as { title: string }[]).map((r) => r.title);

describe('canned responses', () => {
  it('creates, reads, lists page by page, changes and deletes a shared response', async () => {
    const made = await create(t.as, {
      title: 'Refund',
      shortcut: 'refund',
      body: 'Hi {{customer.name}}, your refund is on its way.',
      shared: true,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ title: 'Refund', shortcut: 'refund', shared: true, ownerId: null });
    for (const n of [2, 3]) expect((await create(t.as, { title: `R${n}`, body: 'x', shared: true })).status).toBe(201);

    const first = await h.json('GET', '/api/v1/canned-responses?limit=2', t.as);
    expect(first.body.data.map((r: { title: string }) => r.title)).toEqual(['Refund', 'R2']);
    const second = await h.json('GET', `/api/v1/canned-responses?limit=2&cursor=${first.body.nextCursor}`, t.as);
    expect(second.body).toMatchObject({ data: [{ title: 'R3' }], nextCursor: null });

    const id = made.body.id;
    expect((await h.json('GET', `/api/v1/canned-responses/${id}`, agent)).body.title).toBe('Refund');
    const changed = await h.json('PATCH', `/api/v1/canned-responses/${id}`, {
      ...t.as,
      body: { title: 'Refund sent', shortcut: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: 'Refund sent', shortcut: null, body: made.body.body });
    expect((await h.req('DELETE', `/api/v1/canned-responses/${id}`, t.as)).status).toBe(204);
    expect((await h.json('GET', `/api/v1/canned-responses/${id}`, t.as)).status).toBe(404);

    const audit = await h.json('GET', '/api/v1/audit-log?limit=100', t.as);
    const actions = (audit.body.data as { action: string; targetId: string }[])
      .filter((e) => e.targetId === id)
      .map((e) => e.action);
    expect(actions.sort()).toEqual(['canned_response.created', 'canned_response.deleted', 'canned_response.updated']);
  });

  it('refuses bad input with 422 naming the field, and unknown placeholders by name, storing nothing', async () => {
    const bad = [
      [{ title: '', body: 'x' }, 'title'],
      [{ title: 'T', body: '   ' }, 'body'],
      [{ title: 'T', body: 'x', shortcut: 'Has Space' }, 'shortcut'],
      [{ title: 'T', body: 'x', extra: 1 }, ''],
      [{ title: 'T' }, 'body'],
    ] as const;
    for (const [body, path] of bad) {
      const r = await create(t.as, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.res.headers.get('content-type')).toContain('application/problem+json');
      if (path) expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const typo = await create(t.as, { title: 'T', body: 'Hi {{customer.nmae}} and {{ order.id }}, {{agent.name}}' });
    expect(typo.status).toBe(422);
    expect(typo.body.errors).toEqual([
      { path: 'body', message: 'unknown placeholders: {{customer.nmae}}, {{order.id}}' },
    ]);
    expect(await titles(t.as)).toEqual([]);

    const ok = await create(t.as, { title: 'T', body: 'x' });
    const patch = await h.json('PATCH', `/api/v1/canned-responses/${ok.body.id}`, {
      ...t.as,
      body: { body: '{{ticket.numbr}}' },
    });
    expect(patch.status).toBe(422);
    expect((await h.json('GET', `/api/v1/canned-responses/${ok.body.id}`, t.as)).body.body).toBe('x');
  });

  it('keeps personal responses to their owner: other agents neither list, read, change, delete nor render them', async () => {
    const mine = await create(agent, { title: 'Arno sign-off', body: 'Cheers, {{agent.name}}' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ shared: false, ownerId: agentId });
    await create(t.as, { title: 'Shared hello', body: 'Hello', shared: true });

    expect(await titles(agent)).toEqual(['Arno sign-off', 'Shared hello']);
    expect(await titles(agent, '?scope=personal')).toEqual(['Arno sign-off']);
    expect(await titles(agent, '?scope=shared')).toEqual(['Shared hello']);
    // The owner of the help desk is another agent: Arno's own replies stay his.
    expect(await titles(t.as)).toEqual(['Shared hello']);
    const id = mine.body.id;
    expect((await h.json('GET', `/api/v1/canned-responses/${id}`, t.as)).status).toBe(404);
    expect(
      (await h.json('PATCH', `/api/v1/canned-responses/${id}`, { ...t.as, body: { title: 'Mine now' } })).status,
    ).toBe(404);
    expect((await h.req('DELETE', `/api/v1/canned-responses/${id}`, t.as)).status).toBe(404);
    expect(
      (await h.json('POST', `/api/v1/canned-responses/${id}/render`, { ...t.as, body: { ticketId } })).status,
    ).toBe(404);
    // An API key has no agent: shared ones only, and it cannot make a personal one.
    const key = { token: await t.apiKey() };
    expect(await titles(key)).toEqual(['Shared hello']);
    expect((await create(key, { title: 'K', body: 'x' })).status).toBe(422);

    // The owner changes and deletes their own, unaudited.
    expect(
      (await h.json('PATCH', `/api/v1/canned-responses/${id}`, { ...agent, body: { title: 'Bye' } })).body.title,
    ).toBe('Bye');
    expect((await h.req('DELETE', `/api/v1/canned-responses/${id}`, agent)).status).toBe(204);
    const audit = await h.json('GET', '/api/v1/audit-log?limit=100', t.as);
    expect((audit.body.data as { targetId: string }[]).some((e) => e.targetId === id)).toBe(false);
  });

  it('needs canned-responses permissions for shared responses: an agent may use them but not change them', async () => {
    expect((await create(agent, { title: 'Shared', body: 'x', shared: true })).status).toBe(403);
    const shared = await create(t.as, { title: 'Shared', body: 'x', shared: true });
    const r = await h.json('PATCH', `/api/v1/canned-responses/${shared.body.id}`, {
      ...agent,
      body: { title: 'Mine' },
    });
    expect(r.status).toBe(403);
    expect(r.body.detail).toContain('canned-responses:update');
    expect((await h.req('DELETE', `/api/v1/canned-responses/${shared.body.id}`, agent)).status).toBe(403);
    expect((await h.json('GET', `/api/v1/canned-responses/${shared.body.id}`, t.as)).body.title).toBe('Shared');
  });

  it('fills in the placeholders for a ticket, as the calling agent', async () => {
    const made = await create(t.as, {
      title: 'Parcel',
      body: 'Hi {{customer.name}} ({{ customer.email }}), about ticket #{{ticket.number}} "{{ticket.subject}}". — {{agent.name}}',
      shared: true,
    });
    const r = await h.json('POST', `/api/v1/canned-responses/${made.body.id}/render`, { ...agent, body: { ticketId } });
    expect(r.status).toBe(200);
    expect(r.body.body).toBe(
      `Hi Mia Rossi (mia@example.com), about ticket #${ticketNumber} "Where is my parcel?". — Arno Agent`,
    );
    // A requester without a name is addressed by email.
    const nameless = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'S', message: 'M', requester: { email: 'noname@example.com' } },
    });
    const greet = await create(t.as, { title: 'Hi', body: 'Hi {{customer.name}}', shared: true });
    const r2 = await h.json('POST', `/api/v1/canned-responses/${greet.body.id}/render`, {
      ...t.as,
      body: { ticketId: nameless.body.id },
    });
    expect(r2.body.body).toBe('Hi noname@example.com');
    expect(
      (
        await h.json('POST', `/api/v1/canned-responses/${greet.body.id}/render`, {
          ...t.as,
          body: { ticketId: 'tkt_nope' },
        })
      ).status,
    ).toBe(404);
  });

  it("never shows another tenant's responses, nor renders for another tenant's ticket", async () => {
    const other = await h.signup();
    const theirs = await create(other.as, { title: 'Theirs', body: 'Secret {{customer.name}}', shared: true });
    const ours = await create(t.as, { title: 'Ours', body: 'Hi {{customer.name}}', shared: true });
    expect(await titles(t.as)).toEqual(['Ours']);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { title: 'x' }],
      ['DELETE', undefined],
    ] as const)
      expect((await h.req(method, `/api/v1/canned-responses/${theirs.body.id}`, { ...t.as, body })).status).toBe(404);
    expect(
      (await h.json('POST', `/api/v1/canned-responses/${theirs.body.id}/render`, { ...t.as, body: { ticketId } }))
        .status,
    ).toBe(404);
    expect(
      (await h.json('POST', `/api/v1/canned-responses/${ours.body.id}/render`, { ...other.as, body: { ticketId } }))
        .status,
    ).toBe(404);
    expect((await h.json('GET', `/api/v1/canned-responses/${theirs.body.id}`, other.as)).body.title).toBe('Theirs');
  });
});
