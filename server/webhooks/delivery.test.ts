import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import { RETRY_DELAYS_MS } from './schedule.ts';
import { emit, startReceiver, type Receiver } from './test-support.ts';
import type { EventData, EventType } from '../events/types.ts';
import { sampleCustomer, sampleMessage, sampleTicket } from '../events/test-fixtures.ts';

let h: Harness;
let clock: TestClock;
let t: SignedUp;
let rx: Receiver;
let d: Dispatcher;

beforeEach(async () => {
  // Near the real time, because standardwebhooks checks webhook-timestamp against Date.now().
  clock = testClock(new Date().toISOString());
  h = await createHarness({ clock });
  t = await h.signup();
  rx = await startReceiver();
  d = createDispatcher(h.deps, { id: 'test-dispatcher', random: () => 0.5 });
});
afterEach(async () => {
  vi.useRealTimers();
  await d.stop();
  await rx.close();
  await h.close();
});

async function endpoint(body: Record<string, unknown> = {}) {
  const r = await h.json('POST', '/api/v1/webhooks', {
    ...t.as,
    body: { url: rx.url, events: ['ticket.created', 'message.created'], ...body },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; secret: string };
}

const event = <T extends EventType>(type: T, data: EventData<T>) => emit(h.db, t.tenant.id, type, data, clock.now());
const ticketEvent = (id: string) => event('ticket.created', sampleTicket({ id }));
const deliveries = async (id: string, query = '') =>
  (await h.json('GET', `/api/v1/webhooks/${id}/deliveries${query}`, t.as)).body;

function verify(secret: string, i: number) {
  const r = rx.received[i];
  return new Webhook(secret).verify(r.body, r.headers);
}

describe('delivering events', () => {
  it('delivers { type, timestamp, data } signed so the standardwebhooks library verifies it', async () => {
    const wh = await endpoint();
    const ticket = sampleTicket({ id: 'tkt_1' });
    await event('ticket.created', ticket);
    // The receiver takes 1234 ms on the (fake) monotonic clock the attempt is timed with.
    rx.respond(() => {
      vi.advanceTimersByTime(1234);
      return { status: 200, body: 'ok' };
    });
    vi.useFakeTimers({ toFake: ['performance'] });
    await d.runOnce();
    vi.useRealTimers();

    expect(rx.received).toHaveLength(1);
    const payload = verify(wh.secret, 0) as { type: string; timestamp: string; data: unknown };
    expect(payload).toEqual({ type: 'ticket.created', timestamp: clock.now().toISOString(), data: ticket });
    const headers = rx.received[0].headers;
    expect(headers['webhook-id']).toMatch(/^msg_/);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret, 24 bytes').toString('base64')}`).verify(
        rx.received[0].body,
        headers,
      ),
    ).toThrow();

    const log = await deliveries(wh.id);
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({
      id: headers['webhook-id'],
      eventType: 'ticket.created',
      status: 'succeeded',
      attemptCount: 1,
      nextAttemptAt: null,
    });
    expect(log.data[0].attempts[0]).toMatchObject({
      attempt: 1,
      trigger: 'scheduled',
      statusCode: 200,
      responseBody: 'ok',
      error: null,
    });
    expect(log.data[0].attempts[0].durationMs).toBe(1234);
  });

  it('sends only subscribed types, internal notes only to endpoints that opted in, and nothing from before an endpoint existed', async () => {
    await ticketEvent('tkt_before');
    const plain = await endpoint({ events: ['message.created'] });
    const notes = await endpoint({ events: ['message.created', 'customer.created'], includeInternalNotes: true });
    await ticketEvent('tkt_after');
    await event('message.created', {
      ticketId: 'tkt_1',
      message: sampleMessage({ id: 'm1', ticketId: 'tkt_1', body: 'public reply' }),
    });
    await event('message.created', {
      ticketId: 'tkt_1',
      message: sampleMessage({ id: 'm2', ticketId: 'tkt_1', body: 'internal note', internal: true }),
    });
    await event('customer.created', sampleCustomer({ id: 'cus_1' }));
    await event('ticket.updated', sampleTicket({ id: 'tkt_1' }));
    await d.runOnce();

    const seen = (id: string) => async () =>
      (await deliveries(id)).data.map((x: { eventType: string }) => x.eventType).sort();
    expect(await seen(plain.id)()).toEqual(['message.created']);
    expect(await seen(notes.id)()).toEqual(['customer.created', 'message.created', 'message.created']);
    const bodies = rx.received.map((r) => r.json.data.message?.body ?? r.json.data.id);
    expect(bodies.filter((b) => b === 'internal note')).toHaveLength(1);
    expect(bodies).not.toContain('tkt_before');
    expect(bodies).not.toContain('tkt_after');
  });

  it('retries with the schedule (first within 10 s) under the same webhook-id, then marks the delivery failed', async () => {
    rx.respond(() => ({ status: 500, body: 'x'.repeat(5000) }));
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    for (const delay of RETRY_DELAYS_MS) {
      const [dl] = (await deliveries(wh.id)).data;
      expect(dl.status).toBe('pending');
      expect(Date.parse(dl.nextAttemptAt) - Date.parse(dl.lastAttemptAt)).toBe(delay);
      // Not yet due: nothing is sent.
      clock.advance(delay - 1000);
      await d.runOnce();
      expect(rx.received).toHaveLength(dl.attemptCount);
      clock.advance(1000);
      await d.runOnce();
      expect(rx.received).toHaveLength(dl.attemptCount + 1);
    }
    const [dl] = (await deliveries(wh.id)).data;
    expect(dl).toMatchObject({ status: 'failed', attemptCount: 8, nextAttemptAt: null, lastStatusCode: 500 });
    expect(dl.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(dl.attempts[0].responseBody).toHaveLength(1024);
    expect(dl.attempts[7].nextRetryAt).toBeNull();
    expect(new Set(rx.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([dl.id]));
    expect(RETRY_DELAYS_MS[0]).toBeLessThan(10_000);
    // Every retry is signed afresh and still verifies at the time it was sent.
    vi.setSystemTime(clock.now());
    expect(verify(wh.secret, 7)).toMatchObject({ type: 'ticket.created' });
  });

  it('honours Retry-After on 429 and 503', async () => {
    rx.respond((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '120' } }
        : i === 1
          ? { status: 503, headers: { 'retry-after': '3600' } }
          : { status: 200 },
    );
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    let [dl] = (await deliveries(wh.id)).data;
    expect(Date.parse(dl.nextAttemptAt) - clock.now().getTime()).toBe(120_000);
    clock.advance(120_000);
    await d.runOnce();
    [dl] = (await deliveries(wh.id)).data;
    expect(Date.parse(dl.nextAttemptAt) - clock.now().getTime()).toBe(3_600_000);
    clock.advance(3_600_000);
    await d.runOnce();
    [dl] = (await deliveries(wh.id)).data;
    expect(dl).toMatchObject({ status: 'succeeded', attemptCount: 3 });
  });

  it('does not follow redirects, and times out a silent endpoint as a failed attempt', async () => {
    rx.respond(() => ({ status: 302, headers: { location: 'http://169.254.169.254/' } }));
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    let [dl] = (await deliveries(wh.id)).data;
    expect(rx.received).toHaveLength(1);
    expect(dl).toMatchObject({ status: 'pending', lastStatusCode: 302 });

    const quick = createDispatcher(h.deps, { id: 'quick', timeoutMs: 50 });
    rx.respond(() => new Promise(() => undefined));
    clock.advance(10_000);
    await quick.runOnce();
    await quick.stop();
    [dl] = (await deliveries(wh.id)).data;
    expect(dl.attempts[1]).toMatchObject({ statusCode: null, error: expect.stringMatching(/Timed out/) });
    expect(dl.status).toBe('pending');
  });

  it('disables an endpoint at once on 410 Gone, with an audit entry saying why', async () => {
    rx.respond(() => ({ status: 410 }));
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    const ep = (await h.json('GET', `/api/v1/webhooks/${wh.id}`, t.as)).body;
    expect(ep.active).toBe(false);
    expect(ep.disabledReason).toMatch(/410/);
    const [dl] = (await deliveries(wh.id)).data;
    expect(dl.status).toBe('failed');
    const audit = (await h.json('GET', '/api/v1/audit-log?action=webhook.disabled', t.as)).body.data;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', targetId: wh.id, details: { reason: 'gone' } });
    // Disabled endpoints get nothing new.
    await ticketEvent('tkt_2');
    clock.advance(60_000);
    await d.runOnce();
    expect(rx.received).toHaveLength(1);
  });

  it('disables an endpoint whose attempts all failed for 5 days, and a success in between resets the window', async () => {
    rx.respond(() => ({ status: 500 }));
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    const failingSince = (await h.json('GET', `/api/v1/webhooks/${wh.id}`, t.as)).body.failingSince;
    expect(failingSince).toBe(clock.now().toISOString());

    clock.advance(4 * 86_400_000);
    await ticketEvent('tkt_2');
    await d.runOnce();
    expect((await h.json('GET', `/api/v1/webhooks/${wh.id}`, t.as)).body.active).toBe(true);

    clock.advance(86_400_000);
    await ticketEvent('tkt_3');
    await d.runOnce();
    const ep = (await h.json('GET', `/api/v1/webhooks/${wh.id}`, t.as)).body;
    expect(ep.active).toBe(false);
    expect(ep.disabledReason).toMatch(/failed for 5 days/);
    const audit = (await h.json('GET', '/api/v1/audit-log?action=webhook.disabled', t.as)).body.data;
    expect(audit[0].details).toMatchObject({ reason: 'failing' });

    // Re-enabling starts afresh: the failure window is cleared and only new events are sent.
    const on = await h.json('PATCH', `/api/v1/webhooks/${wh.id}`, { ...t.as, body: { active: true } });
    expect(on.body).toMatchObject({ active: true, disabledReason: null, failingSince: null });
  });

  it('the failure window is configurable', async () => {
    const hourly = createDispatcher(h.deps, { id: 'hourly', disableAfterMs: 3_600_000 });
    rx.respond(() => ({ status: 500 }));
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await hourly.runOnce();
    clock.advance(3_600_000);
    await ticketEvent('tkt_2');
    await hourly.runOnce();
    await hourly.stop();
    expect((await h.json('GET', `/api/v1/webhooks/${wh.id}`, t.as)).body.disabledReason).toMatch(
      /failed for 1 hour \(since/,
    );
  });

  it('redelivers by hand under the same webhook-id, logged as a manual attempt', async () => {
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    const [first] = (await deliveries(wh.id)).data;
    const r = await h.json('POST', `/api/v1/webhooks/${wh.id}/deliveries/${first.id}/redeliver`, t.as);
    expect(r.status).toBe(202);
    expect(r.body.status).toBe('pending');
    await d.runOnce();
    expect(rx.received.map((x) => x.headers['webhook-id'])).toEqual([first.id, first.id]);
    const one = (await h.json('GET', `/api/v1/webhooks/${wh.id}/deliveries/${first.id}`, t.as)).body;
    expect(one.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(['scheduled', 'manual']);
    expect((await h.req('POST', `/api/v1/webhooks/${wh.id}/deliveries/msg_nope/redeliver`, t.as)).status).toBe(404);

    await h.json('PATCH', `/api/v1/webhooks/${wh.id}`, { ...t.as, body: { active: false } });
    const paused = await h.json('POST', `/api/v1/webhooks/${wh.id}/deliveries/${first.id}/redeliver`, t.as);
    expect(paused.status).toBe(409);
  });

  it('redelivers a failed delivery with a fresh retry schedule', async () => {
    rx.respond(() => ({ status: 500 }));
    const wh = await endpoint();
    await ticketEvent('tkt_1');
    await d.runOnce();
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      await d.runOnce();
    }
    let [dl] = (await deliveries(wh.id, '?status=failed')).data;
    expect(dl.status).toBe('failed');
    rx.respond(() => ({ status: 200 }));
    await h.json('POST', `/api/v1/webhooks/${wh.id}/deliveries/${dl.id}/redeliver`, t.as);
    await d.runOnce();
    [dl] = (await deliveries(wh.id)).data;
    expect(dl).toMatchObject({ status: 'succeeded', attemptCount: 9 });
    expect((await deliveries(wh.id, '?status=failed')).data).toHaveLength(0);
  });

  it('sends a signed test ping on request and answers with the attempt', async () => {
    const wh = await endpoint();
    const r = await h.json('POST', `/api/v1/webhooks/${wh.id}/test`, t.as);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ eventType: 'webhook.ping', status: 'succeeded', attemptCount: 1 });
    expect(r.body.attempts[0]).toMatchObject({ trigger: 'test', statusCode: 200 });
    expect(verify(wh.secret, 0)).toMatchObject({ type: 'webhook.ping', data: { webhookId: wh.id } });

    rx.respond(() => ({ status: 500, body: 'nope' }));
    const failed = await h.json('POST', `/api/v1/webhooks/${wh.id}/test`, t.as);
    expect(failed.body).toMatchObject({ status: 'failed', nextAttemptAt: null, lastStatusCode: 500 });
    expect((await h.json('GET', `/api/v1/webhooks/${wh.id}`, t.as)).body.failingSince).toBeNull();
  });

  it('shows one delivery with the exact body the receiver got and what it answered', async () => {
    const wh = await endpoint();
    rx.respond(() => ({ status: 422, body: 'unknown customer' }));
    await event('ticket.created', sampleTicket({ id: 'tkt_1', subject: 'Tent pole' }));
    await d.runOnce();
    const [dl] = (await deliveries(wh.id)).data;
    expect(dl).not.toHaveProperty('payload'); // the log stays light; the body is on the detail
    const one = await h.json('GET', `/api/v1/webhooks/${wh.id}/deliveries/${dl.id}`, t.as);
    expect(one.status).toBe(200);
    expect(one.body.payload).toBe(rx.received[0].body);
    expect(JSON.parse(one.body.payload)).toMatchObject({
      type: 'ticket.created',
      data: { id: 'tkt_1', subject: 'Tent pole' },
    });
    expect(one.body.attempts[0]).toMatchObject({ statusCode: 422, responseBody: 'unknown customer' });
    expect(typeof one.body.attempts[0].durationMs).toBe('number');
    // another tenant cannot read it
    const other = await h.signup();
    expect((await h.json('GET', `/api/v1/webhooks/${wh.id}/deliveries/${dl.id}`, other.as)).status).toBe(404);
  });

  it('signs with both secrets during a rotation window, and with the new one only after it', async () => {
    const wh = await endpoint();
    const rotated = (
      await h.json('POST', `/api/v1/webhooks/${wh.id}/rotate-secret`, { ...t.as, body: { graceSeconds: 3600 } })
    ).body;
    await ticketEvent('tkt_1');
    await d.runOnce();
    expect(rx.received[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify(wh.secret, 0)).toMatchObject({ type: 'ticket.created' });
    expect(verify(rotated.secret, 0)).toMatchObject({ type: 'ticket.created' });

    clock.advance(3600_000 + 1000);
    vi.setSystemTime(clock.now());
    await ticketEvent('tkt_2');
    await d.runOnce();
    expect(rx.received[1].headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verify(rotated.secret, 1)).toMatchObject({ data: { id: 'tkt_2' } });
    expect(() => verify(wh.secret, 1)).toThrow();
  });

  it('stops delivering to a tenant moved to the starter plan', async () => {
    const wh = await endpoint();
    await h.db.run("UPDATE tenants SET plan = 'starter' WHERE id = ?", [t.tenant.id]);
    await ticketEvent('tkt_1');
    await d.runOnce();
    expect(rx.received).toHaveLength(0);
    await h.db.run("UPDATE tenants SET plan = 'professional' WHERE id = ?", [t.tenant.id]);
    await d.runOnce();
    expect(rx.received).toHaveLength(1);
    expect((await deliveries(wh.id)).data).toHaveLength(1);
  });
});
