import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(() => h.close());

const newTicket = (over: Record<string, unknown> = {}) => ({
  subject: 'Order #1234 arrived damaged',
  message: 'The tent pole is snapped in two.',
  requester: { email: 'Casey@Example.com', name: 'Casey' },
  ...over,
});

describe('creating and reading tickets', () => {
  it('creates a ticket for a requester, finds the customer again by email in any case, and reads it with its thread', async () => {
    const a = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: newTicket({ priority: 'high', tags: ['shipping', 'damage'] }),
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      number: 1,
      status: 'open',
      priority: 'high',
      channel: 'inbox',
      tags: ['shipping', 'damage'],
      assigneeId: null,
    });
    expect(a.body.id).toMatch(/^tkt_/);
    expect(a.body.requester).toMatchObject({ email: 'casey@example.com', name: 'Casey' });

    const b = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: newTicket({ requester: { email: 'CASEY@example.COM' } }),
    });
    expect(b.body.number).toBe(2);
    expect(b.body.requester.id).toBe(a.body.requester.id);

    const one = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(one.status).toBe(200);
    expect(one.body.messages).toHaveLength(1);
    expect(one.body.messages[0]).toMatchObject({
      body: 'The tent pole is snapped in two.',
      internal: false,
      author: { type: 'customer', id: a.body.requester.id },
    });

    const customers = await h.json('GET', '/api/v1/customers', t.as);
    expect(customers.body.data).toHaveLength(1);
  });

  it("a ticket an agent files on a customer's behalf opens with the requester's message, not an agent reply", async () => {
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket() });
    const one = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(one.body.messages[0].author).toEqual({ type: 'customer', id: a.body.requester.id, name: 'Casey' });
    // so no first response is recorded until an agent actually answers
    expect(one.body.firstResponseAt).toBeNull();
    const activity = await h.json('GET', `/api/v1/tickets/${a.body.id}/activity`, t.as);
    expect(activity.body.data[0]).toMatchObject({ action: 'ticket.created', actor: { type: 'agent', id: t.agent.id } });
    await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, { ...t.as, body: { body: 'On its way.' } });
    expect((await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as)).body.firstResponseAt).not.toBeNull();
  });

  it("a ticket an integration files for a requester opens with the requester's message; the key's replies name the key", async () => {
    const k = await h.json('POST', '/api/v1/api-keys', { ...t.as, body: { name: 'CRM sync' } });
    expect(k.status).toBe(201);
    const key = { token: k.body.key as string };
    const a = await h.json('POST', '/api/v1/tickets', { ...key, body: newTicket() });
    expect(a.status).toBe(201);
    expect(a.body.channel).toBe('api');
    const reply = await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, {
      ...key,
      body: { body: 'Synced from the CRM: refund issued.' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.author).toEqual({ type: 'api', id: k.body.id, name: 'CRM sync' });

    const one = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(one.body.messages.map((m: { author: unknown }) => m.author)).toEqual([
      { type: 'customer', id: a.body.requester.id, name: 'Casey' },
      { type: 'api', id: k.body.id, name: 'CRM sync' },
    ]);
    // the key's reply is the first response; the opening message was not
    expect(one.body.firstResponseAt).toBe(reply.body.createdAt);
    const activity = await h.json('GET', `/api/v1/tickets/${a.body.id}/activity`, t.as);
    expect(activity.body.data[0]).toMatchObject({
      action: 'ticket.created',
      actor: { type: 'api', id: k.body.id, name: 'CRM sync' },
    });
  });

  it('stores visitor text exactly as given (no HTML interpretation)', async () => {
    const evil = '<img src=x onerror=alert(1)> & <b>bold</b>';
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket({ subject: evil, message: evil }) });
    const one = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(one.body.subject).toBe(evil);
    expect(one.body.messages[0].body).toBe(evil);
    expect(one.res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('gives gapless, unique numbers under concurrent creates', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket({ subject: `Concurrent ${i}` }) }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => r.body.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('numbers each tenant separately', async () => {
    const other = await h.signup();
    await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket() });
    const b = await h.json('POST', '/api/v1/tickets', { ...other.as, body: newTicket() });
    expect(b.body.number).toBe(1);
  });
});

