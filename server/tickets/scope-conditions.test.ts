// The team and priority conditions of a role, probed through every ticket endpoint of the API: an agent limited to
// one team and one priority reads, lists, searches, counts, streams, exports and changes only those tickets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
} from '../test-support/harness.ts';
import { fillPath, openApiWalk, type Operation } from '../test-support/openapi-walk.ts';
import { sseReader } from '../sse/sse-client.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';

let h: Harness;
let t: SignedUp;
let limited: ReqOpts;
let limitedId: string;
let teamA: string;
let teamB: string;
interface Seeded {
  id: string;
  number: number;
  subject: string;
  note: string;
  requesterId: string;
}
let visible: Seeded;
let hidden: Seeded[];

async function ticket(
  subject: string,
  email: string,
  teamId: string | null,
  priority: string,
  assigneeId: string | null = null,
): Promise<Seeded> {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject, message: `${subject} first message`, requester: { email }, teamId, priority, assigneeId },
  });
  expect(r.status).toBe(201);
  const note = `${subject.split(' ')[0]}-internal-note`;
  await h.json('POST', `/api/v1/tickets/${r.body.id}/messages`, { ...t.as, body: { body: note, internal: true } });
  await h.json('PATCH', `/api/v1/tickets/${r.body.id}`, { ...t.as, body: { tags: ['walk'] } });
  return { id: r.body.id, number: r.body.number, subject, note, requesterId: r.body.requester.id };
}

beforeEach(async () => {
  h = await createHarness({ clock: testClock() });
  t = await h.signup();
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: {
      name: 'Billing urgent desk',
      permissions: ALL_PERMISSIONS,
      conditions: { team: true, priorities: ['high'] },
    },
  });
  expect(role.status).toBe(201);
  limitedId = (
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Lina', email: 'lina@example.com', roleId: role.body.id, password: 'lina password 1' },
    })
  ).body.id;
  teamA = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing', agentIds: [limitedId] } })).body
    .id;
  teamB = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Technical' } })).body.id;
  limited = {
    cookie: sessionCookie(
      (await h.json('POST', '/api/v1/auth/login', { body: { email: 'lina@example.com', password: 'lina password 1' } }))
        .res,
    ),
  };
  visible = await ticket('Marmalade invoice wrong', 'shared@example.com', teamA, 'high');
  hidden = [
    await ticket('Zeppelin invoice late', 'zora@example.com', teamA, 'low', limitedId),
    await ticket('Walrus login broken', 'shared@example.com', teamB, 'high'),
    await ticket('Quokka without team', 'quinn@example.com', null, 'high', limitedId),
  ];
});
afterEach(() => h.close());

function leaks(text: string): string[] {
  return hidden.flatMap((s) =>
    [s.id, s.subject, s.note]
      .filter((x) => text.includes(x))
      .concat(new RegExp(`"number":\\s*${s.number}\\b`).test(text) ? [`number ${s.number}`] : []),
  );
}

async function readStream(path: string): Promise<string> {
  const res = await h.req('GET', path, limited);
  if (res.status !== 200) return res.text();
  const s = sseReader(res);
  const marker = `caught-up-${Math.random().toString(36).slice(2)}`;
  await h.json('POST', `/api/v1/tickets/${visible.id}/messages`, { ...t.as, body: { body: marker, internal: true } });
  await s.next((e) => e.data.includes(marker));
  await s.close();
  return s.raw;
}

function queryVariants(op: Operation): Record<string, string>[] {
  const variants: Record<string, string>[] = [
    {},
    { q: 'Zeppelin' },
    { q: 'Walrus' },
    { q: 'Quokka' },
    { q: 'invoice' },
    { assignee: 'unassigned' },
    { assignee: limitedId },
    { assignee: 'me' },
    { teamId: teamA },
    { teamId: teamB },
    { teamId: 'none' },
    { priority: 'low' },
    { customerId: hidden[0].requesterId },
    { requester: 'shared@example.com' },
    { tag: 'walk' },
    { status: 'open,pending,resolved,closed' },
    { view: 'mine' },
    { resource: 'tickets', format: 'json' },
    { resource: 'tickets', format: 'csv' },
    { lastEventId: '0' },
  ];
  return variants.filter((v) => Object.keys(v).every((k) => op.queryParams.includes(k)));
}

