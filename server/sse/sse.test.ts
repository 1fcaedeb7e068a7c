import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { sseReader } from './sse-client.ts';

let h: Harness;
let t: SignedUp;
const closers: (() => unknown)[] = [];
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await h.close();
});

async function open(harness: Harness, path: string, opts: Parameters<Harness['req']>[2] = {}) {
  const res = await harness.req('GET', path, opts);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const s = sseReader(res);
  closers.push(s.close);
  return s;
}

const notCustomer = (e: { event?: string }) => e.event !== 'customer.created';
const ticketBody = {
  subject: 'Stove will not light',
  message: 'Tried two canisters.',
  requester: { email: 'ria@example.com' },
};

describe('GET /events (agents)', () => {
  it('streams ticket.created and message.created with full objects, ids that resume after a reconnect', async () => {
    const s = await open(h, '/api/v1/events', t.as);
    const created = await h.json('POST', '/api/v1/tickets', { ...t.as, body: ticketBody });
    const e1 = await s.next(notCustomer);
    expect(e1.event).toBe('ticket.created');
    expect(JSON.parse(e1.data)).toEqual(created.body);
    const e2 = await s.next();
    expect(e2.event).toBe('message.created');
    expect(JSON.parse(e2.data)).toMatchObject({
      ticketId: created.body.id,
      message: { body: 'Tried two canisters.', internal: false },
    });
    expect(Number(e2.id)).toBeGreaterThan(Number(e1.id));
    expect(s.raw).toMatch(/^retry: \d+\n: connected/);
    await s.close();

    // Missed while disconnected: a note and a status change.
    await h.json('POST', `/api/v1/tickets/${created.body.id}/messages`, {
      ...t.as,
      body: { body: 'Internal: check batch', internal: true },
    });
    await h.json('PATCH', `/api/v1/tickets/${created.body.id}`, { ...t.as, body: { status: 'pending' } });

    const resumed = await open(h, '/api/v1/events', { ...t.as, headers: { 'last-event-id': e2.id! } });
    const r1 = await resumed.next();
    expect(r1.event).toBe('message.created');
    expect(JSON.parse(r1.data).message).toMatchObject({ internal: true, body: 'Internal: check batch' });
    const r2 = await resumed.next();
    expect(r2.event).toBe('ticket.updated');
    expect(JSON.parse(r2.data).status).toBe('pending');

    const viaQuery = await open(h, `/api/v1/events?lastEventId=${e1.id}`, t.as);
    expect((await viaQuery.next()).id).toBe(e2.id);
  });

  it('sends the events one commit carried as one chunk: one socket write per stream, not one per event', async () => {
    const res = await h.req('GET', '/api/v1/events', t.as);
    const reader = res.body!.getReader();
    closers.push(() => reader.cancel());
    const decoder = new TextDecoder();
    await reader.read(); // retry + connected
    const created = await h.json('POST', '/api/v1/tickets', { ...t.as, body: ticketBody });
    const { value } = await reader.read();
    const chunk = decoder.decode(value);
    // Creating a ticket writes customer.created, ticket.created and message.created in one transaction.
    expect(chunk.match(/^event: /gm)).toEqual(['event: ', 'event: ', 'event: ']);
    expect(chunk).toContain(`event: ticket.created\ndata: ${JSON.stringify(created.body)}\nid: `);
    expect(chunk).toContain('event: message.created\n');
    expect(chunk).toContain('event: customer.created\n');
  });

  it('delivers events written by another app instance on the same database file', async () => {
    const h2 = await createHarness({ dbUrl: h.dbUrl });
    closers.push(() => h2.db.close());
    const s = await open(h2, '/api/v1/events', t.as);
    const created = await h.json('POST', '/api/v1/tickets', { ...t.as, body: ticketBody });
    const e = await s.next(notCustomer);
    expect(e.event).toBe('ticket.created');
    expect(JSON.parse(e.data).id).toBe(created.body.id);
  });

  it("never streams another tenant's events and refuses bad credentials and ids", async () => {
    const other = await h.signup();
    const s = await open(h, '/api/v1/events', t.as);
    await h.json('POST', '/api/v1/tickets', { ...other.as, body: { ...ticketBody, subject: 'Other tenant' } });
    const mine = await h.json('POST', '/api/v1/tickets', { ...t.as, body: ticketBody });
    const e = await s.next(notCustomer);
    expect(JSON.parse(e.data).id).toBe(mine.body.id);
    expect((await h.req('GET', '/api/v1/events')).status).toBe(401);
    expect((await h.req('GET', '/api/v1/events', { ...t.as, headers: { 'last-event-id': 'abc' } })).status).toBe(422);
  });
});

