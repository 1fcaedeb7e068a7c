// Collision: who views a ticket reaches the other agents of the tenant (never another tenant) as a `viewing` signal
// that lapses; a reply written before a newer message arrived answers 409 until forced.
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

let h: Harness;
let t: SignedUp;
let clock: TestClock;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  clock = testClock();
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await h.close();
});

async function secondAgent() {
  await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Otto', email: 'otto@example.com', password: 'otto password 1' },
  });
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: 'otto@example.com', password: 'otto password 1' },
  });
  return { id: login.body.agent.id as string, as: { cookie: sessionCookie(login.res) } };
}

async function newTicket() {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Toaster sings', message: 'At 3 am.', requester: { email: 'ria@example.com', name: 'Ria' } },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function open(as: Parameters<Harness['req']>[2]) {
  const res = await h.req('GET', '/api/v1/events', as);
  expect(res.status).toBe(200);
  const s = sseReader(res);
  closers.push(s.close);
  return s;
}

describe('viewing', () => {
  it('reaches another agent of the tenant, never another tenant, and lapses', async () => {
    const id = await newTicket();
    const otto = await secondAgent();
    const other = await h.signup({ tenantName: 'Other', email: 'other@example.com' });
    const ottoStream = await open(otto.as);
    const otherStream = await open(other.as);

    const first = await h.json('POST', `/api/v1/tickets/${id}/viewing`, t.as);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([]);
    const seen = await ottoStream.next((e) => e.event === 'viewing');
    expect(seen.id).toBeUndefined();
    expect(JSON.parse(seen.data)).toMatchObject({
      ticketId: id,
      agentId: t.agent.id,
      name: t.agent.name,
      viewing: true,
    });

    // Otto opens it too: his heartbeat's answer names the owner already there.
    const second = await h.json('POST', `/api/v1/tickets/${id}/viewing`, otto.as);
    expect(second.body.data).toMatchObject([{ agentId: t.agent.id, name: t.agent.name }]);

    // Another tenant can neither see nor signal on it.
    expect((await h.json('POST', `/api/v1/tickets/${id}/viewing`, other.as)).status).toBe(404);
    const otherId = (
      await h.json('POST', '/api/v1/tickets', {
        ...other.as,
        body: { subject: 'Theirs', message: 'Hello', requester: { email: 'x@example.com' } },
      })
    ).body.id;
    await h.json('POST', `/api/v1/tickets/${otherId}/viewing`, other.as);
    const mark = await otherStream.next((e) => e.event === 'viewing');
    expect(JSON.parse(mark.data).ticketId).toBe(otherId);
    expect(otherStream.raw).not.toContain(id);

    // Thirty seconds without a heartbeat: the owner is no longer listed, and Otto hears viewing: false.
    clock.advance(31_000);
    const later = await h.json('POST', `/api/v1/tickets/${id}/viewing`, otto.as);
    expect(later.body.data).toEqual([]);
    const gone = await ottoStream.next((e) => e.event === 'viewing' && JSON.parse(e.data).viewing === false);
    expect(JSON.parse(gone.data)).toMatchObject({ ticketId: id, agentId: t.agent.id, expiresAt: null });

    // Leaving says so at once.
    expect((await h.req('DELETE', `/api/v1/tickets/${id}/viewing`, otto.as)).status).toBe(204);
    expect((await h.json('POST', `/api/v1/tickets/${id}/viewing`, t.as)).body.data).toEqual([]);
  });
});

describe('reply collision', () => {
  it('answers 409 with the unseen messages, and posts with force', async () => {
    const id = await newTicket();
    const otto = await secondAgent();
    const thread = (await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.messages;
    const lastSeenMessageId = thread[thread.length - 1].id;

    // Nothing new: the reply goes out, and the writer's own message never blocks their next one.
    const mine = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'Looking into it.', lastSeenMessageId },
    });
    expect(mine.status).toBe(201);
    const still = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'Still on it.', lastSeenMessageId },
    });
    expect(still.status).toBe(201);

    // Otto answers first; the owner's reply from the old view is held back.
    const ottos = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...otto.as,
      body: { body: 'Unplug it overnight.', lastSeenMessageId: still.body.id },
    });
    expect(ottos.status).toBe(201);
    const before = (await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.messages.length;
    const held = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'Try a reset.', lastSeenMessageId },
    });
    expect(held.status).toBe(409);
    expect(held.res.headers.get('content-type')).toContain('application/problem+json');
    expect(held.body.type).toBe('https://helpdesk.dev/problems/new-messages');
    expect(held.body.messages.map((m: { body: string }) => m.body)).toEqual(['Unplug it overnight.']);
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.messages.length).toBe(before);

    const forced = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'Try a reset.', lastSeenMessageId, force: true },
    });
    expect(forced.status).toBe(201);
    // An id that is not of this ticket is bad input.
    const bad = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'x', lastSeenMessageId: 'msg_nope' },
    });
    expect(bad.status).toBe(422);
  });
});
