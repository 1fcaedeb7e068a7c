import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let key: Record<string, string>;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
  key = { 'x-widget-key': t.tenant.widgetKey };
});
afterEach(() => h.close());

const form = (over: Record<string, unknown> = {}) => ({
  subject: 'Broken zipper',
  message: 'It jammed on day one.',
  email: 'Lee@Example.com',
  name: 'Lee',
  ...over,
});
const submit = (over: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  h.json('POST', '/api/v1/widget/tickets', { headers: { ...key, ...headers }, body: form(over) });
const count = async (table: string) => (await h.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

describe('widget ticket submission', () => {
  it('creates a ticket and a visitor token stored only as a hash; the visitor lists their tickets with public messages only', async () => {
    const r = await submit();
    expect(r.status).toBe(201);
    expect(r.body.visitorToken).toMatch(/^hd_vt_/);
    expect(r.body.ticket).toMatchObject({
      number: 1,
      subject: 'Broken zipper',
      status: 'open',
      messages: [{ body: 'It jammed on day one.', author: { type: 'customer', name: 'Lee' } }],
    });
    expect(JSON.stringify(await h.db.all('SELECT * FROM visitor_tokens'))).not.toContain(r.body.visitorToken);
    const ticket = await h.json('GET', `/api/v1/tickets/${r.body.ticket.id}`, t.as);
    expect(ticket.body).toMatchObject({ channel: 'widget', requester: { email: 'lee@example.com', name: 'Lee' } });

    await h.json('POST', `/api/v1/tickets/${r.body.ticket.id}/messages`, {
      ...t.as,
      body: { body: 'INTERNAL do not share', internal: true },
    });
    await h.json('POST', `/api/v1/tickets/${r.body.ticket.id}/messages`, {
      ...t.as,
      body: { body: 'Sending a replacement.' },
    });
    const mine = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { ...key, authorization: `Bearer ${r.body.visitorToken}` },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0].messages.map((m: { body: string }) => m.body)).toEqual([
      'It jammed on day one.',
      'Sending a replacement.',
    ]);
    expect(JSON.stringify(mine.body)).not.toMatch(/INTERNAL|internal|assignee|tags|customFields/);
  });

  it('says whose tickets they are, so the widget can prefill its form on the next visit', async () => {
    const r = await submit();
    await submit({ email: 'someone.else@example.com', name: 'Sam' });
    const mine = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { ...key, authorization: `Bearer ${r.body.visitorToken}` },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.customer).toEqual({ email: 'lee@example.com', name: 'Lee' });
  });

  it("does not let someone who only knows an email read that customer's tickets", async () => {
    const first = await submit();
    const second = await submit({ subject: 'Another' });
    const asSecond = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { ...key, authorization: `Bearer ${second.body.visitorToken}` },
    });
    expect(asSecond.body.data.map((x: { id: string }) => x.id)).toEqual([second.body.ticket.id]);
    // Submitting with the token held adds the ticket to it and returns the same token.
    const third = await submit({ subject: 'Third' }, { authorization: `Bearer ${first.body.visitorToken}` });
    expect(third.body.visitorToken).toBe(first.body.visitorToken);
    const asFirst = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { ...key, authorization: `Bearer ${first.body.visitorToken}` },
    });
    expect(asFirst.body.data.map((x: { id: string }) => x.id).sort()).toEqual(
      [first.body.ticket.id, third.body.ticket.id].sort(),
    );
  });

  it("lets the visitor reply; a reply reopens a resolved ticket; replies to others' tickets are 404", async () => {
    const r = await submit();
    const other = await submit({ email: 'other@example.com' });
    const auth = { ...key, authorization: `Bearer ${r.body.visitorToken}` };
    await h.json('PATCH', `/api/v1/tickets/${r.body.ticket.id}`, { ...t.as, body: { status: 'resolved' } });
    const reply = await h.json('POST', `/api/v1/widget/tickets/${r.body.ticket.id}/messages`, {
      headers: auth,
      body: { body: 'Still broken!' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ body: 'Still broken!', author: { type: 'customer', name: 'Lee' } });
    expect((await h.json('GET', `/api/v1/tickets/${r.body.ticket.id}`, t.as)).body.status).toBe('open');
    expect(
      (
        await h.json('POST', `/api/v1/widget/tickets/${other.body.ticket.id}/messages`, {
          headers: auth,
          body: { body: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await h.json('GET', '/api/v1/widget/tickets', { headers: key })).status).toBe(401);
    expect(
      (await h.json('GET', '/api/v1/widget/tickets', { headers: { ...key, authorization: 'Bearer hd_vt_forged' } }))
        .status,
    ).toBe(401);
  });

  it('validates input with 422 and creates nothing', async () => {
    for (const over of [
      { subject: '' },
      { email: 'nope' },
      { message: 'z'.repeat(51 * 1024) },
      { customFields: { nope: 1 } },
      { extra: true },
    ]) {
      const r = await submit(over);
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await count('tickets')).toBe(0);
    expect(await count('customers')).toBe(0);
  });

  it('keeps a filled honeypot or a too-fast form as spam with the usual 201 (never losing it), plausible signals as a ticket', async () => {
    for (const over of [
      { website: 'http://spam.example' },
      { elapsedMs: 200 },
      { startedAt: h.deps.now().getTime() - 100 },
    ]) {
      const r = await submit(over);
      expect(r.status).toBe(201);
      expect(r.body.visitorToken).toMatch(/^hd_vt_/);
    }
    expect(await count('tickets')).toBe(3);
    expect((await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets WHERE spam = 1'))!.n).toBe(3);
    expect((await submit({ website: '', elapsedMs: 8000, startedAt: h.deps.now().getTime() - 8000 })).status).toBe(201);
    expect((await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets WHERE spam = 0'))!.n).toBe(1);
  });

  it('limits a flood from one address with 429, Retry-After and RateLimit headers', async () => {
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await submit({ subject: `Flood ${i}` })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201));
    const blocked = await submit();
    expect(blocked.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.res.headers.get('ratelimit-limit')).toBe('20');
    expect(blocked.body.detail).toMatch(/wait \d+ seconds/);
    expect(await count('tickets')).toBe(20);
  });

  it('refuses other origins once allowed origins are set, and answers preflights', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { allowedOrigins: ['https://shop.example'] },
    });
    const pre = await h.req('OPTIONS', '/api/v1/widget/tickets', {
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect((await submit({}, { origin: 'https://evil.example' })).status).toBe(403);
    const ok = await submit({}, { origin: 'https://shop.example' });
    expect(ok.status).toBe(201);
    expect(ok.res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await count('tickets')).toBe(1);
  });
});

describe('widget config', () => {
  it('carries the custom fields the form must show and the business hours', async () => {
    await h.json('POST', '/api/v1/custom-fields', {
      ...t.as,
      body: { key: 'order', label: 'Order number', type: 'text', required: true },
    });
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: {
        settings: {
          businessHours: { timezone: 'Europe/Berlin', schedule: { mon: { open: '09:00', close: '17:00' } } },
        },
      },
    });
    const r = await h.json('GET', '/api/v1/widget/config', { headers: key });
    expect(r.body.customFields).toEqual([
      { key: 'order', label: 'Order number', type: 'text', required: true, options: [] },
    ]);
    expect(r.body.businessHours).toMatchObject({ timezone: 'Europe/Berlin' });
  });
});

describe('identify', () => {
  const hash = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

  it('gives an identified visitor all their tickets on any device, including ones sent before signing in', async () => {
    const before = await submit();
    const secret = (await h.json('GET', `/api/v1/tenants/${t.tenant.id}/identity-secret`, t.as)).body.identitySecret;
    const id = await h.json('POST', '/api/v1/widget/identify', {
      headers: key,
      body: { userId: 'user-42', email: 'lee@example.com', userHash: hash(secret, 'user-42') },
    });
    expect(id.status).toBe(200);
    const auth = { ...key, authorization: `Bearer ${id.body.visitorToken}` };
    await submit({ subject: 'After sign-in' }, { authorization: `Bearer ${id.body.visitorToken}` });
    const mine = await h.json('GET', '/api/v1/widget/tickets', { headers: auth });
    expect(mine.body.data).toHaveLength(2);
    expect(mine.body.data.map((x: { id: string }) => x.id)).toContain(before.body.ticket.id);
    // A second device identifies again and sees the same.
    const again = await h.json('POST', '/api/v1/widget/identify', {
      headers: key,
      body: { userId: 'user-42', email: 'lee@example.com', userHash: hash(secret, 'user-42') },
    });
    expect(
      (
        await h.json('GET', '/api/v1/widget/tickets', {
          headers: { ...key, authorization: `Bearer ${again.body.visitorToken}` },
        })
      ).body.data,
    ).toHaveLength(2);
  });

  it('answers 401 to a wrong hash and reveals nothing', async () => {
    await submit();
    const bad = await h.json('POST', '/api/v1/widget/identify', {
      headers: key,
      body: { userId: 'user-42', email: 'lee@example.com', userHash: 'ab'.repeat(32) },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.detail).toBe('Identity verification failed.');
    expect(JSON.stringify(bad.body)).not.toMatch(/lee|ticket|cus_/i);
    const other = await h.signup();
    const otherSecret = (await h.json('GET', `/api/v1/tenants/${other.tenant.id}/identity-secret`, other.as)).body
      .identitySecret;
    const wrongTenant = await h.json('POST', '/api/v1/widget/identify', {
      headers: key,
      body: { userId: 'user-42', email: 'lee@example.com', userHash: hash(otherSecret, 'user-42') },
    });
    expect(wrongTenant.status).toBe(401);
  });

  it("does not hand one signed-in user's tickets to another who claims their email", async () => {
    const secret = (await h.json('GET', `/api/v1/tenants/${t.tenant.id}/identity-secret`, t.as)).body.identitySecret;
    await h.json('POST', '/api/v1/widget/identify', {
      headers: key,
      body: { userId: 'alice', email: 'alice@example.com', userHash: hash(secret, 'alice') },
    });
    const mallory = await h.json('POST', '/api/v1/widget/identify', {
      headers: key,
      body: { userId: 'mallory', email: 'alice@example.com', userHash: hash(secret, 'mallory') },
    });
    expect(mallory.status).toBe(401);
  });
});
