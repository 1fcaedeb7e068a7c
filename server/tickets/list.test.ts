import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { buildListQuery } from './queries.ts';
import { EVERY_TICKET } from './scope.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

async function make(over: Record<string, unknown>) {
  clock.advance(60_000);
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Subject', message: 'Body text', requester: { email: 'a@example.com' }, ...over },
  });
  expect(r.status).toBe(201);
  return r.body;
}
const list = async (qs: string) => {
  const r = await h.json('GET', `/api/v1/tickets?${qs}`, t.as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { data: { id: string; number: number }[]; nextCursor: string | null };
};
const numbers = (p: { data: { number: number }[] }) => p.data.map((x) => x.number);

describe('listing tickets', () => {
  it('finds a ticket by its new subject after an edit, and no longer by the old one', async () => {
    const one = await make({ subject: 'Printer on fire', message: 'Smoke everywhere' });
    expect(
      (await h.json('PATCH', `/api/v1/tickets/${one.id}`, { ...t.as, body: { subject: 'Broken zipper' } })).status,
    ).toBe(200);
    expect(numbers(await list('q=zipper'))).toEqual([1]);
    expect(numbers(await list('q=printer'))).toEqual([]);
    expect(numbers(await list('q=smoke'))).toEqual([1]);
  });

  it('filters by status, priority, assignee, tag, requester, dates and free text, and sorts', async () => {
    const one = await make({ subject: 'Tent pole snapped', priority: 'urgent', tags: ['damage'] });
    const two = await make({
      subject: 'Where is my order',
      requester: { email: 'b@example.com' },
      assigneeId: t.agent.id,
    });
    const three = await make({
      subject: 'Refund please',
      priority: 'low',
      status: 'pending',
      message: 'The sleeping bag zipper jammed',
    });
    clock.advance(60_000);
    await h.json('POST', `/api/v1/tickets/${two.id}/messages`, {
      ...t.as,
      body: { body: 'Carrier says parcel is in Leipzig', internal: true },
    });

    expect(numbers(await list('status=pending'))).toEqual([3]);
    expect(numbers(await list('status=open,pending&sort=created&order=asc'))).toEqual([1, 2, 3]);
    expect(numbers(await list('priority=urgent,low&sort=priority'))).toEqual([1, 3]);
    expect(numbers(await list('assignee=me'))).toEqual([2]);
    expect(numbers(await list(`assignee=${t.agent.id}`))).toEqual([2]);
    expect(numbers(await list('assignee=unassigned&sort=created&order=asc'))).toEqual([1, 3]);
    expect(numbers(await list('tag=DAMAGE'))).toEqual([1]);
    expect(numbers(await list('requester=B@example.com'))).toEqual([2]);
    expect(numbers(await list(`customerId=${one.requester.id}&sort=created&order=asc`))).toEqual([1, 3]);
    expect(
      numbers(
        await list(`createdFrom=${encodeURIComponent(two.createdAt)}&createdTo=${encodeURIComponent(three.createdAt)}`),
      ),
    ).toEqual([2]);
    expect(numbers(await list('q=zipper'))).toEqual([3]);
    expect(numbers(await list('q=leip'))).toEqual([2]);
    expect(numbers(await list('q=tent%20pole'))).toEqual([1]);
    expect(numbers(await list('q=%22zipper)(*%20OR'))).toEqual([]);
    expect(numbers(await list('q=zipper%22)('))).toEqual([3]);
    // most recently updated first: the note touched #2
    expect(numbers(await list(''))).toEqual([2, 3, 1]);
  });

  it('pages with a stable keyset cursor', async () => {
    for (let i = 0; i < 7; i++) await make({ subject: `T${i}` });
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await list(`limit=3&status=open${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...numbers(page));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('sorts by SLA due time, soonest first, tickets without one last', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { slaEnabled: true } } });
    await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: {
        urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
        normal: { firstResponseMinutes: 240, resolutionMinutes: 2880 },
      },
    });
    await make({ priority: 'low' });
    await make({ priority: 'normal' });
    await make({ priority: 'urgent' });
    expect(numbers(await list('sort=slaDue'))).toEqual([3, 2, 1]);
  });

  it('refuses bad filters with 422 and a cursor of another sort with 400', async () => {
    for (const qs of [
      'status=snoozed',
      'priority=critical',
      'sort=random',
      'createdFrom=yesterday',
      'limit=0',
      'limit=101',
      'q=%20%20',
    ]) {
      const r = await h.json('GET', `/api/v1/tickets?${qs}`, t.as);
      expect(r.status, qs).toBe(422);
    }
    const key = await t.apiKey();
    expect((await h.json('GET', '/api/v1/tickets?assignee=me', { token: key })).status).toBe(422);
    await make({});
    await make({});
    const page = await list('limit=1&sort=created');
    const otherSort = await h.json('GET', `/api/v1/tickets?limit=1&sort=updated&cursor=${page.nextCursor}`, t.as);
    expect(otherSort.status).toBe(400);
    expect(otherSort.body.errors).toEqual([
      { path: 'cursor', message: 'This cursor belongs to a different sort order.' },
    ]);
    expect((await h.json('GET', '/api/v1/tickets?cursor=garbage', t.as)).status).toBe(400);
  });

  it('uses the tenant-led status+assignee index for the inbox list, first and deep pages (no table scan, no sort)', async () => {
    for (const after of [null, ['2026-03-02T10:00:00.000Z', 'tkt_x']]) {
      const q = buildListQuery(
        'ten_x',
        { scope: EVERY_TICKET, statuses: ['open'], assignee: 'agt_x' },
        'updated',
        'desc',
        after,
        25,
      );
      const plan = await h.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.args);
      const text = plan.map((p) => p.detail).join('\n');
      expect(text).toMatch(/SEARCH t USING INDEX tickets_tenant_status_assignee/);
      expect(text).not.toMatch(/SCAN t\b/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    }
    const unassigned = buildListQuery(
      'ten_x',
      { scope: EVERY_TICKET, statuses: ['open'], assignee: null },
      'updated',
      'desc',
      null,
      25,
    );
    const plan = await h.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${unassigned.sql}`, unassigned.args);
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX tickets_tenant_status_assignee/);
  });
});

describe('agents limited to their own tickets', () => {
  it('see, list, update and stream only tickets assigned to them', async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: {
        name: 'Contractor',
        permissions: ['tickets:read', 'tickets:update', 'tickets:create'],
        ownTicketsOnly: true,
      },
    });
    expect(role.status).toBe(201);
    const agent = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Sam', email: 'sam@example.com', password: 'long enough pw', roleId: role.body.id },
    });
    expect(agent.status).toBe(201);
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'sam@example.com', password: 'long enough pw' },
    });
    const cookie = /hd_session=[^;]*/.exec(login.res.headers.get('set-cookie')!)![0];
    const mine = await make({ assigneeId: agent.body.id });
    const theirs = await make({});
    const l = await h.json('GET', '/api/v1/tickets', { cookie });
    expect(l.body.data.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    expect((await h.json('GET', `/api/v1/tickets/${theirs.id}`, { cookie })).status).toBe(404);
    expect(
      (await h.json('PATCH', `/api/v1/tickets/${theirs.id}`, { cookie, body: { status: 'pending' } })).status,
    ).toBe(404);
    expect(
      (await h.json('POST', `/api/v1/tickets/${theirs.id}/messages`, { cookie, body: { body: 'hi' } })).status,
    ).toBe(404);
    expect((await h.json('GET', `/api/v1/tickets/${mine.id}`, { cookie })).status).toBe(200);
  });
});
