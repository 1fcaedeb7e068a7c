// The spam folder: a widget form that fails spam signals is kept (201), reaches no view, count, report, usage,
// stream or webhook, and an agent releases it (then it behaves as just created) or deletes it for good.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';
import { sseReader } from '../sse/sse-client.ts';
import { createDispatcher, type Dispatcher } from '../webhooks/dispatcher.ts';
import { startReceiver, type Receiver } from '../webhooks/test-support.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
const closers: (() => unknown)[] = [];
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await h.close();
});

const key = () => ({ 'x-widget-key': t.tenant.widgetKey });
/** A form filled in 20 ms, as a website owner's browser test does. */
const fastFill = (over: Record<string, unknown> = {}) =>
  h.json('POST', '/api/v1/widget/tickets', {
    headers: key(),
    body: {
      subject: 'Test from Playwright',
      message: 'Does the form work?',
      email: 'owner@shop.example',
      elapsedMs: 20,
      ...over,
    },
  });
const realTicket = (subject = 'Stove will not light') =>
  h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject, message: 'Tried two canisters.', requester: { email: 'ria@example.com' } },
  });
const ids = (r: { body: { data: { id: string }[] } }) => r.body.data.map((x) => x.id);
const count = async (sql: string, args: string[]) => (await h.db.get<{ n: number }>(sql, args))!.n;

describe('widget spam signals', () => {
  it('keeps a fast-filled or honeypot form as spam with the usual 201 answer; the visitor still sees it', async () => {
    const fast = await fastFill();
    expect(fast.status).toBe(201);
    expect(fast.body.ticket).toMatchObject({ subject: 'Test from Playwright', status: 'open' });
    expect(fast.body.ticket).not.toHaveProperty('spam');
    expect(fast.body.visitorToken).toMatch(/^hd_vt_/);
    const honeypot = await fastFill({ website: 'http://spam.example', elapsedMs: 9000, email: 'bot@spam.example' });
    expect(honeypot.status).toBe(201);
    const early = await fastFill({ elapsedMs: undefined, startedAt: clock.now().getTime() - 100 });
    expect(early.status).toBe(201);

    const mine = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { ...key(), authorization: `Bearer ${fast.body.visitorToken}` },
    });
    expect(mine.body.data.map((x: { id: string }) => x.id)).toContain(fast.body.ticket.id);
    expect(mine.body.data[0].messages[0].body).toBe('Does the form work?');

    const spam = await h.json('GET', '/api/v1/tickets?spam=true', t.as);
    expect(ids(spam).sort()).toEqual([fast.body.ticket.id, honeypot.body.ticket.id, early.body.ticket.id].sort());
    expect(spam.body.data.every((x: { spam: boolean }) => x.spam)).toBe(true);
    const one = await h.json('GET', `/api/v1/tickets/${fast.body.ticket.id}`, t.as);
    expect(one.body).toMatchObject({ spam: true, messages: [{ body: 'Does the form work?' }] });

    // A plausible form is a normal ticket.
    const ok = await fastFill({ elapsedMs: 8000, email: 'kim@example.com' });
    expect((await h.json('GET', `/api/v1/tickets/${ok.body.ticket.id}`, t.as)).body.spam).toBe(false);
  });

  it('a flood of fast-filled forms is still 429 through the rate limits', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await fastFill({ subject: `Flood ${i}` })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201));
    expect(statuses[20]).toBe(429);
  });
});

