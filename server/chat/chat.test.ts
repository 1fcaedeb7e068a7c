import { afterEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
} from '../test-support/harness.ts';
import { sseReader } from '../sse/sse-client.ts';
import { sweepChats } from './service.ts';

let h: Harness;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await h.close();
});

async function setup(opts: { clock?: boolean; chat?: Record<string, unknown> } = {}) {
  h = await createHarness(opts.clock ? { clock: testClock() } : {});
  const t = await h.signup();
  const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { chat: { enabled: true, ...opts.chat } } },
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
  return { id: ok.body.agent.id as string, as: { cookie: sessionCookie(ok.res) } };
}

const key = (t: SignedUp) => ({ 'x-widget-key': t.tenant.widgetKey });
const online = (as: ReqOpts, status = 'online') =>
  h.json('PUT', '/api/v1/me/availability', { ...as, body: { status } });
const start = (t: SignedUp, body: Record<string, unknown> = {}) =>
  h.json('POST', '/api/v1/widget/chats', {
    headers: key(t),
    body: { message: 'Does the blue kettle ship to Norway?', ...body },
  });

async function open(path: string, opts: Parameters<Harness['req']>[2] = {}) {
  const res = await h.req('GET', path, opts);
  expect(res.status).toBe(200);
  const s = sseReader(res);
  closers.push(s.close);
  return s;
}

describe('presence', () => {
  it('an agent is available while the heartbeat lasts; without one they are offline', async () => {
    const t = await setup({ clock: true });
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body).toEqual({
      enabled: true,
      available: false,
      nextOpenAt: null,
    });
    const r = await online(t.as);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'online', expiresAt: '2026-03-02T10:02:00.000Z' });
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body.available).toBe(true);
    const list = await h.json('GET', '/api/v1/availability', t.as);
    expect(list.body.data).toEqual([
      { agentId: t.agent.id, name: t.agent.name, status: 'online', activeChats: 0, maxChats: 3 },
    ]);

    h.clock!.advance(50_000);
    await online(t.as); // heartbeat
    h.clock!.advance(50_000);
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body.available).toBe(true);
    h.clock!.advance(71_000); // every tab closed: no heartbeat for over 2 minutes
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body.available).toBe(false);
    expect((await h.json('GET', '/api/v1/availability', t.as)).body.data[0].status).toBe('offline');

    await online(t.as, 'away');
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body.available).toBe(false);
    expect((await h.json('PUT', '/api/v1/me/availability', { ...t.as, body: { status: 'busy' } })).status).toBe(422);
    const apiKey = await t.apiKey();
    expect((await h.json('PUT', '/api/v1/me/availability', { token: apiKey, body: { status: 'online' } })).status).toBe(
      403,
    );
  });

  it('outside business hours chat is unavailable and says when the team is back', async () => {
    const t = await setup({ clock: true });
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { businessHours: { timezone: 'UTC', schedule: { mon: { open: '12:00', close: '17:00' } } } } },
    });
    await online(t.as);
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body).toEqual({
      enabled: true,
      available: false,
      nextOpenAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it('presence is rows: an agent online through one process makes chat available on another', async () => {
    const t = await setup();
    const other = await createHarness({ dbUrl: h.dbUrl });
    closers.push(() => other.db.close());
    expect((await other.json('PUT', '/api/v1/me/availability', { ...t.as, body: { status: 'online' } })).status).toBe(
      200,
    );
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body.available).toBe(true);
  });

  it('chat turned off: not available and a chat cannot start', async () => {
    h = await createHarness();
    const t = await h.signup();
    await online(t.as);
    expect((await h.json('GET', '/api/v1/widget/chat', { headers: key(t) })).body.enabled).toBe(false);
    expect((await start(t)).status).toBe(409);
  });
});

