// Snooze: a ticket leaves the open views until its time passes (the worker, on the test clock) or the customer
// replies; waking sends ticket.woken and mails the assignee; scope and bad input as everywhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import { wakeDueSnoozes } from './service.ts';
import { fanOutMail } from '../mail/outbound-fanout.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;

beforeEach(async () => {
  clock = testClock();
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(async () => {
  await h.close();
});

async function widgetTicket() {
  const r = await h.json('POST', '/api/v1/widget/tickets', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: { subject: 'Kettle whistles off-key', message: 'It plays a B flat.', email: 'ria@example.com', name: 'Ria' },
  });
  expect(r.status).toBe(201);
  const id = r.body.ticket.id as string;
  expect((await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { assigneeId: t.agent.id } })).status).toBe(
    200,
  );
  return { id, token: r.body.visitorToken as string };
}

const ids = async (query: string) =>
  ((await h.json('GET', `/api/v1/tickets?${query}`, t.as)).body.data as { id: string }[]).map((x) => x.id);
const counts = async () => (await h.json('GET', '/api/v1/analytics/queue', t.as)).body;
const woken = async () =>
  (await h.db.all<{ data: string }>("SELECT data FROM events WHERE type = 'ticket.woken' ORDER BY seq")).map((e) =>
    JSON.parse(e.data),
  );
const inHour = () => new Date(clock.now().getTime() + 3600_000).toISOString();

describe('snooze', () => {
  it('takes the ticket out of the open views into Snoozed until its time passes, then wakes it', async () => {
    const { id } = await widgetTicket();
    const until = inHour();
    const r = await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...t.as, body: { until } });
    expect(r.status).toBe(200);
    expect(r.body.snooze).toEqual({ until, untilReply: false });
    expect(await ids('view=open')).not.toContain(id);
    expect(await ids('view=mine')).not.toContain(id);
    expect(await ids('view=snoozed')).toEqual([id]);
    expect(await ids('snoozed=true')).toEqual([id]);
    expect(await ids('snoozed=false')).not.toContain(id);
    expect(await counts()).toMatchObject({ open: 0, mine: 0, snoozed: 1 });

    // Not yet: the worker leaves it asleep.
    clock.advance(3599_000);
    expect(await wakeDueSnoozes(h.db, clock.now())).toBe(0);
    clock.advance(1_000);
    expect(await wakeDueSnoozes(h.db, clock.now())).toBe(1);
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.snooze).toBeNull();
    expect(await ids('view=open')).toContain(id);
    expect(await counts()).toMatchObject({ open: 1, snoozed: 0 });
    const [e] = await woken();
    expect(e).toMatchObject({ ticketId: id, reason: 'time', wokenBy: null, ticket: { id, snooze: null } });

    // The assignee is told by mail (the agent notification path).
    await fanOutMail(h.deps);
    const mails = await h.db.all<{ kind: string; recipient: string }>(
      "SELECT kind, recipient FROM mail_outbox WHERE kind = 'agent_ticket_woken'",
    );
    expect(mails).toEqual([{ kind: 'agent_ticket_woken', recipient: t.agent.email }]);
  });

  it('wakes when the customer replies (until-reply, and a timed snooze too) and sends ticket.woken', async () => {
    const { id, token } = await widgetTicket();
    const r = await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...t.as, body: { untilReply: true } });
    expect(r.body.snooze).toEqual({ until: null, untilReply: true });
    clock.advance(3 * 24 * 3600_000);
    expect(await wakeDueSnoozes(h.db, clock.now())).toBe(0);
    // An agent's own note does not wake it.
    await h.json('POST', `/api/v1/tickets/${id}/messages`, {
      ...t.as,
      body: { body: 'Waiting on Ria', internal: true },
    });
    expect(await ids('view=snoozed')).toEqual([id]);
    const reply = await h.json('POST', `/api/v1/widget/tickets/${id}/messages`, {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      token,
      body: { body: 'Here is the recording.' },
    });
    expect(reply.status).toBe(201);
    expect(await ids('view=snoozed')).toEqual([]);
    expect(await ids('view=open')).toContain(id);
    expect((await woken()).map((e) => e.reason)).toEqual(['reply']);

    await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...t.as, body: { until: inHour() } });
    await h.json('POST', `/api/v1/widget/tickets/${id}/messages`, {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      token,
      body: { body: 'And one more thing.' },
    });
    expect((await woken()).map((e) => e.reason)).toEqual(['reply', 'reply']);
  });

  it('wakes now on DELETE (no mail to the agent who woke it), and through PATCH snoozedUntil', async () => {
    const { id } = await widgetTicket();
    await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { snoozedUntil: inHour() } });
    expect(await ids('view=snoozed')).toEqual([id]);
    const r = await h.json('DELETE', `/api/v1/tickets/${id}/snooze`, t.as);
    expect(r.status).toBe(200);
    expect(r.body.snooze).toBeNull();
    expect(await woken()).toMatchObject([{ reason: 'manual', wokenBy: t.agent.id }]);
    // Waking an awake ticket changes nothing.
    expect((await h.json('DELETE', `/api/v1/tickets/${id}/snooze`, t.as)).status).toBe(200);
    expect(await woken()).toHaveLength(1);
    await fanOutMail(h.deps);
    expect(await h.db.all("SELECT 1 FROM mail_outbox WHERE kind = 'agent_ticket_woken'")).toEqual([]);
    // Resolving ends a snooze; a resolved ticket cannot be snoozed.
    await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...t.as, body: { untilReply: true } });
    const done = await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: 'resolved' } });
    expect(done.body.snooze).toBeNull();
    expect((await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...t.as, body: { untilReply: true } })).status).toBe(
      409,
    );
  });

  it('refuses bad input with 422 and changes nothing', async () => {
    const { id } = await widgetTicket();
    const past = new Date(clock.now().getTime() - 1000).toISOString();
    const far = new Date(clock.now().getTime() + 400 * 24 * 3600_000).toISOString();
    for (const body of [
      { until: past },
      { until: far },
      { until: 'tomorrow-ish' },
      {},
      { until: inHour(), untilReply: true },
      { untilReply: false },
      { until: 42 },
    ]) {
      const r = await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...t.as, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.res.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.errors.length).toBeGreaterThan(0);
    }
    expect((await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { snoozedUntil: past } })).status).toBe(
      422,
    );
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.snooze).toBeNull();
  });

  it('answers 404 for a ticket out of the caller’s scope or of another tenant', async () => {
    const { id } = await widgetTicket();
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Own only', permissions: ALL_PERMISSIONS, ownTicketsOnly: true },
    });
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Mina', email: 'mina@example.com', roleId: role.body.id, password: 'mina password 1' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'mina@example.com', password: 'mina password 1' },
    });
    const mina = { cookie: sessionCookie(login.res) };
    const other = await h.signup({ tenantName: 'Other', email: 'other@example.com' });
    for (const as of [mina, other.as]) {
      expect((await h.json('POST', `/api/v1/tickets/${id}/snooze`, { ...as, body: { untilReply: true } })).status).toBe(
        404,
      );
      expect((await h.json('DELETE', `/api/v1/tickets/${id}/snooze`, as)).status).toBe(404);
    }
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.snooze).toBeNull();
  });
});