describe('spam is left out of every view', () => {
  it('lists, searches, customer tickets, queue counts, dashboard, reports, export and usage', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { slaEnabled: true } } });
    await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: { normal: { firstResponseMinutes: 30, resolutionMinutes: 60 } },
    });
    const spam = (await fastFill({ subject: 'Zanzibar pills', message: 'zanzibar offer' })).body.ticket;
    const real = (await realTicket()).body;
    clock.advance(2 * 60 * 60 * 1000); // the real ticket's SLA is breached by now

    const lists = [
      '/api/v1/tickets',
      '/api/v1/tickets?status=open',
      '/api/v1/tickets?sort=slaDue',
      '/api/v1/tickets?assignee=unassigned',
      '/api/v1/tickets?spam=false',
    ];
    for (const path of lists) expect(ids(await h.json('GET', path, t.as)), path).toEqual([real.id]);
    expect(ids(await h.json('GET', '/api/v1/tickets?q=zanzibar', t.as))).toEqual([]);
    expect(ids(await h.json('GET', '/api/v1/tickets?q=zanzibar&spam=true', t.as))).toEqual([spam.id]);
    const customer = (await h.json('GET', '/api/v1/tickets?spam=true', t.as)).body.data[0].requester.id;
    expect(ids(await h.json('GET', `/api/v1/customers/${customer}/tickets`, t.as))).toEqual([]);

    expect((await h.json('GET', '/api/v1/analytics/queue', t.as)).body).toEqual({
      mine: 0,
      unassigned: 1,
      open: 1,
      pending: 0,
      resolved: 0,
      snoozed: 0,
      spam: 1,
    });
    const dash = (await h.json('GET', '/api/v1/analytics/dashboard', t.as)).body;
    expect(dash).toMatchObject({ open: 1, unassigned: 1, createdToday: 1, slaBreaches: 1 });
    const reports = (await h.json('GET', '/api/v1/analytics/reports', t.as)).body;
    expect(JSON.stringify(reports)).not.toContain(spam.id);
    const created = JSON.stringify(reports)
      .match(/"created":(\d+)/g)!
      .map((m) => Number(m.split(':')[1]));
    expect(created.reduce((a, b) => a + b, 0)).toBe(1);
    const csv = await h.req('GET', '/api/v1/analytics/export?resource=tickets&format=csv', t.as);
    const text = await csv.text();
    expect(text).toContain(real.id);
    expect(text).not.toContain(spam.id);
    expect((await h.json('GET', '/api/v1/usage', t.as)).body.tickets.used).toBe(1);
  });
});

describe('streams and webhooks', () => {
  let rx: Receiver;
  let d: Dispatcher;
  beforeEach(async () => {
    rx = await startReceiver();
    d = createDispatcher(h.deps, { id: 'spam' });
    closers.push(
      () => d.stop(),
      () => rx.close(),
    );
  });

  it('spam reaches no stream or webhook; after release it is delivered as a new ticket, not before', async () => {
    const hook = await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: rx.url, events: ['ticket.created', 'message.created', 'customer.created'] },
    });
    expect(hook.status).toBe(201);
    const res = await h.req('GET', '/api/v1/events', t.as);
    const stream = sseReader(res);
    closers.push(stream.close);

    const spam = (await fastFill()).body;
    // The visitor adds to their spam ticket: kept, still reaching nobody.
    clock.advance(1000);
    const more = await h.json('POST', `/api/v1/widget/tickets/${spam.ticket.id}/messages`, {
      headers: { ...key(), authorization: `Bearer ${spam.visitorToken}` },
      body: { body: 'Hello? Anyone?', elapsedMs: 10 },
    });
    expect(more.status).toBe(201);
    const marker = (await realTicket('Marker')).body;
    const seen = await stream.until((e) => e.event === 'message.created' && JSON.parse(e.data).ticketId === marker.id);
    expect(seen.map((e) => e.data).join('\n')).not.toContain(spam.ticket.id);
    expect(seen.map((e) => e.data).join('\n')).not.toContain('owner@shop.example');
    await d.runOnce();
    expect(rx.received.map((r) => JSON.stringify(r.json)).join('\n')).not.toContain(spam.ticket.id);
    const deliveredBefore = rx.received.length;
    expect(deliveredBefore).toBeGreaterThan(0);

    clock.advance(60_000);
    const released = await h.json('POST', `/api/v1/tickets/${spam.ticket.id}/not-spam`, t.as);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ id: spam.ticket.id, spam: false, createdAt: clock.now().toISOString() });

    const after = await stream.until((e) => e.event === 'message.created' && e.data.includes('Hello? Anyone?'));
    expect(after.map((e) => e.event)).toEqual([
      'customer.created',
      'ticket.created',
      'message.created',
      'message.created',
    ]);
    expect(JSON.parse(after[1].data)).toEqual(released.body);

    await d.runOnce();
    const now = rx.received.slice(deliveredBefore).map((r) => r.json);
    expect(now.map((p) => p.type)).toEqual([
      'customer.created',
      'ticket.created',
      'message.created',
      'message.created',
    ]);
    expect(now[1].data).toEqual(released.body);
    expect(ids(await h.json('GET', '/api/v1/tickets', t.as))).toContain(spam.ticket.id);
    expect(ids(await h.json('GET', '/api/v1/tickets?spam=true', t.as))).toEqual([]);
  });
});

