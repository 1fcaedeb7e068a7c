// An agent whose role is limited to their team and one priority, endpoint by endpoint: read one, list, search, the
// live event stream, the export, and the writes (reply, update, bulk). Only Billing's high-priority tickets are there;
// every other ticket is 404, absent from every list, search result, export and stream, and unchanged.
// (tickets/scope-conditions.test.ts walks every GET of the document; this one names each endpoint an agent uses.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts, type SignedUp } from '../test-support/harness.ts';
import { sseReader } from '../sse/sse-client.ts';

let h: Harness;
let t: SignedUp;
let lina: ReqOpts;
let billing: string;
let technical: string;
let mine: { id: string; number: number };
let others: { id: string; number: number; subject: string }[];

async function file(subject: string, teamId: string | null, priority: string) {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: {
      subject,
      message: `${subject}, parcel tracking please`,
      requester: { email: 'c@example.com' },
      teamId,
      priority,
    },
  });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, number: r.body.number as number, subject };
}

beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: {
      name: 'Billing, high only',
      permissions: ['tickets:read', 'tickets:update', 'analytics:read', 'customers:read', 'teams:read'],
      conditions: { team: true, priorities: ['high'] },
    },
  });
  expect(role.status).toBe(201);
  const agent = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Lina', email: 'lina@example.com', roleId: role.body.id, password: 'lina password 1' },
  });
  billing = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing', agentIds: [agent.body.id] } }))
    .body.id;
  technical = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Technical' } })).body.id;
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: 'lina@example.com', password: 'lina password 1' },
  });
  lina = { cookie: sessionCookie(login.res) };
  mine = await file('Aardvark billing high', billing, 'high');
  others = [
    await file('Bison billing normal', billing, 'normal'),
    await file('Coyote technical high', technical, 'high'),
    await file('Dingo no team high', null, 'high'),
  ];
});
afterEach(() => h.close());

const leaked = (text: string) =>
  others.filter((o) => text.includes(o.id) || text.includes(o.subject.split(' ')[0])).map((o) => o.subject);
const ids = (body: { data: { id: string }[] }) => body.data.map((x) => x.id);

