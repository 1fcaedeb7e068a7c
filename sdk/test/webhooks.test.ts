// verifyWebhook(): Standard Webhooks verification, checked against the standardwebhooks package and real deliveries.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHelpdesk, verifyWebhook, WebhookVerificationError } from '../src/index.ts';
import { createDispatcher, type Dispatcher } from '../../server/webhooks/dispatcher.ts';
import { startReceiver, type Receiver } from '../../server/webhooks/test-support.ts';
import { newTicket, startLiveServer, type LiveServer } from './support.ts';

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const body = JSON.stringify({
  type: 'ticket.created',
  timestamp: '2026-03-02T10:00:00.000Z',
  data: { id: 'tkt_1', subject: 'Hello' },
});

/** Headers exactly as the standardwebhooks package signs them. */
function signed(secret: string, payload: string, at = new Date(), id = 'msg_1') {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, payload),
  };
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error,
  );

describe('against the standardwebhooks package', () => {
  it('accepts what it signs and returns the parsed event', async () => {
    const secret = newSecret();
    const event = await verifyWebhook(secret, signed(secret, body), body);
    expect(event).toEqual(JSON.parse(body));
    expect(new Webhook(secret).verify(body, signed(secret, body))).toEqual(event);
  });

  it('accepts the body as bytes and headers as a fetch Headers or in any case', async () => {
    const secret = newSecret();
    const h = signed(secret, body);
    await expect(verifyWebhook(secret, new Headers(h), Buffer.from(body))).resolves.toMatchObject({
      type: 'ticket.created',
    });
    const shouting = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]));
    await expect(verifyWebhook(secret, shouting, body)).resolves.toMatchObject({ type: 'ticket.created' });
  });

  it('rejects a tampered body, as the package does', async () => {
    const secret = newSecret();
    const tampered = body.replace('Hello', 'Hellp');
    const err = await rejection(verifyWebhook(secret, signed(secret, body), tampered));
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect(err?.message).toMatch(/signature/);
    expect(() => new Webhook(secret).verify(tampered, signed(secret, body))).toThrow();
  });

  it('rejects a signature made with another secret, as the package does', async () => {
    const secret = newSecret();
    const other = newSecret();
    await expect(verifyWebhook(secret, signed(other, body), body)).rejects.toBeInstanceOf(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, signed(other, body))).toThrow();
  });

  it('rejects a timestamp outside the tolerance either way, and accepts it within a wider tolerance', async () => {
    const secret = newSecret();
    const old = signed(secret, body, new Date(Date.now() - 10 * 60 * 1000));
    const future = signed(secret, body, new Date(Date.now() + 10 * 60 * 1000));
    await expect(verifyWebhook(secret, old, body)).rejects.toThrow(/too old/);
    await expect(verifyWebhook(secret, future, body)).rejects.toThrow(/too new/);
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/too old/);
    await expect(verifyWebhook(secret, old, body, { toleranceSeconds: 15 * 60 })).resolves.toMatchObject({
      type: 'ticket.created',
    });
    await expect(
      verifyWebhook(secret, signed(secret, body), body, {
        toleranceSeconds: 15 * 60,
        now: () => new Date(Date.now() + 20 * 60 * 1000),
      }),
    ).rejects.toThrow(/too old/);
  });

  it('accepts a header with several signatures when any one matches', async () => {
    const secret = newSecret();
    const h = signed(secret, body);
    const several = {
      ...h,
      'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} v2,whatever ${h['webhook-signature']}`,
    };
    await expect(verifyWebhook(secret, several, body)).resolves.toMatchObject({ type: 'ticket.created' });
    expect(new Webhook(secret).verify(body, several)).toBeTruthy();
    const noneMatching = { ...h, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} v1,not-base64!` };
    await expect(verifyWebhook(secret, noneMatching, body)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('rejects missing headers and a malformed timestamp', async () => {
    const secret = newSecret();
    const h = signed(secret, body);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const { [name]: _, ...rest } = h;
      await expect(verifyWebhook(secret, rest, body)).rejects.toThrow(/Missing/);
    }
    await expect(verifyWebhook(secret, { ...h, 'webhook-timestamp': '1e9' }, body)).rejects.toThrow(
      /Invalid webhook-timestamp/,
    );
  });

  it('says so when the secret is not a whsec_ base64 secret', async () => {
    await expect(verifyWebhook('whsec_***', signed(newSecret(), body), body)).rejects.toThrow(TypeError);
  });
});

describe('against real deliveries from the server', () => {
  let live: LiveServer;
  let rx: Receiver;
  let dispatcher: Dispatcher;
  beforeEach(async () => {
    live = await startLiveServer();
    rx = await startReceiver();
    dispatcher = createDispatcher(live.h.deps, { id: 'sdk-test' });
  });
  afterEach(async () => {
    await dispatcher.stop();
    await rx.close();
    await live.close();
  });

  it('verifies a ticket.created delivery with the secret the API gave, and rejects it altered or with another secret', async () => {
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey });
    const { data: hook } = await hd.POST('/api/v1/webhooks', { body: { url: rx.url, events: ['ticket.created'] } });
    const { data: ticket } = await hd.POST('/api/v1/tickets', { body: newTicket('Delivered') });
    await dispatcher.runOnce();

    expect(rx.received).toHaveLength(1);
    const [delivery] = rx.received;
    const event = await verifyWebhook<{ id: string; subject: string }>(hook.secret, delivery.headers, delivery.body);
    expect(event.type).toBe('ticket.created');
    expect(event.data).toMatchObject({ id: ticket.id, subject: 'Delivered' });

    await expect(
      verifyWebhook(hook.secret, delivery.headers, delivery.body.replace('Delivered', 'Tampered')),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(verifyWebhook(newSecret(), delivery.headers, delivery.body)).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('after a secret rotation each delivery verifies with the old secret and with the new one', async () => {
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey });
    const { data: hook } = await hd.POST('/api/v1/webhooks', { body: { url: rx.url, events: ['ticket.created'] } });
    const { data: rotated } = await hd.POST('/api/v1/webhooks/{id}/rotate-secret', {
      params: { path: { id: hook.id } },
      body: {},
    });
    await hd.POST('/api/v1/tickets', { body: newTicket('Rotated') });
    await dispatcher.runOnce();

    const [delivery] = rx.received;
    expect(delivery.headers['webhook-signature'].split(' ')).toHaveLength(2);
    await expect(verifyWebhook(hook.secret, delivery.headers, delivery.body)).resolves.toMatchObject({
      type: 'ticket.created',
    });
    await expect(verifyWebhook(rotated.secret, delivery.headers, delivery.body)).resolves.toMatchObject({
      type: 'ticket.created',
    });
  });
});
