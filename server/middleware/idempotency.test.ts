// Idempotency keys belong to their caller: two widget visitors sending the same key and body never share an answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness({ env: { RATE_LIMITS: 'off' } });
  t = await h.signup();
});
afterEach(() => h.close());

interface Visitor {
  ip: string;
  userAgent: string;
  token?: string;
}

/** A widget call as it arrives over a socket from `v` (the harness has no socket, so the address is passed as Node's would be). */
async function widgetPost(v: Visitor, path: string, body: unknown, key: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-widget-key': t.tenant.widgetKey,
    'idempotency-key': key,
    'user-agent': v.userAgent,
  };
  if (v.token) headers.authorization = `Bearer ${v.token}`;
  const res = await h.app.request(
    path,
    { method: 'POST', headers, body: JSON.stringify(body) },
    { incoming: { socket: { remoteAddress: v.ip } } },
  );
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') === 'true' };
}

const form = { subject: 'Broken zip', message: 'The zip of my tent broke.', email: 'same@example.com' };
const count = async (table: string) => (await h.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

describe('Idempotency-Key per caller', () => {
  it('gives two anonymous visitors sending the same key and body two tickets and two tokens; the same visitor retrying gets the first answer', async () => {
    const ada: Visitor = { ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (Ada)' };
    const bob: Visitor = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (Bob)' };
    const first = await widgetPost(ada, '/api/v1/widget/tickets', form, 'k-1');
    const other = await widgetPost(bob, '/api/v1/widget/tickets', form, 'k-1');
    expect(first.status).toBe(201);
    expect(other.status).toBe(201);
    expect(other.replayed).toBe(false);
    expect(other.body.ticket.id).not.toBe(first.body.ticket.id);
    expect(other.body.visitorToken).not.toBe(first.body.visitorToken);

    // Behind one address (an office NAT) a different browser is still someone else.
    const colleague = await widgetPost(
      { ...ada, userAgent: 'Mozilla/5.0 (Colleague)' },
      '/api/v1/widget/tickets',
      form,
      'k-1',
    );
    expect(colleague.body.visitorToken).not.toBe(first.body.visitorToken);

    const retry = await widgetPost(ada, '/api/v1/widget/tickets', form, 'k-1');
    expect(retry.replayed).toBe(true);
    expect(retry.body).toEqual(first.body);
    expect(await count('tickets')).toBe(3);
  });

  it('keeps visitors with tokens apart too, and replays a retry of the same visitor', async () => {
    const ada = await widgetPost({ ip: '198.51.100.7', userAgent: 'UA' }, '/api/v1/widget/tickets', form, 'a');
    const bob = await widgetPost(
      { ip: '198.51.100.7', userAgent: 'UA' },
      '/api/v1/widget/tickets',
      { ...form, email: 'bob@example.com' },
      'b',
    );
    const asAda: Visitor = { ip: '198.51.100.7', userAgent: 'UA', token: ada.body.visitorToken };
    const asBob: Visitor = { ip: '198.51.100.7', userAgent: 'UA', token: bob.body.visitorToken };
    const reply = { body: 'Any news?' };
    const first = await widgetPost(asAda, `/api/v1/widget/tickets/${ada.body.ticket.id}/messages`, reply, 'reply-1');
    const again = await widgetPost(asAda, `/api/v1/widget/tickets/${ada.body.ticket.id}/messages`, reply, 'reply-1');
    expect(first.status).toBe(201);
    expect(again.replayed).toBe(true);
    expect(again.body).toEqual(first.body);
    // Bob cannot pick up Ada's answer with her key and body: her ticket is not his.
    const bobTries = await widgetPost(asBob, `/api/v1/widget/tickets/${ada.body.ticket.id}/messages`, reply, 'reply-1');
    expect(bobTries.status).toBe(404);
    expect(bobTries.replayed).toBe(false);
    // A new ticket by a visitor holding a token is keyed to the token, wherever it comes from.
    const fromPhone = await widgetPost(
      { ...asAda, ip: '192.0.2.44', userAgent: 'Phone' },
      '/api/v1/widget/tickets',
      form,
      'new-1',
    );
    const fromLaptop = await widgetPost(asAda, '/api/v1/widget/tickets', form, 'new-1');
    expect(fromLaptop.replayed).toBe(true);
    expect(fromLaptop.body).toEqual(fromPhone.body);
  });
});