describe('POST /tickets/:id/not-spam', () => {
  it('counts toward usage, starts SLA and auto-assignment from now, and refuses what is not spam', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { slaEnabled: true, autoAssignment: true } },
    });
    await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: { normal: { firstResponseMinutes: 30, resolutionMinutes: null } },
    });
    const spam = (await fastFill()).body.ticket;
    const row = (await h.json('GET', `/api/v1/tickets/${spam.id}`, t.as)).body;
    expect(row).toMatchObject({ assigneeId: null, sla: { firstResponseDueAt: null } });
    expect((await h.json('GET', '/api/v1/usage', t.as)).body.tickets.used).toBe(0);

    clock.advance(3 * 60 * 60 * 1000);
    const released = await h.json('POST', `/api/v1/tickets/${spam.id}/not-spam`, t.as);
    expect(released.body).toMatchObject({
      spam: false,
      assigneeId: t.agent.id,
      sla: {
        firstResponseDueAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
        firstResponseBreached: false,
      },
    });
    expect((await h.json('GET', '/api/v1/usage', t.as)).body.tickets.used).toBe(1);
    const act = await h.json('GET', `/api/v1/tickets/${spam.id}/activity`, t.as);
    expect(act.body.data.map((a: { action: string }) => a.action)).toEqual([
      'ticket.created',
      'ticket.not_spam',
      'ticket.assigned',
    ]);

    const again = await h.json('POST', `/api/v1/tickets/${spam.id}/not-spam`, t.as);
    expect(again.status).toBe(409);
    expect(again.res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('is 402 when the plan allowance is used up, and leaves the ticket in Spam', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxTickets: 1 } } });
    const spam = (await fastFill()).body.ticket;
    expect((await realTicket()).status).toBe(201);
    const r = await h.json('POST', `/api/v1/tickets/${spam.id}/not-spam`, t.as);
    expect(r.status).toBe(402);
    expect(ids(await h.json('GET', '/api/v1/tickets?spam=true', t.as))).toEqual([spam.id]);
  });

  it('agents cannot reply to or change a spam ticket until it is released', async () => {
    const spam = (await fastFill()).body.ticket;
    const reply = await h.json('POST', `/api/v1/tickets/${spam.id}/messages`, { ...t.as, body: { body: 'Hi' } });
    expect(reply.status).toBe(409);
    expect(reply.body.detail).toMatch(/not spam first/);
    expect((await h.json('PATCH', `/api/v1/tickets/${spam.id}`, { ...t.as, body: { status: 'pending' } })).status).toBe(
      409,
    );
    expect(
      (
        await h.json('POST', '/api/v1/tickets/bulk', {
          ...t.as,
          body: { ids: [spam.id], changes: { priority: 'high' } },
        })
      ).status,
    ).toBe(409);
    expect(await count('SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = ?', [spam.id])).toBe(1);
  });

  it("another tenant's spam ticket is 404", async () => {
    const spam = (await fastFill()).body.ticket;
    const other = await h.signup();
    expect((await h.json('POST', `/api/v1/tickets/${spam.id}/not-spam`, other.as)).status).toBe(404);
    expect((await h.json('DELETE', `/api/v1/tickets/${spam.id}`, other.as)).status).toBe(404);
    expect(
      (await h.json('POST', '/api/v1/tickets/bulk/not-spam', { ...other.as, body: { ids: [spam.id] } })).status,
    ).toBe(404);
    expect(ids(await h.json('GET', '/api/v1/tickets?spam=true', t.as))).toEqual([spam.id]);
  });
});