describe('GET /widget/events (visitors)', () => {
  it("streams public replies on the visitor's own tickets and never internal notes or other visitors' tickets", async () => {
    const key = { 'x-widget-key': t.tenant.widgetKey };
    const sub = await h.json('POST', '/api/v1/widget/tickets', {
      headers: key,
      body: { subject: 'Hi', message: 'Help me', email: 'v@example.com' },
    });
    expect(sub.status).toBe(201);
    const ticketId = sub.body.ticket.id;
    const other = await h.json('POST', '/api/v1/widget/tickets', {
      headers: key,
      body: { subject: 'Hi', message: 'Me too', email: 'w@example.com' },
    });

    // EventSource style: key and token in the query string.
    const s = await open(h, `/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${sub.body.visitorToken}`);
    await h.json('POST', `/api/v1/tickets/${ticketId}/messages`, {
      ...t.as,
      body: { body: 'NOTE: customer seems upset', internal: true },
    });
    await h.json('POST', `/api/v1/tickets/${other.body.ticket.id}/messages`, {
      ...t.as,
      body: { body: 'Reply to someone else' },
    });
    await h.json('POST', `/api/v1/tickets/${ticketId}/messages`, { ...t.as, body: { body: 'We are on it!' } });
    const e = await s.next((x) => x.event === 'message.created');
    expect(e.event).toBe('message.created');
    const data = JSON.parse(e.data);
    expect(data).toEqual({
      ticketId,
      message: {
        id: expect.any(String),
        ticketId,
        body: 'We are on it!',
        author: { type: 'agent', name: t.agent.name },
        attachments: [],
        createdAt: expect.any(String),
      },
    });
    await h.json('PATCH', `/api/v1/tickets/${ticketId}`, {
      ...t.as,
      body: { status: 'resolved', tags: ['vip-angry'] },
    });
    const u = await s.next((x) => JSON.parse(x.data).status === 'resolved');
    expect(u.event).toBe('ticket.updated');
    expect(JSON.parse(u.data)).toEqual({
      id: ticketId,
      number: 1,
      subject: 'Hi',
      status: 'resolved',
      // The visitor's own rating of this resolution (none yet): the widget asks "How did we do?" from it.
      satisfaction: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(s.raw).not.toMatch(/upset|someone else|vip-angry/);

    // Header form works too, and resuming skips nothing public.
    const resumed = await open(h, '/api/v1/widget/events', {
      headers: { ...key, authorization: `Bearer ${sub.body.visitorToken}`, 'last-event-id': String(Number(e.id) - 1) },
    });
    expect((await resumed.next()).id).toBe(e.id);
  });

  it('answers 401 without a valid visitor token of this tenant', async () => {
    const other = await h.signup();
    const sub = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': other.tenant.widgetKey },
      body: { subject: 'Hi', message: 'x', email: 'v@example.com' },
    });
    expect((await h.req('GET', `/api/v1/widget/events?key=${t.tenant.widgetKey}`)).status).toBe(401);
    expect(
      (await h.req('GET', `/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${sub.body.visitorToken}`)).status,
    ).toBe(401);
  });
});
