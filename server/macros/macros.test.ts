// Macros: CRUD and validation, applied to one ticket and to ticked tickets through the ticket services (the same
// changes, activity and events as a reply and a PATCH), all or nothing, and never to a ticket the caller cannot see.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;

async function ticket(subject: string, name: string, extra: Record<string, unknown> = {}) {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject, message: 'Hello', requester: { email: `${name.toLowerCase()}@example.com`, name }, ...extra },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; number: number };
}

const lastSeq = async () =>
  (await h.db.get<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM events WHERE tenant_id = ?', [t.tenant.id]))!
    .n;
const eventsSince = async (seq: number) =>
  (
    await h.db.all<{ type: string; data: string }>(
      'SELECT type, data FROM events WHERE tenant_id = ? AND seq > ? ORDER BY seq',
      [t.tenant.id, seq],
    )
  ).map((e) => ({ type: e.type, data: JSON.parse(e.data) }));

beforeEach(async () => {
  h = await createHarness();
  t = await h.signup({ name: 'Olga Owner' });
});
afterEach(() => h.close());

describe('macros', () => {
  it('creates, lists, reads, changes and deletes a macro, audited', async () => {
    const team = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing' } })).body;
    const made = await h.json('POST', '/api/v1/macros', {
      ...t.as,
      body: {
        name: 'Refund done',
        actions: { reply: 'Refunded, {{customer.name}}.', status: 'resolved', tags: ['refund'], teamId: team.id },
      },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Refund done', actions: { status: 'resolved', teamId: team.id } });
    await h.json('POST', '/api/v1/macros', { ...t.as, body: { name: 'Second', actions: { priority: 'high' } } });
    const page = await h.json('GET', '/api/v1/macros?limit=1', t.as);
    expect(page.body.data.map((m: { name: string }) => m.name)).toEqual(['Refund done']);
    const rest = await h.json('GET', `/api/v1/macros?limit=1&cursor=${page.body.nextCursor}`, t.as);
    expect(rest.body).toMatchObject({ data: [{ name: 'Second' }], nextCursor: null });

    const id = made.body.id;
    const dup = await h.json('PATCH', `/api/v1/macros/${id}`, { ...t.as, body: { name: 'second' } });
    expect(dup.status).toBe(409);
    const changed = await h.json('PATCH', `/api/v1/macros/${id}`, {
      ...t.as,
      body: { name: 'Refund', actions: { status: 'pending' } },
    });
    expect(changed.body).toMatchObject({ name: 'Refund', actions: { status: 'pending' } });
    expect(changed.body.actions.reply).toBeUndefined();
    expect((await h.json('GET', `/api/v1/macros/${id}`, t.as)).body.name).toBe('Refund');
    expect((await h.req('DELETE', `/api/v1/macros/${id}`, t.as)).status).toBe(204);
    expect((await h.json('GET', `/api/v1/macros/${id}`, t.as)).status).toBe(404);
    const audit = await h.json('GET', '/api/v1/audit-log?limit=100', t.as);
    expect(
      (audit.body.data as { action: string; targetId: string }[])
        .filter((e) => e.targetId === id)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['macro.created', 'macro.deleted', 'macro.updated']);
  });

  it('refuses bad macros with 422 naming each field, and stores nothing', async () => {
    const bad: [unknown, string[]][] = [
      [{ name: 'No actions', actions: {} }, ['actions']],
      [{ name: '', actions: { status: 'open' } }, ['name']],
      [{ name: 'X', actions: { status: 'done' } }, ['actions.status']],
      [{ name: 'X', actions: { reply: 'Hi {{customer.nme}}' } }, ['actions.reply']],
      [
        { name: 'X', actions: { teamId: 'team_nope', assigneeId: 'agt_nope' } },
        ['actions.teamId', 'actions.assigneeId'],
      ],
      [{ name: 'X', actions: { tags: ['has space'] } }, ['actions.tags.0']],
      [{ name: 'X', actions: { status: 'open', run: 'rm -rf' } }, ['actions']],
    ];
    for (const [body, paths] of bad) {
      const r = await h.json('POST', '/api/v1/macros', { ...t.as, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.errors.map((e: { path: string }) => e.path).sort(), JSON.stringify(r.body)).toEqual(paths.sort());
    }
    expect((await h.json('GET', '/api/v1/macros', t.as)).body.data).toEqual([]);
    const r = await h.json('POST', '/api/v1/macros/mac_nope/apply', { ...t.as, body: { ticketIds: [] } });
    expect(r.status).toBe(422);
    const tooMany = Array.from({ length: 101 }, (_, i) => `tkt_${i}`);
    expect(
      (await h.json('POST', '/api/v1/macros/mac_nope/apply', { ...t.as, body: { ticketIds: tooMany } })).status,
    ).toBe(422);
  });

  it('applied to one ticket, replies with the placeholders filled in, changes what it says and emits the events', async () => {
    const one = await ticket('Broken zipper', 'Mia');
    await h.json('PATCH', `/api/v1/tickets/${one.id}`, { ...t.as, body: { tags: ['old', 'keep'] } });
    const macro = (
      await h.json('POST', '/api/v1/macros', {
        ...t.as,
        body: {
          name: 'Warranty',
          actions: {
            reply: 'Hi {{customer.name}}, ticket #{{ticket.number}} is covered. {{agent.name}}',
            note: 'Warranty macro used',
            status: 'resolved',
            priority: 'high',
            tags: ['warranty'],
            removeTags: ['old'],
            assigneeId: t.agent.id,
          },
        },
      })
    ).body;
    const before = await lastSeq();
    const r = await h.json('POST', `/api/v1/tickets/${one.id}/apply-macro`, { ...t.as, body: { macroId: macro.id } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: one.id,
      status: 'resolved',
      priority: 'high',
      assigneeId: t.agent.id,
      tags: ['keep', 'warranty'],
    });
    const read = await h.json('GET', `/api/v1/tickets/${one.id}`, t.as);
    // Both written in the same moment: the thread order between them is the ids'.
    const thread = read.body.messages.slice(1).map((m: { body: string; internal: boolean }) => [m.body, m.internal]);
    expect(thread.sort()).toEqual([
      [`Hi Mia, ticket #${one.number} is covered. Olga Owner`, false],
      ['Warranty macro used', true],
    ]);
    expect(read.body.firstResponseAt).not.toBeNull();
    const events = await eventsSince(before);
    // As a reply and a PATCH would: the reply (with the first response it records), the note, then the changes.
    expect(events.map((e) => e.type)).toEqual([
      'message.created',
      'ticket.updated',
      'message.created',
      'ticket.updated',
      'ticket.resolved',
    ]);
    expect(events[3].data).toMatchObject({
      id: one.id,
      status: 'resolved',
      priority: 'high',
      tags: ['keep', 'warranty'],
    });
    const activity = await h.json('GET', `/api/v1/tickets/${one.id}/activity`, t.as);
    const actions = (activity.body.data as { action: string }[]).map((a) => a.action);
    expect(actions).toContain('macro.applied');
  });

  it('applied in bulk, changes every ticked ticket, each reply for its own customer; one bad id changes none', async () => {
    const a = await ticket('Order late', 'Ana');
    const b = await ticket('Order lost', 'Ben');
    const untouched = await ticket('Other', 'Cleo');
    const macro = (
      await h.json('POST', '/api/v1/macros', {
        ...t.as,
        body: { name: 'Courier', actions: { reply: 'Dear {{customer.name}}, the courier knows.', status: 'pending' } },
      })
    ).body;
    const before = await lastSeq();
    const r = await h.json('POST', `/api/v1/macros/${macro.id}/apply`, {
      ...t.as,
      body: { ticketIds: [a.id, b.id] },
    });
    expect(r.status).toBe(200);
    expect(r.body.data.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      [a.id, 'pending'],
      [b.id, 'pending'],
    ]);
    for (const [tk, name] of [
      [a, 'Ana'],
      [b, 'Ben'],
    ] as const) {
      const read = await h.json('GET', `/api/v1/tickets/${tk.id}`, t.as);
      expect(read.body.messages.at(-1).body).toBe(`Dear ${name}, the courier knows.`);
    }
    const events = await eventsSince(before);
    const updated = events.filter((e) => e.type === 'ticket.updated');
    expect(updated.map((e) => e.data.id)).toEqual([a.id, a.id, b.id, b.id]);
    expect([updated[1].data.status, updated[3].data.status]).toEqual(['pending', 'pending']);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(2);
    expect((await h.json('GET', `/api/v1/tickets/${untouched.id}`, t.as)).body.status).toBe('open');

    const seq = await lastSeq();
    const partly = await h.json('POST', `/api/v1/macros/${macro.id}/apply`, {
      ...t.as,
      body: { ticketIds: [untouched.id, 'tkt_missing'] },
    });
    expect(partly.status).toBe(404);
    expect(await lastSeq()).toBe(seq);
    const still = await h.json('GET', `/api/v1/tickets/${untouched.id}`, t.as);
    expect([still.body.status, still.body.messages.length]).toEqual(['open', 1]);
  });

  it("is 404 on a ticket the caller's role cannot see, and on another tenant's macro or ticket", async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Own only', permissions: ['tickets:read', 'tickets:update', 'macros:read'], ownTicketsOnly: true },
    });
    expect(role.status).toBe(201);
    const lina = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Lina', email: 'lina@example.com', roleId: role.body.id, password: 'lina password 1' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'lina@example.com', password: 'lina password 1' },
    });
    const asLina: ReqOpts = { cookie: sessionCookie(login.res) };
    const hers = await ticket('Hers', 'Hanna', { assigneeId: lina.body.id });
    const notHers = await ticket('Not hers', 'Nora');
    const macro = (
      await h.json('POST', '/api/v1/macros', { ...t.as, body: { name: 'Urgent', actions: { priority: 'urgent' } } })
    ).body;
    const seq = await lastSeq();
    expect(
      (await h.json('POST', `/api/v1/tickets/${notHers.id}/apply-macro`, { ...asLina, body: { macroId: macro.id } }))
        .status,
    ).toBe(404);
    expect(
      (
        await h.json('POST', `/api/v1/macros/${macro.id}/apply`, {
          ...asLina,
          body: { ticketIds: [hers.id, notHers.id] },
        })
      ).status,
    ).toBe(404);
    expect(await lastSeq()).toBe(seq);
    expect((await h.json('GET', `/api/v1/tickets/${notHers.id}`, t.as)).body.priority).toBe('normal');
    expect((await h.json('GET', `/api/v1/tickets/${hers.id}`, t.as)).body.priority).toBe('normal');
    const ok = await h.json('POST', `/api/v1/tickets/${hers.id}/apply-macro`, {
      ...asLina,
      body: { macroId: macro.id },
    });
    expect([ok.status, ok.body.priority]).toEqual([200, 'urgent']);
    // Lina may apply macros but not make them.
    expect(
      (await h.json('POST', '/api/v1/macros', { ...asLina, body: { name: 'Mine', actions: { status: 'open' } } }))
        .status,
    ).toBe(403);

    const other = await h.signup();
    expect((await h.json('GET', `/api/v1/macros/${macro.id}`, other.as)).status).toBe(404);
    expect((await h.json('PATCH', `/api/v1/macros/${macro.id}`, { ...other.as, body: { name: 'x' } })).status).toBe(
      404,
    );
    expect((await h.req('DELETE', `/api/v1/macros/${macro.id}`, other.as)).status).toBe(404);
    expect(
      (await h.json('POST', `/api/v1/macros/${macro.id}/apply`, { ...other.as, body: { ticketIds: [hers.id] } }))
        .status,
    ).toBe(404);
    const theirs = (
      await h.json('POST', '/api/v1/macros', { ...other.as, body: { name: 'Theirs', actions: { status: 'closed' } } })
    ).body;
    expect(
      (await h.json('POST', `/api/v1/tickets/${hers.id}/apply-macro`, { ...t.as, body: { macroId: theirs.id } }))
        .status,
    ).toBe(404);
    expect((await h.json('GET', '/api/v1/macros', t.as)).body.data.map((m: { name: string }) => m.name)).toEqual([
      'Urgent',
    ]);
  });
});
