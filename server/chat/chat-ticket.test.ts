import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { startCaptureSmtp, type CaptureSmtp } from '../mail/outbound-test-support.ts';
import { createMailWorker, type MailWorker } from '../mail/sender.ts';
import { createDispatcher } from '../webhooks/dispatcher.ts';
import { startReceiver } from '../webhooks/test-support.ts';
import { sweepChats } from './service.ts';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(opts: { smtp?: boolean } = {}) {
  let smtp: CaptureSmtp | null = null;
  if (opts.smtp) {
    smtp = await startCaptureSmtp();
    cleanup.push(() => smtp!.close());
  }
  // Near the real time: standardwebhooks checks webhook-timestamp against Date.now().
  const clock = testClock(new Date().toISOString());
  const h = await createHarness({
    clock,
    env: { INBOUND_DOMAIN: 'mail.helpdesk.test', ...(smtp ? { SMTP_URL: smtp.url } : {}) },
  });
  cleanup.push(() => h.close());
  const t = await h.signup({ tenantName: 'Kettles' });
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { slaEnabled: true, chat: { enabled: true, unansweredAfterMinutes: 5 } } },
  });
  return { h, t, smtp, clock };
}

const start = (h: Harness, t: SignedUp, body: Record<string, unknown> = {}) =>
  h.json('POST', '/api/v1/widget/chats', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: { message: 'Does the blue kettle ship to Norway?', ...body },
  });

async function drain(worker: MailWorker) {
  for (let i = 0; i < 5; i++) {
    const r = await worker.runOnce();
    if (r.made === 0 && r.started === 0) return;
  }
}

describe('a chat is a ticket', () => {
  it('takes notes and tags, has SLA due times, is found by search and delivered to webhooks', async () => {
    const { h, t } = await setup();
    const rx = await startReceiver();
    cleanup.push(() => rx.close());
    const hook = await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: rx.url, events: ['ticket.created', 'chat.updated', 'message.read'] },
    });
    expect(hook.status).toBe(201);
    await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: { normal: { firstResponseMinutes: 30, resolutionMinutes: null } },
    });
    const c = await start(h, t, { message: 'Is the periwinkle kettle induction-safe?' });
    const id = c.body.ticket.id;

    const note = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'Check with the supplier', internal: true },
    });
    expect(note.status).toBe(201);
    const tagged = await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { tags: ['kettles'] } });
    expect(tagged.body.tags).toEqual(['kettles']);
    expect(tagged.body.sla.firstResponseDueAt).toEqual(expect.any(String));
    const found = await h.json('GET', `/api/v1/tickets?q=periwinkle`, t.as);
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await h.json('GET', `/api/v1/tickets?channel=chat`, t.as)).body.data).toHaveLength(1);

    await h.req('POST', `/api/v1/tickets/${id}/read`, t.as);
    const d = createDispatcher(h.deps, { id: 'chat-test', random: () => 0.5 });
    cleanup.push(() => d.stop());
    for (let i = 0; i < 3 && rx.received.length < 3; i++) await d.runOnce();
    const types = rx.received.map((r) => JSON.parse(r.body).type);
    expect(types).toEqual(['ticket.created', 'chat.updated', 'message.read']);
    expect(JSON.parse(rx.received[0].body).data).toMatchObject({ id, channel: 'chat' });
    // The visitor never sees the note.
    const mine = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      token: c.body.visitorToken,
    });
    expect(mine.body.data[0].messages.map((m: { body: string }) => m.body)).toEqual([
      'Is the periwinkle kettle induction-safe?',
    ]);
  });
});

describe('mail for chats', () => {
  it('never mails a placeholder address, holds mail while the chat is live, and answers an unanswered chat by email', async () => {
    const { h, t, smtp, clock } = await setup({ smtp: true });
    const worker = createMailWorker(h.deps, { leaseMs: 60_000 });
    // No email: nothing ever goes to the visitor.
    const anon = await start(h, t);
    await h.json('POST', `/api/v1/tickets/${anon.body.ticket.id}/messages`, { ...t.as, body: { body: 'Hi there' } });
    // With an email, while live: the visitor reads replies in the chat, not in their mailbox.
    const ria = await start(h, t, { email: 'ria@example.com', name: 'Ria' });
    await drain(worker);
    const toVisitors = () => smtp!.mails.filter((m) => !m.envelope.to.includes(t.agent.email));
    expect(toVisitors()).toEqual([]);
    expect(smtp!.mails.every((m) => !m.envelope.to.join(',').includes('visitors.invalid'))).toBe(true);

    // Nobody answers Ria: after 5 minutes her chat is an ordinary ticket and the reply goes by mail.
    clock.advance(5 * 60_000 + 1000);
    expect(await sweepChats(h.db, h.deps.now())).toBe(2);
    clock.advance(1000);
    await h.json('POST', `/api/v1/tickets/${ria.body.ticket.id}/messages`, {
      ...t.as,
      body: { body: 'Sorry for the wait: yes, it ships to Norway.' },
    });
    await h.json('POST', `/api/v1/tickets/${anon.body.ticket.id}/messages`, {
      ...t.as,
      body: { body: 'Still there?' },
    });
    await drain(worker);
    const mails = toVisitors();
    expect(mails.map((m) => m.envelope.to.join(','))).toEqual(['ria@example.com']);
    expect(mails[0].raw).toContain('ships to Norway');
  });
});
