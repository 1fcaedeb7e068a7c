// Each inbox view is defined once: its count in GET /analytics/queue is exactly the length of GET /tickets?view=.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, testClock, type Harness, type ReqOpts } from '../test-support/harness.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import { STATUSES } from './schemas.ts';
import { VIEW_IDS } from './views.ts';

let h: Harness;
let owner: ReqOpts;
let limited: ReqOpts;
let apiKey: ReqOpts;
let ownerId: string;
let limitedId: string;

beforeEach(async () => {
  h = await createHarness({ clock: testClock() });
  const t = await h.signup();
  owner = t.as;
  ownerId = t.agent.id;
  const role = await h.json('POST', '/api/v1/roles', {
    ...owner,
    body: { name: 'Own only', permissions: ALL_PERMISSIONS, ownTicketsOnly: true },
  });
  limitedId = (
    await h.json('POST', '/api/v1/agents', {
      ...owner,
      body: { name: 'Mina', email: 'mina@example.com', roleId: role.body.id, password: 'mina password 1' },
    })
  ).body.id;
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: 'mina@example.com', password: 'mina password 1' },
  });
  limited = { cookie: sessionCookie(login.res) };
  apiKey = { token: (await h.json('POST', '/api/v1/api-keys', { ...owner, body: { name: 'k' } })).body.key };

  // Every status for every kind of assignee: the owner, the limited agent, nobody.
  for (const status of STATUSES)
    for (const assigneeId of [ownerId, limitedId, null]) {
      const r = await h.json('POST', '/api/v1/tickets', {
        ...owner,
        body: { subject: `${status} ${assigneeId ?? 'nobody'}`, message: 'm', requester: { email: 'a@example.com' } },
      });
      expect(r.status).toBe(201);
      const patch = await h.json('PATCH', `/api/v1/tickets/${r.body.id}`, { ...owner, body: { status, assigneeId } });
      expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    }
});
afterEach(() => h.close());

/** Every ticket of a view, two per page, following the cursor to the end. */
async function listAll(as: ReqOpts, view: string) {
  const out: { status: string; assigneeId: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const qs: string = `view=${view}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await h.json('GET', `/api/v1/tickets?${qs}`, as);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    out.push(...r.body.data);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

describe('inbox views', () => {
  it('count exactly what their lists show, for every view and every kind of caller', async () => {
    for (const [who, as] of [
      ['owner', owner],
      ['own-tickets-only agent', limited],
    ] as const) {
      const counts = (await h.json('GET', '/api/v1/analytics/queue', as)).body;
      for (const view of VIEW_IDS) expect((await listAll(as, view)).length, `${who}: ${view}`).toBe(counts[view]);
    }
    const keyCounts = (await h.json('GET', '/api/v1/analytics/queue', apiKey)).body;
    for (const view of VIEW_IDS.filter((v) => v !== 'mine'))
      expect((await listAll(apiKey, view)).length, `api key: ${view}`).toBe(keyCounts[view]);
    expect(keyCounts.mine).toBe(0);
  });

  it('hold what their names say', async () => {
    const shape = (rows: { status: string; assigneeId: string | null }[]) =>
      rows.map((r) => `${r.status}:${r.assigneeId === ownerId ? 'me' : (r.assigneeId ?? 'none')}`).sort();
    expect(shape(await listAll(owner, 'unassigned'))).toEqual(['open:none', 'pending:none']);
    expect(shape(await listAll(owner, 'mine'))).toEqual(['open:me', 'pending:me']);
    expect(shape(await listAll(owner, 'pending'))).toEqual(
      ['pending:me', 'pending:none', `pending:${limitedId}`].sort(),
    );
    expect((await listAll(owner, 'resolved')).map((r) => r.status).sort()).toEqual([
      'closed',
      'closed',
      'closed',
      'resolved',
      'resolved',
      'resolved',
    ]);
    expect(shape(await listAll(limited, 'open'))).toEqual([`open:${limitedId}`]);
  });

  it('narrow further with the other filters, and refuse an unknown view or "mine" without an agent', async () => {
    const r = await h.json('GET', `/api/v1/tickets?view=open&assignee=${limitedId}`, owner);
    expect(r.body.data.map((x: { subject: string }) => x.subject)).toEqual([`open ${limitedId}`]);
    expect((await h.json('GET', '/api/v1/tickets?view=open&status=pending', owner)).body.data).toEqual([]);
    const unknown = await h.json('GET', '/api/v1/tickets?view=everything', owner);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('view');
    const mine = await h.json('GET', '/api/v1/tickets?view=mine', apiKey);
    expect(mine.status).toBe(422);
    expect(mine.body.errors[0].path).toBe('view');
  });
});
