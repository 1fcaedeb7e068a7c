// The weekly summary mail: who gets it, when (Monday 08:00 in the tenant's zone, once), and figures computed by hand
// for a business-hours tenant in Berlin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';
import { sendDueWeeklySummaries, summaryWeek } from './weekly-summary.ts';
import { duration } from './weekly-summary-mail.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
let lina: ReqOpts;
let billing: string;

const day = { open: '09:00', close: '17:00' };
beforeEach(async () => {
  clock = testClock('2026-03-02T07:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup({ tenantName: 'Acme Outdoor' });
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: {
      settings: {
        businessHours: { timezone: 'Europe/Berlin', schedule: { mon: day, tue: day, wed: day, thu: day, fri: day } },
      },
    },
  });
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: { name: 'Billing desk', permissions: ['tickets:read', 'analytics:read'], conditions: { team: true } },
  });
  const agent = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Lina', email: 'lina@example.com', roleId: role.body.id, password: 'lina password 1' },
  });
  billing = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing', agentIds: [agent.body.id] } }))
    .body.id;
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: 'lina@example.com', password: 'lina password 1' },
  });
  lina = { cookie: sessionCookie(login.res) };
});
afterEach(() => h.close());

const at = (iso: string) => clock.set(iso);
const create = async (over: Record<string, unknown> = {}) =>
  (
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Order', message: 'Where is it?', requester: { email: 'r@example.com' }, ...over },
    })
  ).body as { id: string };
const reply = (id: string) => h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'Here' } });
const resolve = (id: string) => h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: 'resolved' } });
const optIn = (as: ReqOpts, on = true) =>
  h.json('PATCH', '/api/v1/me/notifications', { ...as, body: { weeklySummary: on } });
const summaries = () =>
  h.db.all<{ recipient: string; subject: string; payload: string; status: string }>(
    "SELECT recipient, subject, payload, status FROM mail_outbox WHERE kind = 'weekly_summary' ORDER BY recipient",
  );
const textOf = (row: { payload: string }) => (JSON.parse(row.payload) as { text: string }).text;
const line = (text: string, label: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(label))
    ?.slice(label.length)
    .trim()
    .split(/\s{2,}/);

async function seedTwoWeeks() {
  // The week before (from Mon 2 March): one ticket, answered after 1 working hour, solved after 4.
  await at('2026-03-03T08:00:00.000Z'); // Tue 09:00 Berlin
  const old = await create();
  await at('2026-03-03T09:00:00.000Z');
  await reply(old.id);
  await at('2026-03-03T12:00:00.000Z');
  await resolve(old.id);
  // Last week (from Mon 9 March).
  await at('2026-03-09T08:00:00.000Z'); // Mon 09:00
  const a = await create();
  await at('2026-03-09T08:30:00.000Z'); // answered in 30 min …
  await reply(a.id);
  await at('2026-03-09T09:00:00.000Z'); // … solved in 1 h
  await resolve(a.id);
  await at('2026-03-13T15:00:00.000Z'); // Fri 16:00
  const b = await create();
  await at('2026-03-13T15:30:00.000Z'); // answered in 30 min, left open
  await reply(b.id);
  await at('2026-03-14T10:00:00.000Z'); // Saturday: Billing's, unanswered
  await create({ teamId: billing, priority: 'high' });
}

