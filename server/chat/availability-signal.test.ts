// The team's availability on the visitor's stream: `chat.availability` when the first agent comes online and when
// the last one leaves (PUT /me/availability, or a heartbeat that lapsed), never while another agent is still online.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
} from '../test-support/harness.ts';
import { sseReader, type SseEvent } from '../sse/sse-client.ts';
import { expirePresence } from './service.ts';

let h: Harness;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await h.close();
});

async function setup(opts: { clock?: boolean } = {}) {
  h = await createHarness(opts.clock ? { clock: testClock() } : {});
  const t = await h.signup();
  const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { chat: { enabled: true } } },
  });
  expect(r.status).toBe(200);
  return t;
}

async function addAgent(t: SignedUp, name: string) {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const r = await h.json('POST', '/api/v1/agents', { ...t.as, body: { name, email } });
  const token = new URL(r.body.inviteUrl.replace('#/', '')).searchParams.get('token')!;
  const ok = await h.json('POST', '/api/v1/auth/accept-invite', { body: { token, password: `${name} password 1` } });
  expect(ok.status).toBe(200);
  return { cookie: sessionCookie(ok.res) };
}

const setStatus = async (as: ReqOpts, status: string) =>
  expect((await h.json('PUT', '/api/v1/me/availability', { ...as, body: { status } })).status).toBe(200);

/** A visitor with a chat under way, and their open stream. */
async function visitorStream(t: SignedUp) {
  const chat = await h.json('POST', '/api/v1/widget/chats', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: { message: 'Is the red kettle back in stock?' },
  });
  expect(chat.status).toBe(201);
  const res = await h.req(
    'GET',
    `/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${encodeURIComponent(chat.body.visitorToken)}`,
  );
  expect(res.status).toBe(200);
  const s = sseReader(res);
  closers.push(s.close);
  return { stream: s, ticketId: chat.body.ticket.id as string, token: chat.body.visitorToken as string };
}

const availabilityOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'chat.availability').map((e) => JSON.parse(e.data));

describe('chat.availability on the visitor stream', () => {
  it('comes when the last agent goes offline or away, not while another is still online, and when one is back', async () => {
    const t = await setup();
    const second = await addAgent(t, 'Bea');
    await setStatus(t.as, 'online');
    await setStatus(second, 'online');
    const { stream, ticketId, token } = await visitorStream(t);
    // An agents' stream never gets it (the inbox has GET /availability).
    const agentsRes = await h.req('GET', '/api/v1/events', t.as);
    const agents = sseReader(agentsRes);
    closers.push(agents.close);

    // One of two leaves, the other renews: chat is still available, so nothing is sent. The other agent typing
    // is a marker: signals arrive in the order they were sent, so one sent before it would be here by now.
    await setStatus(t.as, 'offline');
    await setStatus(second, 'online');
    expect((await h.req('POST', `/api/v1/tickets/${ticketId}/typing`, second)).status).toBe(204);
    expect(availabilityOf(await stream.until((e) => e.event === 'typing'))).toEqual([]);

    // The last one steps away: at once, without an id (never replayed).
    await setStatus(second, 'away');
    const gone = await stream.next((e) => e.event === 'chat.availability');
    expect(gone.id).toBeUndefined();
    expect(JSON.parse(gone.data)).toEqual({ enabled: true, available: false, nextOpenAt: null });
    expect(
      (await h.json('GET', '/api/v1/widget/chat', { headers: { 'x-widget-key': t.tenant.widgetKey } })).body,
    ).toEqual(JSON.parse(gone.data));

    // Going offline from away changes nothing for the visitor; the first agent back online does.
    await setStatus(second, 'offline');
    await setStatus(t.as, 'online');
    const back = await stream.next((e) => e.event === 'chat.availability');
    expect(JSON.parse(back.data)).toEqual({ enabled: true, available: true, nextOpenAt: null });

    // The visitor typing is the last signal: everything sent to the agents' stream before it is there by now.
    const typed = await h.req('POST', `/api/v1/widget/tickets/${ticketId}/typing`, {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      token,
    });
    expect(typed.status).toBe(204);
    const seen = await agents.until((e) => e.event === 'typing' && JSON.parse(e.data).side === 'visitor');
    expect(availabilityOf(seen)).toEqual([]);
  });

  it('comes when the last online agent’s heartbeat lapses, told once however many sweeps run', async () => {
    const t = await setup({ clock: true });
    await setStatus(t.as, 'online');
    const { stream } = await visitorStream(t);
    h.clock!.advance(100_000);
    expect(await expirePresence(h.deps, h.clock!.now())).toBe(0); // the heartbeat holds 2 minutes
    h.clock!.advance(21_000);
    expect(await expirePresence(h.deps, h.clock!.now())).toBe(1);
    expect(await expirePresence(h.deps, h.clock!.now())).toBe(0);
    const gone = await stream.next((e) => e.event === 'chat.availability');
    expect(JSON.parse(gone.data)).toEqual({ enabled: true, available: false, nextOpenAt: null });
    expect((await h.json('GET', '/api/v1/availability', t.as)).body.data[0].status).toBe('offline');
  });
});
