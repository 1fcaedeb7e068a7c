import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { EVERY_TICKET } from './scope.ts';
import { buildSearchQuery, parseSearch } from './search.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

async function make(over: Record<string, unknown>, as = t.as) {
  clock.advance(60_000);
  const r = await h.json('POST', '/api/v1/tickets', {
    ...as,
    body: { subject: 'Subject', message: 'Body text', requester: { email: 'a@example.com' }, ...over },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; number: number };
}
async function say(id: string, body: string, internal = false) {
  clock.advance(60_000);
  const r = await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body, internal } });
  expect(r.status).toBe(201);
}
async function search(qs: string, as: { cookie?: string; token?: string } = t.as) {
  const r = await h.json('GET', `/api/v1/tickets?${qs}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { data: { number: number }[]; nextCursor: string | null };
}
const found = async (q: string, extra = '', as?: { cookie?: string; token?: string }) =>
  (await search(`q=${encodeURIComponent(q)}${extra}`, as)).data.map((x) => x.number);

/** The demo shop's kind of tickets: #1 Maya's tent, #2 Jonas's order, #3 Priya's backpack, #4 Sam's double charge. */
async function shop() {
  const tent = await make({
    subject: 'Tent pole snapped on first pitch',
    message: 'One of the poles snapped at the joint.',
    requester: { email: 'maya.okafor@example.com', name: 'Maya Okafor' },
    tags: ['warranty', 'tents'],
  });
  const order = await make({
    subject: 'Where is my order?',
    message: 'I ordered hiking boots eight days ago.',
    requester: { email: 'jonas.berg@outfitters.test', name: 'Jonas Berg' },
    assigneeId: t.agent.id,
  });
  const pack = await make({
    subject: 'Backpack buckle cracked',
    message: 'The hip belt clip split in the cold.',
    requester: { email: 'priya.raman@example.com', name: 'Priya Raman' },
    status: 'pending',
  });
  const charge = await make({
    subject: 'Charged twice for one order',
    message: 'Same card as in ticket 3, two charges of $189.00.',
    requester: { email: 'sam.lee@example.com', name: 'Sam Lee' },
  });
  await say(tent.id, 'Opened a carrier trace for the replacement pole.', true);
  // #2 mentions a buckle in a message only, and is now the most recently updated ticket
  await say(order.id, 'While you wait: the buckle question is answered in our FAQ.');
  return { tent, order, pack, charge };
}

describe('searching tickets', () => {
  it('finds a ticket by its number, with or without #, ahead of text that mentions the number', async () => {
    await shop();
    expect(await found('#3')).toEqual([3, 4]);
    expect(await found('3')).toEqual([3, 4]);
    expect(await found('# 4')).toEqual([4]);
    expect(await found('#99')).toEqual([]);
  });

  it('finds subjects and messages, internal notes included', async () => {
    await shop();
    expect(await found('snapped')).toEqual([1]);
    expect(await found('hiking boots')).toEqual([2]);
    expect(await found('carrier trace')).toEqual([1]);
    // an API key reads the whole thread too
    expect(await found('trace', '', { token: await t.apiKey() })).toEqual([1]);
  });

  it("finds the requester's tickets by name (any word's start) and by email or its domain", async () => {
    await shop();
    await make({ subject: 'Stove question', requester: { email: 'maya.okafor@example.com' } });
    expect(await found('Okafor')).toEqual([5, 1]);
    expect(await found('maya')).toEqual([5, 1]);
    expect(await found('Jonas Berg')).toEqual([2]);
    expect(await found('MAYA.OKAFOR@example.com')).toEqual([5, 1]);
    expect(await found('outfitters.test')).toEqual([2]);
    expect(await found('sam.lee@')).toEqual([4]);
    // LIKE wildcards are plain characters: "o%r" is not "O…kafor"
    expect(await found('o%r')).toEqual([]);
  });

  it('finds tags, whole or by their start', async () => {
    await shop();
    expect(await found('warranty')).toEqual([1]);
    expect(await found('WARR')).toEqual([1]);
    expect(await found('tents')).toEqual([1]);
  });

  it('ranks subject, requester and tag matches above matches in messages only, then by the sort', async () => {
    await shop();
    // #2 was updated last, but only a message of it says "buckle"
    expect(await found('buckle')).toEqual([3, 2]);
    expect(await found('buckle', '&sort=created&order=asc')).toEqual([3, 2]);
    expect((await search('')).data.map((x) => x.number)).toEqual([2, 1, 4, 3]);
  });

  it('combines with status, assignee and the other filters as AND', async () => {
    await shop();
    expect(await found('buckle', '&status=pending')).toEqual([3]);
    expect(await found('buckle', '&status=open')).toEqual([2]);
    expect(await found('buckle', '&assignee=me')).toEqual([2]);
    expect(await found('#3', '&status=open')).toEqual([4]);
    expect(await found('order', '&status=resolved,closed')).toEqual([]);
  });

  it('pages through results with a cursor that belongs to the search', async () => {
    await shop();
    const first = await search('q=buckle&limit=1');
    expect(first.data.map((x) => x.number)).toEqual([3]);
    const second = await search(`q=buckle&limit=1&cursor=${first.nextCursor}`);
    expect(second.data.map((x) => x.number)).toEqual([2]);
    expect(second.nextCursor).toBeNull();
    // number first, then text pages on across the tiers
    const numbered = await search('q=3&limit=1');
    expect(numbered.data.map((x) => x.number)).toEqual([3]);
    expect((await search(`q=3&limit=1&cursor=${numbered.nextCursor}`)).data.map((x) => x.number)).toEqual([4]);
    // a cursor of the plain list is not a search cursor, and the other way round
    const plain = await search('limit=1');
    const mixed = await h.json('GET', `/api/v1/tickets?q=buckle&limit=1&cursor=${plain.nextCursor}`, t.as);
    expect(mixed.status).toBe(400);
    expect((await h.json('GET', `/api/v1/tickets?limit=1&cursor=${first.nextCursor}`, t.as)).status).toBe(400);
  });

  it("never finds another tenant's tickets", async () => {
    await shop();
    const other = await h.signup();
    await make(
      {
        subject: 'Buckle recall',
        message: 'Warranty buckle',
        requester: { email: 'maya.okafor@example.com', name: 'Maya Okafor' },
        tags: ['warranty'],
      },
      other.as,
    );
    expect(await found('buckle')).toEqual([3, 2]);
    expect(await found('okafor')).toEqual([1]);
    expect(await found('warranty')).toEqual([1]);
    expect(await found('#1', '', other.as)).toEqual([1]);
    expect(await found('tent', '', other.as)).toEqual([]);
  });

  it('refuses a search without a letter or digit', async () => {
    const r = await h.json('GET', '/api/v1/tickets?q=%23%20%40', t.as);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'q', message: 'must contain at least one letter or digit' }]);
  });

  it('is driven by the matches: no scan of the tenant’s tickets', async () => {
    const q = buildSearchQuery(
      'ten_x',
      parseSearch('#42')!,
      { scope: EVERY_TICKET, statuses: ['open'] },
      'updated',
      'desc',
      null,
      25,
    );
    const plan = (await h.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.args)).map((p) => p.detail);
    const text = plan.join('\n');
    // number by the (tenant, number) index, requesters from the tenant's customers, tags by the (tenant, tag) key
    expect(text).toMatch(/SEARCH tickets USING INDEX tickets_tenant_number \(tenant_id=\? AND number=\?\)/);
    expect(text).toMatch(
      /SEARCH tickets USING COVERING INDEX tickets_tenant_requester \(tenant_id=\? AND requester_id=\?\)/,
    );
    expect(text).toMatch(/SEARCH customers USING INDEX \w+ \(tenant_id=\?\)/);
    expect(text).toMatch(/SEARCH ticket_tags USING PRIMARY KEY \(tenant_id=\? AND tag>\? AND tag<\?\)/);
    // then only the matched tickets are read, by id
    expect(text).toMatch(/SCAN best\nSEARCH t USING INDEX sqlite_autoindex_tickets_1 \(id=\?\)/);
    expect(text).not.toMatch(/SCAN (t|tickets)\b/);
  });
});

describe('searching with an own-tickets-only role', () => {
  it('never finds tickets the agent may not see, by any kind of match', async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Contractor', permissions: ['tickets:read', 'tickets:update'], ownTicketsOnly: true },
    });
    const agent = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Sam', email: 'sam@example.com', password: 'long enough pw', roleId: role.body.id },
    });
    const { order } = await shop();
    await h.json('PATCH', `/api/v1/tickets/${order.id}`, { ...t.as, body: { assigneeId: agent.body.id } });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'sam@example.com', password: 'long enough pw' },
    });
    const cookie = /hd_session=[^;]*/.exec(login.res.headers.get('set-cookie')!)![0];
    const as = { cookie };
    expect(await found('buckle', '', as)).toEqual([2]);
    expect(await found('#3', '', as)).toEqual([]);
    expect(await found('#2', '', as)).toEqual([2]);
    expect(await found('okafor', '', as)).toEqual([]);
    expect(await found('warranty', '', as)).toEqual([]);
    expect(await found('trace', '', as)).toEqual([]);
    expect(await found('jonas', '', as)).toEqual([2]);
  });
});