describe('an agent limited to their team and the high priority', () => {
  it('reads only that ticket; the others are 404 like a ticket that does not exist', async () => {
    expect((await h.json('GET', `/api/v1/tickets/${mine.id}`, lina)).status).toBe(200);
    for (const o of others) {
      for (const path of [`/api/v1/tickets/${o.id}`, `/api/v1/tickets/${o.id}/activity`]) {
        const r = await h.json('GET', path, lina);
        expect({ path, status: r.status, type: r.res.headers.get('content-type') }).toEqual({
          path,
          status: 404,
          type: 'application/problem+json',
        });
        expect(leaked(JSON.stringify(r.body))).toEqual([]);
      }
    }
  });

  it('lists and searches only that ticket, whatever the filter', async () => {
    const queries = [
      '',
      '?status=open,pending,resolved,closed',
      `?teamId=${billing}`,
      `?teamId=${technical}`,
      '?teamId=none',
      '?priority=normal',
      '?assignee=unassigned',
      '?q=parcel',
      '?q=Coyote',
      '?q=Bison',
      '?requester=c@example.com',
    ];
    for (const q of queries) {
      const r = await h.json('GET', `/api/v1/tickets${q}`, lina);
      expect(r.status).toBe(200);
      expect({ q, leaked: leaked(JSON.stringify(r.body)) }).toEqual({ q, leaked: [] });
    }
    expect(ids((await h.json('GET', '/api/v1/tickets?q=parcel', lina)).body)).toEqual([mine.id]);
    expect(ids((await h.json('GET', '/api/v1/tickets', lina)).body)).toEqual([mine.id]);
    // The owner's search finds all four, so the word is really there.
    expect((await h.json('GET', '/api/v1/tickets?q=parcel', t.as)).body.data).toHaveLength(4);
    const counts = await h.json('GET', '/api/v1/teams/queue', lina);
    expect(counts.body).toEqual({
      data: [
        { teamId: billing, name: 'Billing', open: 1, unassigned: 1 },
        { teamId: technical, name: 'Technical', open: 0, unassigned: 0 },
      ],
      none: 0,
    });
  });

  it('exports only that ticket, as CSV and as JSON', async () => {
    for (const format of ['csv', 'json']) {
      const r = await h.req('GET', `/api/v1/analytics/export?resource=tickets&format=${format}`, lina);
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(text).toContain(mine.id);
      expect({ format, leaked: leaked(text) }).toEqual({ format, leaked: [] });
    }
  });

  it('streams only the events of that ticket, also of changes made while listening', async () => {
    const res = await h.req('GET', '/api/v1/events', lina);
    expect(res.status).toBe(200);
    const s = sseReader(res);
    for (const o of others) {
      await h.json('POST', `/api/v1/tickets/${o.id}/messages`, { ...t.as, body: { body: `${o.subject} reply` } });
      await h.json('PATCH', `/api/v1/tickets/${o.id}`, { ...t.as, body: { tags: ['seen-by-owner'] } });
    }
    await h.json('POST', `/api/v1/tickets/${mine.id}/messages`, { ...t.as, body: { body: 'marker-for-lina' } });
    const seen = await s.until((e) => e.data.includes('marker-for-lina'));
    await s.close();
    expect(leaked(s.raw)).toEqual([]);
    expect(seen.some((e) => e.data.includes(mine.id))).toBe(true);
    // A replay from the start of the log is filtered the same way.
    const replay = await h.req('GET', '/api/v1/events?lastEventId=0', lina);
    const r = sseReader(replay);
    await r.until((e) => e.data.includes('marker-for-lina'));
    await r.close();
    expect(leaked(r.raw)).toEqual([]);
  });

  it('replies to, updates and bulk-changes only that ticket; the others stay as they were', async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(others.map(async (o) => (await h.json('GET', `/api/v1/tickets/${o.id}`, t.as)).body)),
      );
    const before = await snapshot();
    for (const o of others) {
      const reply = await h.json('POST', `/api/v1/tickets/${o.id}/messages`, { ...lina, body: { body: 'Hi' } });
      const update = await h.json('PATCH', `/api/v1/tickets/${o.id}`, { ...lina, body: { status: 'closed' } });
      const bulk = await h.json('POST', '/api/v1/tickets/bulk', {
        ...lina,
        body: { ids: [o.id], changes: { status: 'closed' } },
      });
      expect([reply.status, update.status, bulk.status]).toEqual([404, 404, 404]);
    }
    const mixed = await h.json('POST', '/api/v1/tickets/bulk', {
      ...lina,
      body: { ids: [mine.id, others[0].id], changes: { status: 'pending' } },
    });
    expect(mixed.status).toBe(404);
    expect((await h.json('GET', `/api/v1/tickets/${mine.id}`, lina)).body.status).toBe('open');
    expect(await snapshot()).toBe(before);

    expect(
      (await h.json('POST', `/api/v1/tickets/${mine.id}/messages`, { ...lina, body: { body: 'On it' } })).status,
    ).toBe(201);
    expect((await h.json('PATCH', `/api/v1/tickets/${mine.id}`, { ...lina, body: { status: 'pending' } })).status).toBe(
      200,
    );
    const ok = await h.json('POST', '/api/v1/tickets/bulk', {
      ...lina,
      body: { ids: [mine.id], changes: { tags: ['done'] } },
    });
    expect(ok.status).toBe(200);
  });

  it('follows the ticket: moved to another team or priority it is gone, moved in it appears', async () => {
    await h.json('PATCH', `/api/v1/tickets/${mine.id}`, { ...t.as, body: { priority: 'normal' } });
    expect((await h.json('GET', `/api/v1/tickets/${mine.id}`, lina)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/tickets', lina)).body.data).toEqual([]);
    await h.json('PATCH', `/api/v1/tickets/${others[1].id}`, { ...t.as, body: { teamId: billing } });
    expect(ids((await h.json('GET', '/api/v1/tickets', lina)).body)).toEqual([others[1].id]);
  });
});
