// Retention policies: which tickets a policy reaches (table-driven: solved vs open, the age boundary, channels,
// tags), what delete and redact leave (redact keeps the statistics), every store of a ticket covered, the batches
// and the run log, and the API's permissions and refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHarness, sessionCookie, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { INBOUND_ENV } from '../mail/inbound-fixtures.ts';
import { PERSON, scanDatabase, scanDirectory, seedPerson } from './proof-support.ts';
import { sweepRetention } from './retention-service.ts';

let h: Harness;
afterEach(() => h.close());

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-03-02T10:00:00.000Z').getTime();

type Channel = 'widget' | 'api' | 'inbox' | 'email' | 'phone' | 'chat';
interface Seed {
  key: string;
  channel?: Channel;
  tags?: string[];
  status?: 'resolved' | 'closed' | 'open' | 'pending';
  /** How long before "now" the ticket was solved (default 40 days). */
  solvedAgo?: number;
}
interface Case {
  name: string;
  policy: { olderThanDays?: number; channels?: Channel[]; tags?: string[] };
  tickets: Seed[];
  touched: string[];
}

const CASES: Case[] = [
  {
    name: 'only solved tickets: resolved and closed, never open or pending',
    policy: {},
    tickets: [
      { key: 'resolved', status: 'resolved' },
      { key: 'closed', status: 'closed' },
      { key: 'open', status: 'open' },
      { key: 'pending', status: 'pending' },
    ],
    touched: ['resolved', 'closed'],
  },
  {
    name: 'the age boundary: solved exactly N days ago is old enough, a second less is not',
    policy: { olderThanDays: 30 },
    tickets: [
      { key: 'exactly', solvedAgo: 30 * DAY },
      { key: 'a second short', solvedAgo: 30 * DAY - 1000 },
      { key: 'older', solvedAgo: 31 * DAY },
      { key: 'recent', solvedAgo: 2 * DAY },
    ],
    touched: ['exactly', 'older'],
  },
  {
    name: 'a channel filter keeps the other channels',
    policy: { channels: ['email', 'phone'] },
    tickets: [
      { key: 'email', channel: 'email' },
      { key: 'phone', channel: 'phone' },
      { key: 'api', channel: 'api' },
    ],
    touched: ['email', 'phone'],
  },
  {
    name: 'a tag filter takes tickets with any of its tags',
    policy: { tags: ['gdpr', 'trial'] },
    tickets: [
      { key: 'gdpr', tags: ['gdpr'] },
      { key: 'trial and more', tags: ['vip', 'trial'] },
      { key: 'other tag', tags: ['vip'] },
      { key: 'no tags' },
    ],
    touched: ['gdpr', 'trial and more'],
  },
  {
    name: 'channels and tags together must both match',
    policy: { channels: ['email'], tags: ['gdpr'] },
    tickets: [
      { key: 'both', channel: 'email', tags: ['gdpr'] },
      { key: 'channel only', channel: 'email' },
      { key: 'tag only', channel: 'api', tags: ['gdpr'] },
    ],
    touched: ['both'],
  },
];

/** Creates the tickets, solving each at its moment, and leaves the clock at "now". */
async function seedTickets(t: SignedUp, seeds: Seed[]) {
  const clock = h.clock!;
  const as = { token: await t.apiKey() };
  const now = START + 60 * DAY;
  const ids = new Map<string, string>();
  for (const s of seeds) {
    clock.set(new Date(START));
    const made = await h.json('POST', '/api/v1/tickets', {
      ...as,
      body: {
        subject: `Ticket ${s.key}`,
        message: `About ${s.key}`,
        requester: { email: `${s.key.replace(/\W/g, '-')}@example.com` },
        channel: s.channel ?? 'api',
        ...(s.tags ? { tags: s.tags } : {}),
      },
    });
    expect(made.status).toBe(201);
    const status = s.status ?? 'resolved';
    clock.set(new Date(now - (s.solvedAgo ?? 40 * DAY)));
    const patched = await h.json('PATCH', `/api/v1/tickets/${made.body.id}`, { ...as, body: { status } });
    expect(patched.status).toBe(200);
    ids.set(s.key, made.body.id);
  }
  clock.set(new Date(now));
  return { ids, as };
}