describe('bad input changes nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['empty subject', { subject: '   ' }, 'subject'],
    ['unknown priority', { priority: 'critical' }, 'priority'],
    ['unknown status', { status: 'snoozed' }, 'status'],
    ['message over 50 KB', { message: 'x'.repeat(50 * 1024 + 1) }, 'message'],
    ['tags that are not short strings', { tags: ['ok', 'has space', 'x'.repeat(41)] }, 'tags.1'],
    ['tag of the wrong type', { tags: [42] }, 'tags.0'],
    ['bad requester email', { requester: { email: 'not-an-email' } }, 'requester.email'],
    ['unknown field', { colour: 'red' }, '(body)'],
  ];
  for (const [name, over, path] of cases) {
    it(`answers 422 for ${name}`, async () => {
      const r = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket(over) });
      expect(r.status).toBe(422);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      const n = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets');
      expect(n!.n).toBe(0);
      const c = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM customers');
      expect(c!.n).toBe(0);
    });
  }

  it('answers 422 for an assignee who is not an agent of this tenant', async () => {
    const other = await h.signup();
    const r = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket({ assigneeId: other.agent.id }) });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('assigneeId');
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket() });
    const p = await h.json('PATCH', `/api/v1/tickets/${a.body.id}`, { ...t.as, body: { assigneeId: 'agt_nobody' } });
    expect(p.status).toBe(422);
    const p2 = await h.json('PATCH', `/api/v1/tickets/${a.body.id}`, { ...t.as, body: { status: 'done' } });
    expect(p2.status).toBe(422);
    expect((await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as)).body.assigneeId).toBeNull();
  });

  it('answers 400 for malformed JSON', async () => {
    const r = await h.json('POST', '/api/v1/tickets', { ...t.as, rawBody: '{"subject": ' });
    expect(r.status).toBe(400);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('updating tickets', () => {
  it('updates status, priority, assignee, tags; records resolution and activity', async () => {
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket() });
    const p = await h.json('PATCH', `/api/v1/tickets/${a.body.id}`, {
      ...t.as,
      body: { status: 'resolved', priority: 'urgent', assigneeId: t.agent.id, tags: ['refund'] },
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ status: 'resolved', priority: 'urgent', assigneeId: t.agent.id, tags: ['refund'] });
    expect(p.body.resolvedAt).toBe(p.body.updatedAt); // resolved by this change, not some other time

    const act = await h.json('GET', `/api/v1/tickets/${a.body.id}/activity`, t.as);
    expect(act.status).toBe(200);
    const updated = act.body.data.find((x: { action: string }) => x.action === 'ticket.updated');
    expect(updated.actor).toMatchObject({ type: 'agent', id: t.agent.id });
    expect(updated.changes.status).toEqual({ from: 'open', to: 'resolved' });
    expect(updated.changes.priority).toEqual({ from: 'normal', to: 'urgent' });
    expect(updated.changes.assigneeId).toEqual({ from: null, to: t.agent.id });

    const reopened = await h.json('PATCH', `/api/v1/tickets/${a.body.id}`, { ...t.as, body: { status: 'open' } });
    expect(reopened.body.resolvedAt).toBeNull();
  });

  it('bulk-updates tickets all or nothing', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket({ tags: ['a'] }) })).body.id);
    const ok = await h.json('POST', '/api/v1/tickets/bulk', {
      ...t.as,
      body: { ids, changes: { status: 'pending', addTags: ['b'], removeTags: ['a'] } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.map((x: { status: string; tags: string[] }) => [x.status, x.tags])).toEqual(
      Array(3).fill(['pending', ['b']]),
    );

    const bad = await h.json('POST', '/api/v1/tickets/bulk', {
      ...t.as,
      body: { ids: [...ids, 'tkt_missing'], changes: { status: 'closed' } },
    });
    expect(bad.status).toBe(404);
    for (const id of ids) expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.status).toBe('pending');
    expect((await h.json('POST', '/api/v1/tickets/bulk', { ...t.as, body: { ids: [], changes: {} } })).status).toBe(
      422,
    );
  });
});

describe('messages', () => {
  it('adds public replies and internal notes; the first public agent reply is the first response', async () => {
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket() });
    const note = await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, {
      ...t.as,
      body: { body: 'Check the warehouse photos', internal: true },
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ internal: true, author: { type: 'agent', id: t.agent.id, name: t.agent.name } });
    expect((await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as)).body.firstResponseAt).toBeNull();

    const reply = await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, {
      ...t.as,
      body: { body: 'A new pole is on its way.' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.internal).toBe(false);
    const one = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(one.body.firstResponseAt).toBe(reply.body.createdAt);
    expect(one.body.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true, false]);

    expect(
      (await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, { ...t.as, body: { body: '' } })).status,
    ).toBe(422);
    expect(
      (
        await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, {
          ...t.as,
          body: { body: 'y'.repeat(51 * 1024) },
        })
      ).status,
    ).toBe(422);
    expect((await h.json('POST', `/api/v1/tickets/tkt_nope/messages`, { ...t.as, body: { body: 'hi' } })).status).toBe(
      404,
    );
  });
});

describe('events written with each change', () => {
  it('writes ticket.created, message.created, ticket.updated and ticket.resolved with full objects; internal notes are agents-only', async () => {
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, body: newTicket() });
    await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, {
      ...t.as,
      body: { body: 'secret note', internal: true },
    });
    await h.json('PATCH', `/api/v1/tickets/${a.body.id}`, { ...t.as, body: { status: 'resolved' } });
    const events = await h.db.all<{ type: string; data: string; audience: string; visitor_scope: string | null }>(
      'SELECT * FROM events WHERE type != ? ORDER BY seq',
      ['x'],
    );
    const mine = events.filter((e) => /^(ticket|message|customer)\./.test(e.type));
    expect(mine.map((e) => e.type)).toEqual([
      'customer.created',
      'ticket.created',
      'message.created',
      'message.created',
      'ticket.updated',
      'ticket.resolved',
    ]);
    const created = JSON.parse(mine[1].data);
    expect(created).toEqual(a.body);
    expect(mine[1]).toMatchObject({ audience: 'public', visitor_scope: a.body.requester.id });
    const noteEvent = mine[3];
    expect(JSON.parse(noteEvent.data).message).toMatchObject({ body: 'secret note', internal: true });
    expect(noteEvent).toMatchObject({ audience: 'agents', visitor_scope: null });
    expect(JSON.parse(mine[5].data).status).toBe('resolved');
  });
});