describe('starting a chat and assignment', () => {
  it('a chat is a ticket with channel chat, assigned round-robin up to the limit, else queued', async () => {
    const t = await setup({ chat: { maxConcurrentChats: 1 } });
    const bo = await addAgent(t, 'Bo');
    await online(t.as);
    await online(bo.as);

    const c1 = await start(t, {
      name: 'Ria',
      page: { url: 'https://shop.example.com/kettles', title: 'Kettles' },
      userAgent: 'Mozilla/5.0 Test',
    });
    expect(c1.status).toBe(201);
    expect(c1.body.visitorToken).toMatch(/^hd_vt_/);
    expect(c1.body.ticket.messages).toHaveLength(1);
    expect(c1.body.chat.state).toBe('active');
    const c2 = await start(t);
    expect(c2.body.chat.state).toBe('active');
    // Both agents got one each (the least recently assigned first), so the third waits.
    expect(new Set([c1.body.chat.agentName, c2.body.chat.agentName])).toEqual(new Set([t.agent.name, 'Bo']));
    const c3 = await start(t);
    expect(c3.body.chat).toEqual({ state: 'queued', agentName: null, agentRead: null });
    // Bad input changes nothing and never answers 5xx.
    expect((await start(t, { email: 'not an email' })).status).toBe(422);
    expect((await start(t, { message: '' })).status).toBe(422);
    expect((await start(t, { page: { url: 'javascript:alert(1)' } })).status).toBe(422);
    expect((await h.json('POST', '/api/v1/tickets/tkt_nope/chat/end', { ...t.as, body: {} })).status).toBe(404);
    const stranger = await h.signup();
    expect((await h.req('POST', `/api/v1/tickets/${c1.body.ticket.id}/typing`, stranger.as)).status).toBe(404);
    expect((await h.json('GET', `/api/v1/tickets/${c1.body.ticket.id}/chat`, stranger.as)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/chats', t.as)).body.data).toHaveLength(3);

    const ticket = await h.json('GET', `/api/v1/tickets/${c1.body.ticket.id}`, t.as);
    expect(ticket.body.channel).toBe('chat');
    expect(ticket.body.requester.email).toMatch(/@visitors\.invalid$/);
    const chats = await h.json('GET', '/api/v1/chats', t.as);
    expect(chats.body.data.map((x: any) => x.chat.state)).toEqual(['active', 'active', 'queued']);
    expect(chats.body.data[0].chat.visitor).toMatchObject({
      page: { url: 'https://shop.example.com/kettles', title: 'Kettles' },
      userAgent: 'Mozilla/5.0 Test',
    });
    expect(chats.body.data[0].unreadCount).toBe(1);

    // The visitor navigates: agents see the new page.
    const nav = await h.req('PUT', `/api/v1/widget/chats/${c1.body.ticket.id}/visitor`, {
      headers: key(t),
      token: c1.body.visitorToken,
      body: { page: { url: 'https://shop.example.com/cart', title: 'Cart' } },
    });
    expect(nav.status).toBe(204);
    expect((await h.json('GET', `/api/v1/tickets/${c1.body.ticket.id}/chat`, t.as)).body.visitor.page).toEqual({
      url: 'https://shop.example.com/cart',
      title: 'Cart',
    });
    // Another visitor's token cannot touch it.
    expect(
      (
        await h.req('PUT', `/api/v1/widget/chats/${c1.body.ticket.id}/visitor`, {
          headers: key(t),
          token: c2.body.visitorToken,
          body: { page: { url: 'https://evil.example.com/' } },
        })
      ).status,
    ).toBe(404);

    // Ending a chat frees a place: the queued chat goes to that agent.
    const holder = c1.body.chat.agentName === 'Bo' ? bo.id : t.agent.id;
    const end = await h.json('POST', `/api/v1/tickets/${c1.body.ticket.id}/chat/end`, { ...t.as, body: {} });
    expect(end.status).toBe(200);
    expect(end.body.ticket.status).toBe('resolved');
    expect(end.body.chat).toMatchObject({ state: 'ended', endedReason: 'agent' });
    const third = await h.json('GET', `/api/v1/tickets/${c3.body.ticket.id}`, t.as);
    expect(third.body.assigneeId).toBe(holder);
    expect((await h.json('POST', `/api/v1/tickets/${c1.body.ticket.id}/chat/end`, { ...t.as, body: {} })).status).toBe(
      409,
    );
    // "Keep as ticket": ended, still open.
    const keep = await h.json('POST', `/api/v1/tickets/${c2.body.ticket.id}/chat/end`, {
      ...t.as,
      body: { status: 'open' },
    });
    expect(keep.body.ticket.status).toBe('open');
    expect(keep.body.chat.state).toBe('ended');
  });

  it('a queued chat is assigned when an agent comes online', async () => {
    const t = await setup();
    const c = await start(t);
    expect(c.body.chat.state).toBe('queued');
    await online(t.as);
    const ticket = await h.json('GET', `/api/v1/tickets/${c.body.ticket.id}`, t.as);
    expect(ticket.body.assigneeId).toBe(t.agent.id);
    expect((await h.json('GET', `/api/v1/tickets/${c.body.ticket.id}/chat`, t.as)).body.state).toBe('active');
  });

  it('an email given later joins the existing customer with that address', async () => {
    const t = await setup();
    const earlier = await h.json('POST', '/api/v1/widget/tickets', {
      headers: key(t),
      body: { subject: 'Old question', message: 'Hello', email: 'ria@example.com', name: 'Ria' },
    });
    const c = await start(t);
    const id = c.body.ticket.id;
    const r = await h.json('POST', `/api/v1/widget/chats/${id}/contact`, {
      headers: key(t),
      token: c.body.visitorToken,
      body: { email: 'Ria@Example.com' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ email: 'ria@example.com', name: 'Ria' });
    const ticket = await h.json('GET', `/api/v1/tickets/${id}`, t.as);
    expect(ticket.body.requester.id).toBe(await requesterOf(t, earlier.body.ticket.id));
    // The chat's token still reads only the chat, not the customer's earlier ticket.
    const mine = await h.json('GET', '/api/v1/widget/tickets', { headers: key(t), token: c.body.visitorToken });
    expect(mine.body.data.map((x: any) => x.id)).toEqual([id]);
    const again = await h.json('POST', `/api/v1/widget/chats/${id}/contact`, {
      headers: key(t),
      token: c.body.visitorToken,
      body: { email: 'someone-else@example.com' },
    });
    expect(again.status).toBe(409);
  });
});

async function requesterOf(t: SignedUp, ticketId: string) {
  return (await h.json('GET', `/api/v1/tickets/${ticketId}`, t.as)).body.requester.id;
}

describe('round-robin', () => {
  it('is fair over time: the least recently assigned online agent gets the next chat', async () => {
    const t = await setup({ chat: { maxConcurrentChats: 10 } });
    const bo = await addAgent(t, 'Bo');
    await online(t.as);
    await online(bo.as);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push((await start(t)).body.chat.agentName);
    expect(names[0]).not.toBe(names[1]);
    expect(names.slice(2)).toEqual(names.slice(0, 2));
    // An away agent gets no new chats.
    await online(bo.as, 'away');
    for (let i = 0; i < 2; i++) expect((await start(t)).body.chat.agentName).toBe(t.agent.name);
    expect((await h.json('GET', '/api/v1/availability', t.as)).body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agentId: bo.id, status: 'away', activeChats: 2 }),
        expect.objectContaining({ agentId: t.agent.id, status: 'online', activeChats: 4 }),
      ]),
    );
  });
});

