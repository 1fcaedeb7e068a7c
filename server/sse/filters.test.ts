// Who receives what on the live streams: each test fails if one of the filters in sse/routes.ts (agents) or widget/event-routes.ts (visitors) is taken out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts, type SignedUp } from '../test-support/harness.ts';
import { appendEvent, type NewEvent } from '../events/log.ts';
import type { EventType } from '../events/types.ts';
import { sampleMessage, sampleTicket } from '../events/test-fixtures.ts';
import { sseReader, type SseEvent } from './sse-client.ts';

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

async function open(path: string, opts: ReqOpts = {}) {
  const res = await h.req('GET', path, opts);
  expect(res.status).toBe(200);
  const s = sseReader(res);
  closers.push(s.close);
  return s;
}

let agents = 0;
/** An agent of t's tenant with a custom role, signed in. */
async function agentWith(permissions: string[], ownTicketsOnly = false) {
  const n = ++agents;
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: { name: `Role ${n}`, permissions, ownTicketsOnly },
  });
  expect(role.status).toBe(201);
  const email = `agent${n}@example.com`;
  const agent = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: `Agent ${n}`, email, password: 'long enough pw', roleId: role.body.id },
  });
  expect(agent.status).toBe(201);
  const login = await h.json('POST', '/api/v1/auth/login', { body: { email, password: 'long enough pw' } });
  expect(login.status).toBe(200);
  return { id: agent.body.id as string, as: { cookie: sessionCookie(login.res) } };
}

const newTicket = async (over: Record<string, unknown> = {}) => {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: {
      subject: 'Stove will not light',
      message: 'Tried two canisters.',
      requester: { email: 'ria@example.com' },
      ...over,
    },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; requester: { id: string } };
};
const reply = (id: string, body: string, internal = false) =>
  h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body, internal } });
const patch = (id: string, body: Record<string, unknown>) =>
  h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body });

/** The ticket an agents' stream event is about. */
const ticketOf = (e: SseEvent) => {
  const d = JSON.parse(e.data);
  return e.event === 'message.created' ? d.ticketId : d.id;
};
const marker = (text: string) => (e: SseEvent) =>
  e.event === 'message.created' && JSON.parse(e.data).message.body === text;

describe('GET /events: permissions', () => {
  it('an agent or API key without customers:read never receives customer events, without kb:read no article events', async () => {
    const narrow = await agentWith(['tickets:read']);
    const key = await t.apiKey(['tickets:read']);
    const owner = await open('/api/v1/events', t.as);
    const agent = await open('/api/v1/events', narrow.as);
    const api = await open('/api/v1/events', { token: key });

    await h.json('POST', '/api/v1/customers', { ...t.as, body: { email: 'vip@example.com', name: 'Vera' } });
    const ticket = await newTicket({ requester: { email: 'new.person@example.com' } });
    const art = await h.json('POST', '/api/v1/kb/articles', {
      ...t.as,
      body: { title: 'Lighting the stove', body: 'Turn the knob.', status: 'published' },
    });
    expect(art.status).toBe(201);
    await reply(ticket.id, 'the end');

    // The owner's stream shows the events were written and streamed to those allowed.
    expect((await owner.until(marker('the end'))).map((e) => e.event)).toEqual([
      'customer.created',
      'customer.created',
      'ticket.created',
      'message.created',
      'kb.article.published',
      'message.created',
    ]);
    for (const s of [agent, api]) {
      expect((await s.until(marker('the end'))).map((e) => e.event)).toEqual([
        'ticket.created',
        'message.created',
        'message.created',
      ]);
      expect(s.raw).not.toMatch(/vip@example\.com|Lighting the stove/);
    }
  });
});