describe('an agent limited to one team and one priority', () => {
  it('never sees a ticket of another team, of no team or of another priority through any GET of the API', async () => {
    const walk = await openApiWalk(h);
    const reads = walk.operations.filter((op) => op.method === 'GET' && op.security.includes('session'));
    const candidateIds = [visible.id, ...hidden.map((s) => s.id), visible.requesterId, hidden[0].requesterId];
    const sawVisible = new Set<string>();
    for (const op of reads) {
      const paths = op.pathParams.length ? candidateIds.map((id) => fillPath(op.path, { id })) : [op.path];
      for (const path of paths) {
        for (const query of queryVariants(op)) {
          const url = `${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
          const text = op.answers.includes('text/event-stream')
            ? await readStream(url)
            : await (await h.req('GET', url, limited)).text();
          expect({ url, leaked: leaks(text) }).toEqual({ url, leaked: [] });
          if (text.includes(visible.subject)) sawVisible.add(op.path);
        }
      }
    }
    expect([...sawVisible]).toEqual(
      expect.arrayContaining([
        '/api/v1/tickets',
        '/api/v1/tickets/{id}',
        '/api/v1/customers/{id}/tickets',
        '/api/v1/analytics/export',
        '/api/v1/events',
      ]),
    );
    // Search finds the visible ticket by a word all four share.
    const search = await h.json('GET', '/api/v1/tickets?q=invoice', limited);
    expect(search.body.data.map((x: { id: string }) => x.id)).toEqual([visible.id]);
  });

  it('counts only those tickets in the dashboard, the queue and the team queue', async () => {
    const dash = await h.json('GET', '/api/v1/analytics/dashboard', limited);
    expect(dash.body).toMatchObject({ open: 1, unassigned: 1, byPriority: { high: 1 } });
    const queue = await h.json('GET', '/api/v1/analytics/queue', limited);
    expect(queue.body).toMatchObject({ mine: 0, unassigned: 1, open: 1 });
    const teams = await h.json('GET', '/api/v1/teams/queue', limited);
    expect(teams.body).toEqual({
      data: [
        { teamId: teamA, name: 'Billing', open: 1, unassigned: 1 },
        { teamId: teamB, name: 'Technical', open: 0, unassigned: 0 },
      ],
      none: 0,
    });
    // The owner sees them all.
    expect((await h.json('GET', '/api/v1/teams/queue', t.as)).body).toMatchObject({ none: 1 });
  });

  it('changes nothing outside the scope through any write of the API (bulk and messages included)', async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          hidden.map(async (s) => [
            (await h.json('GET', `/api/v1/tickets/${s.id}`, t.as)).body,
            (await h.json('GET', `/api/v1/tickets/${s.id}/activity`, t.as)).body,
          ]),
        ),
      );
    const before = await snapshot();
    const bulk = await h.json('POST', '/api/v1/tickets/bulk', {
      ...limited,
      body: { ids: [visible.id, hidden[1].id], changes: { status: 'closed' } },
    });
    expect(bulk.status).toBe(404);
    expect((await h.json('GET', `/api/v1/tickets/${visible.id}`, limited)).body.status).toBe('open');

    const walk = await openApiWalk(h);
    const writes = walk.operations.filter(
      (op) =>
        op.method !== 'GET' &&
        op.security.includes('session') &&
        (op.pathParams.includes('id') || walk.bodyProperties(op).includes('ids')),
    );
    expect(writes.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining([
        'PATCH /api/v1/tickets/{id}',
        'POST /api/v1/tickets/bulk',
        'POST /api/v1/tickets/{id}/messages',
      ]),
    );
    for (const op of writes) {
      if (op.path.startsWith('/api/v1/teams') || op.path.startsWith('/api/v1/routing-rules')) continue;
      for (const s of hidden) {
        const body = walk.sampleBody(op, {
          ids: [s.id],
          changes: { status: 'closed', priority: 'high', teamId: teamA },
          status: 'closed',
          priority: 'high',
          teamId: teamA,
          assigneeId: limitedId,
          subject: 'Taken over',
          body: 'Sneaky reply',
        });
        const r = await h.json(op.method, fillPath(op.path, { id: s.id }), { ...limited, body });
        expect({ op: `${op.method} ${op.path}`, refused: r.status >= 400 && r.status < 500 }).toEqual({
          op: `${op.method} ${op.path}`,
          refused: true,
        });
      }
    }
    expect(await snapshot()).toBe(before);
    // Their own ticket they still change.
    const ok = await h.json('PATCH', `/api/v1/tickets/${visible.id}`, { ...limited, body: { status: 'pending' } });
    expect(ok.status).toBe(200);
  });

  it('follows team membership: out of the team, the tickets are gone on the next request', async () => {
    expect((await h.json('GET', `/api/v1/tickets/${visible.id}`, limited)).status).toBe(200);
    await h.json('PATCH', `/api/v1/teams/${teamA}`, { ...t.as, body: { agentIds: [] } });
    expect((await h.json('GET', `/api/v1/tickets/${visible.id}`, limited)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/tickets', limited)).body.data).toEqual([]);
  });
});