const metricRows = async (ticketId: string) =>
  Number(
    (await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_metrics WHERE ticket_id = ?', [ticketId]))!.n,
  );

describe.each(['delete', 'redact'] as const)('a %s policy', (action) => {
  it.each(CASES)('$name', async ({ policy, tickets, touched }) => {
    h = await createHarness({ clock: testClock() });
    const s = await h.signup();
    const { ids, as } = await seedTickets(s, tickets);
    const t = { as };
    const metricsBefore = new Map<string, number>();
    for (const [, id] of ids) metricsBefore.set(id, await metricRows(id));

    const made = await h.json('POST', '/api/v1/privacy/retention-policies', {
      ...t.as,
      body: { name: 'Old tickets', action, olderThanDays: policy.olderThanDays ?? 30, ...policy },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ action, enabled: true, lastRunAt: null });

    // The dry run counts exactly the tickets the sweep then touches, and changes nothing.
    const dry = await h.json('POST', `/api/v1/privacy/retention-policies/${made.body.id}/dry-run`, t.as);
    expect(dry.status).toBe(200);
    expect(dry.body.tickets).toBe(touched.length);
    expect(dry.body.sample.map((x: { id: string }) => x.id).sort()).toEqual(touched.map((k) => ids.get(k)!).sort());
    for (const [, id] of ids) expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).status).toBe(200);

    await sweepRetention(h.deps);
    for (const [key, id] of ids) {
      const got = await h.json('GET', `/api/v1/tickets/${id}`, t.as);
      if (!touched.includes(key)) {
        expect(got.status, key).toBe(200);
        expect(got.body.subject).toBe(`Ticket ${key}`);
        expect(await metricRows(id)).toBe(metricsBefore.get(id));
      } else if (action === 'delete') {
        expect(got.status, key).toBe(404);
        expect(await metricRows(id)).toBe(0);
      } else {
        // Redacted: still counted (status, channel, times, ledger), nothing of what it said.
        expect(got.status, key).toBe(200);
        expect(got.body).toMatchObject({
          subject: '[erased]',
          status: tickets.find((x) => x.key === key)?.status ?? 'resolved',
        });
        expect(got.body.messages.every((m: { body: string }) => m.body === '[erased]')).toBe(true);
        expect(await metricRows(id)).toBe(metricsBefore.get(id));
        expect(metricsBefore.get(id)).toBeGreaterThan(0);
      }
    }

    // The run is logged (a run row with counts, an audit entry) and the policy is not due again the same day.
    const runs = await h.json('GET', '/api/v1/privacy/retention-runs', t.as);
    expect(runs.body.data).toEqual([
      expect.objectContaining({
        policyId: made.body.id,
        action,
        status: 'done',
        counts: expect.objectContaining({ tickets: touched.length }),
      }),
    ]);
    const audited = await h.db.get<{ actor_type: string; details: string }>(
      "SELECT actor_type, details FROM audit_log WHERE action = 'retention.applied'",
    );
    expect(audited!.actor_type).toBe('system');
    expect(JSON.parse(audited!.details)).toMatchObject({
      runId: runs.body.data[0].id,
      counts: { tickets: touched.length },
    });
    await sweepRetention(h.deps);
    expect((await h.json('GET', '/api/v1/privacy/retention-runs', t.as)).body.data).toHaveLength(1);
    const after = await h.json('POST', `/api/v1/privacy/retention-policies/${made.body.id}/dry-run`, t.as);
    expect(after.body.tickets).toBe(0);
  });

  it('reaches every store of its tickets: search index, files, mail log, webhook bodies, idempotency cache', async () => {
    h = await createHarness({ env: INBOUND_ENV, clock: testClock() });
    const owner = await h.signup({ tenantName: 'Retention proof' });
    const seeded = await seedPerson(h, owner);
    const t = { as: { token: await owner.apiKey() } };
    // Every ticket solved, then 100 days pass.
    const all = await h.db.all<{ id: string }>(
      "SELECT id FROM tickets WHERE tenant_id = ? AND status NOT IN ('resolved', 'closed')",
      [owner.tenant.id],
    );
    for (const { id } of all)
      expect((await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: 'resolved' } })).status).toBe(
        200,
      );
    h.clock!.advance(100 * DAY);
    const before = await scanDatabase(h, [PERSON.marker]);
    expect(before.map((x) => x.table)).toEqual(
      expect.arrayContaining([
        'tickets_fts_content',
        'webhook_deliveries',
        'idempotency_keys',
        'mail_outbox',
        'attachments',
      ]),
    );
    const storage = join(h.dir, 'files');
    expect(scanDirectory(storage, [PERSON.marker]).length).toBeGreaterThan(0);

    const made = await h.json('POST', '/api/v1/privacy/retention-policies', {
      ...t.as,
      body: { name: 'Everything after 90 days', action, olderThanDays: 90 },
    });
    await sweepRetention(h.deps);
    expect(await scanDatabase(h, [PERSON.marker])).toEqual([]);
    expect(scanDirectory(storage, [PERSON.marker])).toEqual([]);
    const runs = await h.json('GET', '/api/v1/privacy/retention-runs', t.as);
    expect(runs.body.data[0]).toMatchObject({ policyId: made.body.id, status: 'done' });
    expect(runs.body.data[0].counts.tickets).toBe(5);
    const other = await h.json('GET', `/api/v1/tickets/${seeded.otherTicketId}`, t.as);
    expect(other.status).toBe(action === 'delete' ? 404 : 200);
  });
});