describe('live streams', () => {
  it('typing reaches the other side without an id, expires on the server, and stops when the message is posted', async () => {
    const t = await setup();
    await online(t.as);
    const c = await start(t, { name: 'Ria' });
    const id = c.body.ticket.id;
    const token = c.body.visitorToken;
    const visitor = await open(`/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${token}`);
    const agents = await open('/api/v1/events', t.as);

    expect((await h.req('POST', `/api/v1/widget/tickets/${id}/typing`, { headers: key(t), token })).status).toBe(204);
    const seen = await agents.next((e) => e.event === 'typing');
    expect(seen.id).toBeUndefined();
    expect(JSON.parse(seen.data)).toMatchObject({ ticketId: id, side: 'visitor', name: 'Ria', typing: true });
    expect(JSON.parse(seen.data).expiresAt).toEqual(expect.any(String));

    expect((await h.req('POST', `/api/v1/tickets/${id}/typing`, t.as)).status).toBe(204);
    const agentTyping = await visitor.next((e) => e.event === 'typing');
    expect(agentTyping.id).toBeUndefined();
    expect(JSON.parse(agentTyping.data)).toMatchObject({ side: 'agent', name: t.agent.name, typing: true });
    await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'Yes, it does!' } });
    const stopped = await visitor.next((e) => e.event === 'typing' || e.event === 'message.created');
    expect(stopped.event).toBe('typing');
    expect(JSON.parse(stopped.data)).toMatchObject({ side: 'agent', typing: false, expiresAt: null });
    // The visitor's own typing never comes back to them, and its expiry reaches the agents (about 5 s).
    const expired = await agents.next((e) => e.event === 'typing' && JSON.parse(e.data).side === 'visitor');
    expect(JSON.parse(expired.data).typing).toBe(false);
    expect(visitor.raw).not.toContain('"side":"visitor"');
    // Typing is ephemeral: nothing of it is in the event log.
    expect((await h.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE type = 'typing'"))!.n).toBe(0);
    // Another visitor's stream never sees this ticket's typing.
    const other = await start(t);
    const otherStream = await open(`/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${other.body.visitorToken}`);
    await h.req('POST', `/api/v1/tickets/${id}/typing`, t.as);
    await h.req('POST', `/api/v1/tickets/${other.body.ticket.id}/typing`, t.as);
    const o = await otherStream.next((e) => e.event === 'typing');
    expect(JSON.parse(o.data).ticketId).toBe(other.body.ticket.id);
    expect(
      (await h.req('POST', `/api/v1/widget/tickets/${id}/typing`, { headers: key(t), token: other.body.visitorToken }))
        .status,
    ).toBe(404);
  }, 15_000);

  it("on a ticket that is not a chat, each agent's typing reaches the other agents (with who it is), never the visitor", async () => {
    const t = await setup();
    const mina = await addAgent(t, 'Mina');
    const filed = await h.json('POST', '/api/v1/widget/tickets', {
      headers: key(t),
      body: { subject: 'Zip broke', message: 'The zip of my tent broke.', email: 'ria@example.com', name: 'Ria' },
    });
    expect(filed.status).toBe(201);
    const id = filed.body.ticket.id;
    const visitor = await open(`/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${filed.body.visitorToken}`);
    const minaSees = await open('/api/v1/events', mina.as);
    const ownerSees = await open('/api/v1/events', t.as);

    expect((await h.req('POST', `/api/v1/tickets/${id}/typing`, t.as)).status).toBe(204);
    const owner = JSON.parse((await minaSees.next((e) => e.event === 'typing')).data);
    expect(owner).toMatchObject({ ticketId: id, side: 'agent', name: t.agent.name, agentId: t.agent.id, typing: true });
    expect((await h.req('POST', `/api/v1/tickets/${id}/typing`, mina.as)).status).toBe(204);
    const minaTyping = JSON.parse((await ownerSees.next((e) => e.event === 'typing' && e.data.includes(mina.id))).data);
    expect(minaTyping).toMatchObject({ side: 'agent', name: 'Mina', agentId: mina.id, typing: true });

    // The owner's reply stops the owner's typing only; Mina is still typing.
    await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'A new zip is on its way.' } });
    const stopped = JSON.parse((await minaSees.next((e) => e.event === 'typing' && !JSON.parse(e.data).typing)).data);
    expect(stopped).toMatchObject({ agentId: t.agent.id, typing: false, expiresAt: null });
    // The visitor gets the reply, and no typing at all on this ticket.
    const reply = await visitor.next((e) => e.event === 'message.created' || e.event === 'typing');
    expect(reply.event).toBe('message.created');
    // Mina's own expiry (about 5 s) reaches the others too, still without the visitor hearing of it.
    const expired = JSON.parse(
      (await ownerSees.next((e) => e.event === 'typing' && e.data.includes(mina.id) && !JSON.parse(e.data).typing))
        .data,
    );
    expect(expired.typing).toBe(false);
    expect(visitor.raw).not.toContain('event: typing');
  }, 15_000);

  it('in a live chat the visitor sees the agent typing, without which agent it is', async () => {
    const t = await setup();
    await online(t.as);
    const c = await start(t, { name: 'Ria' });
    const id = c.body.ticket.id;
    const visitor = await open(`/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${c.body.visitorToken}`);
    expect((await h.req('POST', `/api/v1/tickets/${id}/typing`, t.as)).status).toBe(204);
    const seen = JSON.parse((await visitor.next((e) => e.event === 'typing')).data);
    expect(seen).toMatchObject({ side: 'agent', name: t.agent.name, typing: true });
    expect(seen).not.toHaveProperty('agentId');
    // Once the chat has ended, the visitor no longer hears the agent typing on the ticket.
    expect((await h.json('POST', `/api/v1/tickets/${id}/chat/end`, { ...t.as, body: {} })).status).toBe(200);
    await visitor.next((e) => e.event === 'typing' && !JSON.parse(e.data).typing);
    const before = visitor.raw.split('event: typing').length;
    await h.req('POST', `/api/v1/tickets/${id}/typing`, t.as);
    await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'Bye!' } });
    await visitor.next((e) => e.event === 'message.created' && e.data.includes('Bye!'));
    expect(visitor.raw.split('event: typing').length).toBe(before);
  }, 15_000);

  it('read receipts are stored and reach the other side as message.read', async () => {
    const t = await setup();
    await online(t.as);
    const c = await start(t);
    const id = c.body.ticket.id;
    const token = c.body.visitorToken;
    const visitor = await open(`/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${token}`);
    const agents = await open('/api/v1/events', t.as);
    const reply = await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'Hello!' } });
    const note = await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'internal', internal: true },
    });

    expect((await h.req('POST', `/api/v1/tickets/${id}/read`, t.as)).status).toBe(204);
    const r1 = await visitor.next((e) => e.event === 'message.read');
    expect(JSON.parse(r1.data)).toEqual({
      ticketId: id,
      side: 'agent',
      upTo: note.body.id,
      readAt: expect.any(String),
    });

    // A visitor cannot mark an internal note read (they cannot see it), nor a message of another ticket.
    expect(
      (
        await h.req('POST', `/api/v1/widget/tickets/${id}/read`, {
          headers: key(t),
          token,
          body: { upTo: note.body.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await h.req('POST', `/api/v1/widget/tickets/${id}/read`, {
          headers: key(t),
          token,
          body: { upTo: reply.body.id },
        })
      ).status,
    ).toBe(204);
    const r2 = await agents.next((e) => e.event === 'message.read' && JSON.parse(e.data).side === 'visitor');
    expect(JSON.parse(r2.data)).toMatchObject({ ticketId: id, side: 'visitor', upTo: reply.body.id });
    const chat = await h.json('GET', `/api/v1/tickets/${id}/chat`, t.as);
    expect(chat.body.reads.visitor.upTo).toBe(reply.body.id);
    expect(chat.body.reads.agent.upTo).toBe(note.body.id);
    expect((await h.json('GET', '/api/v1/chats', t.as)).body.data[0].unreadCount).toBe(0);
    // The visitor's own receipt is not sent back to them.
    expect(visitor.raw.match(/event: message\.read/g)).toHaveLength(1);
  });

  it('a visitor stream reconnecting with Last-Event-ID gets the three messages it missed, in order, once', async () => {
    const t = await setup();
    await online(t.as);
    const c = await start(t);
    const id = c.body.ticket.id;
    const url = `/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${c.body.visitorToken}`;
    const first = await open(url);
    await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'one' } });
    const last = await first.next((e) => e.event === 'message.created');
    await first.close();
    for (const body of ['two', 'three', 'four'])
      await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body } });
    await h.json('POST', `/api/v1/tickets/${id}/read`, t.as); // a marker written after them
    const resumed = await open(url, { headers: { 'last-event-id': last.id! } });
    const got = await resumed.until((e) => e.event === 'message.read');
    const bodies = got.filter((e) => e.event === 'message.created').map((e) => JSON.parse(e.data).message.body);
    expect(bodies).toEqual(['two', 'three', 'four']);
    const ids = got.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('unanswered chats', () => {
  it('a chat nobody answers becomes an ordinary open ticket; one whose visitor left ends too', async () => {
    const t = await setup({ clock: true, chat: { unansweredAfterMinutes: 5 } });
    const waiting = await start(t, { email: 'ria@example.com' });
    await online(t.as);
    const answered = await start(t);
    await h.json('POST', `/api/v1/tickets/${answered.body.ticket.id}/messages`, { ...t.as, body: { body: 'Hi!' } });
    const talking = await start(t);
    await h.json('POST', `/api/v1/tickets/${talking.body.ticket.id}/messages`, { ...t.as, body: { body: 'Hello!' } });
    h.clock!.advance(4 * 60_000);
    expect(await sweepChats(h.db, h.deps.now())).toBe(0);
    // Still writing: a visitor's message is a sign of life.
    await h.json('POST', `/api/v1/widget/tickets/${talking.body.ticket.id}/messages`, {
      headers: key(t),
      token: talking.body.visitorToken,
      body: { body: 'Still here' },
    });
    h.clock!.advance(61_000);
    await online(t.as);
    expect(await sweepChats(h.db, h.deps.now())).toBe(2);
    const w = await h.json('GET', `/api/v1/tickets/${waiting.body.ticket.id}/chat`, t.as);
    expect(w.body).toMatchObject({ state: 'ended', endedReason: 'unanswered' });
    const a = await h.json('GET', `/api/v1/tickets/${answered.body.ticket.id}/chat`, t.as);
    expect(a.body).toMatchObject({ state: 'ended', endedReason: 'visitor_left' });
    const ticket = await h.json('GET', `/api/v1/tickets/${waiting.body.ticket.id}`, t.as);
    expect(ticket.body).toMatchObject({ status: 'open', channel: 'chat' });
    const live = (await h.json('GET', '/api/v1/chats', t.as)).body.data;
    expect(live.map((x: any) => [x.ticket.id, x.chat.state])).toEqual([[talking.body.ticket.id, 'active']]);
  });
});