describe('GET /events: agents limited to their own tickets', () => {
  it('receive ticket and message events only of tickets assigned to them, from the moment they are', async () => {
    const sam = await agentWith(['tickets:read', 'tickets:update'], true);
    const s = await open('/api/v1/events', sam.as);

    const mine = await newTicket({ subject: 'Assigned to Sam', assigneeId: sam.id });
    const other = await newTicket({ subject: "Nobody's yet", requester: { email: 'olaf@example.com' } });
    await reply(other.id, 'reply on the other ticket');
    await reply(other.id, 'note on the other ticket', true);
    await patch(other.id, { priority: 'urgent', status: 'resolved' });
    await reply(mine.id, 'reply on mine');
    await patch(mine.id, { tags: ['checked'] });
    const first = await s.until((e) => e.event === 'ticket.updated' && JSON.parse(e.data).tags.includes('checked'));
    expect(first.map((e) => [e.event, ticketOf(e)])).toEqual([
      ['ticket.created', mine.id],
      ['message.created', mine.id],
      ['message.created', mine.id],
      ['ticket.updated', mine.id], // the reply recorded the first response
      ['ticket.updated', mine.id],
    ]);
    expect(s.raw).not.toMatch(/Nobody|other ticket|olaf/);

    // Assigned to Sam now: its change and its next message reach him.
    await patch(other.id, { assigneeId: sam.id });
    await reply(other.id, 'now it is yours');
    const later = await s.until(marker('now it is yours'));
    expect(later.map((e) => [e.event, ticketOf(e)])).toEqual([
      ['ticket.updated', other.id],
      ['message.created', other.id],
    ]);
  });
});

describe('GET /widget/events', () => {
  const key = () => ({ 'x-widget-key': t.tenant.widgetKey });
  async function submit(email: string, subject: string) {
    const r = await h.json('POST', '/api/v1/widget/tickets', {
      headers: key(),
      body: { subject, message: `${subject}: details`, email },
    });
    expect(r.status).toBe(201);
    return { id: r.body.ticket.id as string, token: r.body.visitorToken as string };
  }
  const visitorStream = (token: string) => open(`/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${token}`);
  const customerOf = async (ticketId: string) =>
    (await h.json('GET', `/api/v1/tickets/${ticketId}`, t.as)).body.requester.id as string;
  /** Written straight into the log, as a module with a wrong audience or scope would write it. */
  const write = <T extends EventType>(e: NewEvent<T>) => h.db.tx((tx) => appendEvent(tx, t.tenant.id, e, new Date()));

  it('never carries an internal note, even one its writer marked public', async () => {
    const v = await submit('v@example.com', 'Hi');
    const s = await visitorStream(v.token);
    await reply(v.id, 'NOTE: customer seems upset', true);
    const customerId = await customerOf(v.id);
    const note = sampleMessage({ ticketId: v.id, body: 'NOTE: mislabelled note', internal: true });
    await write({
      type: 'message.created',
      data: { ticketId: v.id, message: note },
      audience: 'public',
      visitorScope: customerId,
    });
    await reply(v.id, 'We are on it!');

    const seen = await s.until((e) => e.event === 'message.created');
    expect(seen.map((e) => JSON.parse(e.data).message.body)).toEqual(['We are on it!']);
    expect(s.raw).not.toMatch(/NOTE/);
  });

  it("carries only public events of the visitor's own tickets: not another visitor's, not another token's of the same email", async () => {
    const v = await submit('v@example.com', 'Mine');
    const s = await visitorStream(v.token);
    const otherVisitor = await submit('w@example.com', 'Someone else');
    // Anyone may type v's email into the widget: that token sees its own ticket, and v's token not that one.
    const sameEmail = await submit('v@example.com', "Typed by someone with v's email");
    await reply(otherVisitor.id, 'reply to w');
    await reply(sameEmail.id, 'reply to the other token');
    await patch(otherVisitor.id, { status: 'pending' });
    const customerId = await customerOf(v.id);
    const otherCustomer = await customerOf(otherVisitor.id);
    // An agents-only event about v's ticket, and a public one scoped to another visitor that names it.
    await write({
      type: 'ticket.updated',
      data: sampleTicket({ id: v.id, subject: 'agents-only change' }),
      audience: 'agents',
      visitorScope: customerId,
    });
    await write({
      type: 'ticket.updated',
      data: sampleTicket({ id: v.id, subject: 'scoped to w' }),
      audience: 'public',
      visitorScope: otherCustomer,
    });
    await reply(v.id, 'reply to v');

    const seen = await s.until(marker('reply to v'));
    expect(seen.map((e) => [e.event, JSON.parse(e.data).ticketId ?? JSON.parse(e.data).id])).toEqual([
      ['message.created', v.id],
    ]);
    expect(s.raw).not.toMatch(/reply to w|other token|agents-only|scoped to w|Someone else|Typed by/);

    const theirs = await visitorStream(sameEmail.token);
    await reply(sameEmail.id, 'second reply to the other token');
    expect((await theirs.until(() => true)).map((e) => JSON.parse(e.data).ticketId)).toEqual([sameEmail.id]);
  });
});