it('applies a policy in bounded batches: a run that hits its limit is partial and the next pass goes on', async () => {
  h = await createHarness({ clock: testClock() });
  const { as } = await seedTickets(
    await h.signup(),
    Array.from({ length: 7 }, (_, i) => ({ key: `t${i}` })),
  );
  const t = { as };
  await h.json('POST', '/api/v1/privacy/retention-policies', {
    ...t.as,
    body: { name: 'Old', action: 'delete', olderThanDays: 30 },
  });
  expect(await sweepRetention(h.deps, { batch: 3, maxBatches: 2 })).toBe(1);
  let runs = (await h.json('GET', '/api/v1/privacy/retention-runs', t.as)).body.data;
  expect(runs[0]).toMatchObject({ status: 'partial', counts: expect.objectContaining({ tickets: 6 }) });
  expect(await sweepRetention(h.deps, { batch: 3, maxBatches: 2 })).toBe(0);
  runs = (await h.json('GET', '/api/v1/privacy/retention-runs', t.as)).body.data;
  expect(runs[0]).toMatchObject({ status: 'done', counts: expect.objectContaining({ tickets: 1 }) });
  expect((await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM tickets'))!.n).toBe(0);
});

it('needs privacy:read to see and privacy:delete to change; bad input, other tenants and too many policies are refused', async () => {
  h = await createHarness();
  const t = await h.signup();
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: { name: 'Privacy reader', permissions: ['privacy:read'] },
  });
  expect(role.status).toBe(201);
  await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Reader', email: 'reader@example.com', roleId: role.body.id, password: 'reader password 1' },
  });
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: 'reader@example.com', password: 'reader password 1' },
  });
  const reader = { cookie: sessionCookie(login.res) };
  const body = { name: 'Email after a year', action: 'redact', olderThanDays: 365, channels: ['email'] };
  expect((await h.json('POST', '/api/v1/privacy/retention-policies', { ...reader, body })).status).toBe(403);
  const made = await h.json('POST', '/api/v1/privacy/retention-policies', { ...t.as, body });
  expect(made.status).toBe(201);
  const path = `/api/v1/privacy/retention-policies/${made.body.id}`;
  expect((await h.json('GET', path, reader)).status).toBe(200);
  expect((await h.json('POST', `${path}/dry-run`, reader)).status).toBe(200);
  expect((await h.json('PATCH', path, { ...reader, body: { enabled: false } })).status).toBe(403);
  expect((await h.json('DELETE', path, reader)).status).toBe(403);

  for (const bad of [
    { ...body, olderThanDays: 0 },
    { ...body, olderThanDays: 1.5 },
    { ...body, action: 'shred' },
    { ...body, channels: ['fax'] },
    { ...body, tags: ['two words'] },
    { ...body, name: '' },
    { ...body, extra: 1 },
  ])
    expect((await h.json('POST', '/api/v1/privacy/retention-policies', { ...t.as, body: bad })).status).toBe(422);
  expect((await h.json('PATCH', path, { ...t.as, body: { olderThanDays: -1 } })).status).toBe(422);
  expect((await h.json('GET', path, t.as)).body).toMatchObject({ olderThanDays: 365, enabled: true });

  const other = await h.signup();
  for (const [method, p] of [
    ['GET', path],
    ['PATCH', path],
    ['DELETE', path],
    ['POST', `${path}/dry-run`],
  ] as const)
    expect(
      (await h.json(method, p, { ...other.as, ...(method === 'PATCH' ? { body: { enabled: false } } : {}) })).status,
    ).toBe(404);

  const changed = await h.json('PATCH', path, { ...t.as, body: { enabled: false, tags: ['gdpr', 'gdpr'] } });
  expect(changed.body).toMatchObject({ enabled: false, tags: ['gdpr'], channels: ['email'] });
  for (let i = 1; i < 20; i++)
    expect((await h.json('POST', '/api/v1/privacy/retention-policies', { ...t.as, body })).status).toBe(201);
  expect((await h.json('POST', '/api/v1/privacy/retention-policies', { ...t.as, body })).status).toBe(409);
  expect((await h.json('DELETE', path, t.as)).status).toBe(204);
  expect((await h.json('GET', path, t.as)).status).toBe(404);
  const actions = await h.db.all<{ action: string }>(
    "SELECT DISTINCT action FROM audit_log WHERE action LIKE 'retention_policy.%' ORDER BY action",
  );
  expect(actions.map((a) => a.action)).toEqual([
    'retention_policy.created',
    'retention_policy.deleted',
    'retention_policy.updated',
  ]);
});