describe('deleting spam', () => {
  it('DELETE removes the ticket, its messages, search rows and mail rows; a real ticket is refused', async () => {
    const spam = (await fastFill({ message: 'quixotic spam words' })).body.ticket;
    const real = (await realTicket()).body;
    await h.db.run(
      "INSERT INTO mail_message_ids (tenant_id, message_id, ticket_id, direction, created_at) VALUES (?, 'abc@x', ?, 'in', ?)",
      [t.tenant.id, spam.id, clock.now().toISOString()],
    );
    const refused = await h.json('DELETE', `/api/v1/tickets/${real.id}`, t.as);
    expect(refused.status).toBe(409);
    expect((await h.json('GET', `/api/v1/tickets/${real.id}`, t.as)).status).toBe(200);

    const del = await h.req('DELETE', `/api/v1/tickets/${spam.id}`, t.as);
    expect(del.status).toBe(204);
    expect((await h.json('GET', `/api/v1/tickets/${spam.id}`, t.as)).status).toBe(404);
    for (const table of ['tickets', 'ticket_messages', 'ticket_activity', 'mail_message_ids'])
      expect(
        await count(`SELECT count(*) AS n FROM ${table} WHERE ${table === 'tickets' ? 'id' : 'ticket_id'} = ?`, [
          spam.id,
        ]),
        table,
      ).toBe(0);
    expect(await count("SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH 'quixotic'", [])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM visitor_token_tickets WHERE ticket_id = ?', [spam.id])).toBe(0);
    const log = await h.json('GET', '/api/v1/audit-log', t.as);
    expect(JSON.stringify(log.body)).toContain('ticket.spam_deleted');
    expect((await h.json('DELETE', `/api/v1/tickets/${spam.id}`, t.as)).status).toBe(404);
  });

  it('bulk release and bulk delete are all or nothing; deleting needs tickets:delete', async () => {
    const a = (await fastFill({ subject: 'A' })).body.ticket;
    const b = (await fastFill({ subject: 'B' })).body.ticket;
    const c = (await fastFill({ subject: 'C' })).body.ticket;
    const real = (await realTicket()).body;
    expect(
      (await h.json('POST', '/api/v1/tickets/bulk/delete', { ...t.as, body: { ids: [a.id, real.id] } })).status,
    ).toBe(409);
    expect(ids(await h.json('GET', '/api/v1/tickets?spam=true', t.as)).sort()).toEqual([a.id, b.id, c.id].sort());

    const agent = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Ann', email: 'ann@example.com', password: 'long enough pw', roleId: 'agent' },
    });
    expect(agent.status).toBe(201);
    const login = await h.req('POST', '/api/v1/auth/login', {
      body: { email: 'ann@example.com', password: 'long enough pw' },
    });
    const ann = { cookie: sessionCookie(login) };
    expect((await h.json('POST', '/api/v1/tickets/bulk/delete', { ...ann, body: { ids: [a.id] } })).status).toBe(403);
    expect((await h.json('DELETE', `/api/v1/tickets/${a.id}`, ann)).status).toBe(403);

    const released = await h.json('POST', '/api/v1/tickets/bulk/not-spam', { ...ann, body: { ids: [a.id, b.id] } });
    expect(released.status).toBe(200);
    expect(released.body.data.map((x: { spam: boolean }) => x.spam)).toEqual([false, false]);
    expect((await h.req('POST', '/api/v1/tickets/bulk/delete', { ...t.as, body: { ids: [c.id] } })).status).toBe(204);
    expect(ids(await h.json('GET', '/api/v1/tickets?spam=true', t.as))).toEqual([]);
    expect(ids(await h.json('GET', '/api/v1/tickets', t.as)).sort()).toEqual([a.id, b.id, real.id].sort());
  });
});