describe('the weekly summary', () => {
  it("goes out once from Monday 08:00 in the tenant's zone, to each agent who asked, with last week beside the week before", async () => {
    expect((await h.json('GET', '/api/v1/me/notifications', t.as)).body.weeklySummary).toBe(false);
    expect((await optIn(t.as)).body.weeklySummary).toBe(true);
    expect((await optIn(lina)).status).toBe(200);
    await seedTwoWeeks();

    await at('2026-03-16T06:59:00.000Z'); // Mon 07:59 Berlin: not yet
    expect(await sendDueWeeklySummaries(h.deps, clock.now())).toBe(0);
    await at('2026-03-16T07:00:00.000Z');
    expect(await sendDueWeeklySummaries(h.deps, clock.now())).toBe(2);
    await at('2026-03-16T07:10:00.000Z'); // the next pass, or another node: nothing twice
    expect(await sendDueWeeklySummaries(h.deps, clock.now())).toBe(0);

    const [linaMail, owner] = await summaries();
    expect(owner.recipient).toBe(t.agent.email.toLowerCase());
    expect(owner.subject).toBe('Acme Outdoor: your week from 2026-03-09');
    const text = textOf(owner);
    expect(text).toContain('The week from Monday 2026-03-09 (Europe/Berlin), beside the week before.');
    expect(line(text, 'Tickets created')).toEqual(['3', '1']);
    expect(line(text, 'Tickets resolved')).toEqual(['1', '1']);
    expect(line(text, 'Median first response (business hours)')).toEqual(['30 min', '1 h']);
    expect(line(text, 'Median resolution (business hours)')).toEqual(['1 h', '4 h']);
    expect(line(text, 'SLA targets met')).toEqual(['–', '–']);
    expect(text).toContain('Open or pending now: 2');
    expect(text).toContain('/inbox/#/reports');

    // Lina's role sees Billing's tickets only: her figures are those of the Saturday ticket.
    expect(linaMail.recipient).toBe('lina@example.com');
    const hers = textOf(linaMail);
    expect(hers).toContain('for the tickets your role lets you see');
    expect(line(hers, 'Tickets created')).toEqual(['1', '0']);
    expect(line(hers, 'Tickets resolved')).toEqual(['0', '0']);
    expect(line(hers, 'Median first response (business hours)')).toEqual(['–', '–']);
    expect(hers).toContain('Open or pending now: 1');
    expect(JSON.parse(linaMail.payload).html).toContain(
      '<td style="padding:6px 10px;border-bottom:1px solid #e4e7eb;text-align:right;font-weight:600">1</td>',
    );
  });

  it('is not sent to an agent who did not ask, turned it off, or whose role no longer reads reports', async () => {
    await optIn(t.as);
    await optIn(t.as, false);
    await optIn(lina);
    const roles = await h.json('GET', '/api/v1/roles', t.as);
    const billingDesk = roles.body.data.find((r: { name: string }) => r.name === 'Billing desk');
    expect(
      (
        await h.json('PATCH', `/api/v1/roles/${billingDesk.id}`, {
          ...t.as,
          body: { permissions: ['tickets:read'] },
        })
      ).status,
    ).toBe(200);
    await at('2026-03-09T07:00:00.000Z');
    expect(await sendDueWeeklySummaries(h.deps, clock.now())).toBe(0);
    expect(await summaries()).toEqual([]);
  });

  it('is refused to a role that may not read reports, and the choice is left unchanged', async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Tickets only', permissions: ['tickets:read', 'tickets:update'] },
    });
    const viewer = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Vic', email: 'vic@example.com', roleId: role.body.id, password: 'vic password 12' },
    });
    expect(viewer.status).toBe(201);
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'vic@example.com', password: 'vic password 12' },
    });
    const vic = { cookie: sessionCookie(login.res) };
    const r = await optIn(vic);
    expect(r.status).toBe(403);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    expect(r.body.detail).toContain('analytics:read');
    expect((await h.json('GET', '/api/v1/me/notifications', vic)).body.weeklySummary).toBe(false);
    expect((await h.json('PATCH', '/api/v1/me/notifications', { ...vic, body: { weeklySummary: 'yes' } })).status).toBe(
      422,
    );
  });
});

describe('the summary week', () => {
  it('is the local Monday-to-Monday week before, 167 hours long across the spring change', () => {
    const w = summaryWeek(new Date('2026-04-01T10:00:00.000Z'), 'Europe/Berlin'); // a Wednesday
    expect(w.weekStart).toBe('2026-03-23');
    expect(w.from.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect((w.to.getTime() - w.from.getTime()) / 3600_000).toBe(167);
    expect(w.due.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(w.previousFrom.toISOString()).toBe('2026-03-15T23:00:00.000Z');
  });

  it('starts on Monday itself at local midnight, east and west of Greenwich', () => {
    expect(summaryWeek(new Date('2026-03-15T23:30:00.000Z'), 'Europe/Berlin').weekStart).toBe('2026-03-09');
    expect(summaryWeek(new Date('2026-03-16T03:00:00.000Z'), 'America/New_York').weekStart).toBe('2026-03-02');
    expect(summaryWeek(new Date('2026-03-16T05:00:00.000Z'), 'America/New_York').weekStart).toBe('2026-03-09');
  });

  it('writes durations as a person reads them', () => {
    expect([null, 95, 5400, 7200, 200_000, 172_800].map(duration)).toEqual([
      '–',
      '2 min',
      '1 h 30 min',
      '2 h',
      '2 d 7 h',
      '2 d',
    ]);
  });
});
