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
let mine: ReqOpts;
let mineId: string;
let otherId: string;
interface Seeded {
  id: string;
  number: number;
  subject: string;
  note: string;
  requesterId: string;
}
let own: Seeded;
let hidden: Seeded[];

async function ticket(subject: string, email: string, assigneeId: string | null): Promise<Seeded> {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject, message: `${subject} first message`, requester: { email }, assigneeId },
  });
  expect(r.status).toBe(201);
  const note = `${subject.split(' ')[0]}-internal-note`;
  await h.json('POST', `/api/v1/tickets/${r.body.id}/messages`, { ...t.as, body: { body: note, internal: true } });
  await h.json('PATCH', `/api/v1/tickets/${r.body.id}`, { ...t.as, body: { priority: 'high', tags: ['walk'] } });
  return { id: r.body.id, number: r.body.number, subject, note, requesterId: r.body.requester.id };
}

beforeEach(async () => {
  h = await createHarness({ clock: testClock() });
  t = await h.signup();
  // An agent who holds every permission, limited to the tickets assigned to them.
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: { name: 'Own only', permissions: ALL_PERMISSIONS, ownTicketsOnly: true },
  });
  mineId = (
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Mina', email: 'mina@example.com', roleId: role.body.id, password: 'mina password 1' },
    })
  ).body.id;
  otherId = (
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Otto', email: 'otto@example.com', password: 'otto password 1' },
    })
  ).body.id;
  mine = {
    cookie: sessionCookie(
      (await h.json('POST', '/api/v1/auth/login', { body: { email: 'mina@example.com', password: 'mina password 1' } }))
        .res,
    ),
  };
  own = await ticket('Marmalade jar cracked', 'shared@example.com', mineId);
  hidden = [
    await ticket('Zeppelin never arrived', 'zora@example.com', null),
    await ticket('Walrus costume torn', 'shared@example.com', otherId),
  ];
});
afterEach(() => h.close());

/** What of a hidden ticket an answer gives away: its id, subject, number or an internal note. */
function leaks(text: string): string[] {
  return hidden.flatMap((s) =>
    [s.id, s.subject, s.note]
      .filter((x) => text.includes(x))
      .concat(new RegExp(`"number":\\s*${s.number}\\b`).test(text) ? [`number ${s.number}`] : []),
  );
}

/** Reads a live stream from its first event until a ticket event this agent may see proves it has caught up. */
async function readStream(path: string): Promise<string> {
  const res = await h.req('GET', path, mine);
  if (res.status !== 200) return res.text();
  const s = sseReader(res);
  const marker = `caught-up-${Math.random().toString(36).slice(2)}`;
  await h.json('POST', `/api/v1/tickets/${own.id}/messages`, { ...t.as, body: { body: marker, internal: true } });
  await s.next((e) => e.data.includes(marker));
  await s.close();
  return s.raw;
}

/** Query variants aimed at hidden tickets; each is used on the operations that take all its parameters. */
function queryVariants(op: Operation): Record<string, string>[] {
  const variants: Record<string, string>[] = [
    {},
    { q: 'Zeppelin' },
    { q: 'Walrus' },
    { assignee: 'unassigned' },
    { assignee: otherId },
    { customerId: hidden[0].requesterId },
    { requester: 'shared@example.com' },
    { tag: 'walk' },
    { status: 'open,pending,resolved,closed' },
    { resource: 'tickets', format: 'json' },
    { resource: 'tickets', format: 'csv' },
    { lastEventId: '0' },
  ];
  return variants.filter((v) => Object.keys(v).every((k) => op.queryParams.includes(k)));
}

describe('an agent limited to own tickets', () => {
  it("never sees an unassigned or someone else's ticket through any GET operation of the API", async () => {
    const walk = await openApiWalk(h);
    const reads = walk.operations.filter((op) => op.method === 'GET' && op.security.includes('session'));
    const candidateIds = [own.id, ...hidden.map((s) => s.id), own.requesterId, hidden[0].requesterId];
    const sawOwn = new Set<string>();
    const answered = new Set<string>();
    for (const op of reads) {
      const paths = op.pathParams.length ? candidateIds.map((id) => fillPath(op.path, { id })) : [op.path];
      for (const path of paths) {
        for (const query of queryVariants(op)) {
          const url = `${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
          const text = op.answers.includes('text/event-stream')
            ? await readStream(url)
            : await (await h.req('GET', url, mine)).text();
          expect({ url, leaked: leaks(text) }).toEqual({ url, leaked: [] });
          if (text.includes(own.subject)) sawOwn.add(op.path);
          answered.add(op.path);
        }
      }
    }
    expect(answered.size).toBe(reads.length);
    // The walk reached the ticket-reading paths and they still show the agent's own ticket.
    expect([...sawOwn]).toEqual(
      expect.arrayContaining([
        '/api/v1/tickets',
        '/api/v1/tickets/{id}',
        '/api/v1/customers/{id}/tickets',
        '/api/v1/analytics/export',
        '/api/v1/events',
      ]),
    );
  });

  it('counts only their own tickets in the dashboard, reports and queue', async () => {
    const dash = await h.json('GET', '/api/v1/analytics/dashboard', mine);
    expect(dash.body).toMatchObject({ open: 1, unassigned: 0, createdToday: 1, byPriority: { high: 1 } });
    const queue = await h.json('GET', '/api/v1/analytics/queue', mine);
    expect(queue.body).toEqual({ mine: 1, unassigned: 0, open: 1, pending: 0, resolved: 0, spam: 0, snoozed: 0 });
    const reports = await h.json('GET', '/api/v1/analytics/reports?days=1', mine);
    expect(reports.body.days[0].created).toBe(1);
  });

  it('changes nothing on a ticket outside their scope, through any write of the API (bulk included)', async () => {
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
      ...mine,
      body: { ids: [own.id, hidden[1].id], changes: { status: 'closed' } },
    });
    expect(bulk.status).toBe(404);
    expect(bulk.res.headers.get('content-type')).toBe('application/problem+json');
    // all or nothing: the agent's own ticket in the same request is untouched too
    expect((await h.json('GET', `/api/v1/tickets/${own.id}`, mine)).body.status).toBe('open');

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
      for (const s of hidden) {
        const body = walk.sampleBody(op, {
          ids: [s.id],
          changes: { status: 'closed' },
          status: 'closed',
          assigneeId: mineId,
          subject: 'Taken over',
          body: 'Sneaky reply',
        });
        const r = await h.json(op.method, fillPath(op.path, { id: s.id }), { ...mine, body });
        expect({ op: `${op.method} ${op.path}`, refused: r.status >= 400 && r.status < 500 }).toEqual({
          op: `${op.method} ${op.path}`,
          refused: true,
        });
      }
    }
    expect(await snapshot()).toBe(before);
  });
});
