import { afterEach, beforeEach, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import { startReceiver, type Receiver } from './test-support.ts';

let h: Harness;
let rx: Receiver;
let d: Dispatcher;
beforeEach(async () => {
  h = await createHarness();
  rx = await startReceiver();
  d = createDispatcher(h.deps, { id: 'e2e' });
});
afterEach(async () => {
  await d.stop();
  await rx.close();
  await h.close();
});

it('delivers real ticket, reply and resolution changes made through the API, internal notes only to opted-in endpoints', async () => {
  const t = await h.signup();
  const events = [
    'ticket.created',
    'ticket.updated',
    'ticket.resolved',
    'message.created',
    'customer.created',
    'kb.article.published',
  ];
  const all = (await h.json('POST', '/api/v1/webhooks', { ...t.as, body: { url: `${rx.url}/all`, events } })).body;
  const notes = (
    await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: `${rx.url}/notes`, events: ['message.created'], includeInternalNotes: true },
    })
  ).body;

  const ticket = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Cannot log in', message: 'Help!', requester: { email: 'visitor@example.com' } },
  });
  expect(ticket.status).toBe(201);
  const reply = await h.json('POST', `/api/v1/tickets/${ticket.body.id}/messages`, {
    ...t.as,
    body: { body: 'Try resetting your password.' },
  });
  expect(reply.status).toBe(201);
  expect(
    (
      await h.json('POST', `/api/v1/tickets/${ticket.body.id}/messages`, {
        ...t.as,
        body: { body: 'VIP customer', internal: true },
      })
    ).status,
  ).toBe(201);
  const resolved = await h.json('PATCH', `/api/v1/tickets/${ticket.body.id}`, {
    ...t.as,
    body: { status: 'resolved' },
  });
  expect(resolved.status).toBe(200);
  const article = await h.json('POST', '/api/v1/kb/articles', {
    ...t.as,
    body: { title: 'Reset your password', body: 'Use **Forgot password**.', status: 'published' },
  });
  expect(article.status).toBe(201);
  await d.runOnce();

  /** What one endpoint received, each verified with its own secret. */
  const to = (path: string, secret: string) =>
    rx.received
      .filter((r) => r.path === `/hooks${path}`)
      .map((r) => new Webhook(secret).verify(r.body, r.headers) as { type: string; data: any });
  const forAll = to('/all', all.secret);
  const types = forAll.map((p) => p.type);
  expect(types).toEqual(
    expect.arrayContaining([
      'ticket.created',
      'customer.created',
      'message.created',
      'ticket.updated',
      'ticket.resolved',
    ]),
  );
  // data is exactly what the API answers for the same object.
  const dataOf = (type: string) => forAll.find((p) => p.type === type)!.data;
  expect(dataOf('ticket.created')).toEqual(ticket.body);
  expect(dataOf('ticket.resolved')).toEqual(resolved.body);
  expect(forAll.find((p) => p.type === 'message.created' && p.data.message.id === reply.body.id)!.data).toEqual({
    ticketId: ticket.body.id,
    message: reply.body,
  });
  expect(dataOf('customer.created')).toEqual(
    (await h.json('GET', `/api/v1/customers/${ticket.body.requester.id}`, t.as)).body,
  );
  expect(dataOf('kb.article.published')).toEqual(
    (await h.json('GET', `/api/v1/kb/articles/${article.body.id}`, t.as)).body,
  );
  const bodiesAll = forAll.filter((p) => p.type === 'message.created').map((p) => p.data.message.body);
  expect(bodiesAll).toContain('Try resetting your password.');
  expect(bodiesAll).not.toContain('VIP customer');
  const bodiesNotes = to('/notes', notes.secret).map((p) => p.data.message.body);
  expect(bodiesNotes).toContain('VIP customer');
});
