// Filing a spam ticket keeps what was written and does nothing else: no events, SLA, assignment or plan usage.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { getTenant } from '../tenants/queries.ts';
import { createTicket, submitWidgetTicket } from './service.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { slaEnabled: true, autoAssignment: true, maxTickets: 1 } },
  });
  await h.json('PUT', '/api/v1/sla-policies', {
    ...t.as,
    body: { normal: { firstResponseMinutes: 60, resolutionMinutes: 480 } },
  });
});
afterEach(() => h.close());

const n = async (sql: string, args: string[] = []) => (await h.db.get<{ n: number }>(sql, args))!.n;
const events = () => n('SELECT count(*) AS n FROM events WHERE tenant_id = ?', [t.tenant.id]);
const usage = () => n('SELECT coalesce(sum(tickets), 0) AS n FROM usage_ledger WHERE tenant_id = ?', [t.tenant.id]);

describe('spam on ticket creation', () => {
  it('stores spam = 1 with its message, appends no events, sets no SLA or assignee and counts no usage', async () => {
    const tenant = (await getTenant(h.db, t.tenant.id))!;
    const before = await events();
    const { ticket, message } = await createTicket(
      h.db,
      tenant,
      {
        subject: 'Cheap pills',
        message: 'Buy now',
        requester: { email: 'bot@spam.example' },
        channel: 'email',
        spam: true,
      },
      { type: 'customer', id: null, name: null },
      h.deps.now(),
    );
    const row = await h.db.get<Record<string, unknown>>('SELECT * FROM tickets WHERE id = ?', [ticket.id]);
    expect(row).toMatchObject({
      spam: 1,
      assignee_id: null,
      first_response_due_at: null,
      resolution_due_at: null,
      sla_due_at: null,
    });
    expect(await n('SELECT count(*) AS n FROM ticket_messages WHERE id = ?', [message.id])).toBe(1);
    expect(await events()).toBe(before);
    expect(await usage()).toBe(0);

    // The plan allows one ticket a month: spam does not use it up, so a real ticket still gets in (and is counted).
    const real = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Real', message: 'Help', requester: { email: 'kim@example.com' } },
    });
    expect(real.status).toBe(201);
    expect(real.body.assigneeId).toBe(t.agent.id);
    expect(real.body.sla.firstResponseDueAt).not.toBeNull();
    expect(await usage()).toBe(1);
    expect(await events()).toBeGreaterThan(before);

    // At the limit, spam is still kept rather than refused (a spam signal never loses a message).
    const later = await events();
    const again = await createTicket(
      h.db,
      tenant,
      { subject: 'More', message: 'Spam', requester: { email: 'bot2@spam.example' }, channel: 'email', spam: true },
      { type: 'customer', id: null, name: null },
      h.deps.now(),
    );
    expect(again.ticket.id).toBeTruthy();
    expect(await events()).toBe(later);
    expect(await usage()).toBe(1);
  });

  it('a spam widget submission still gives the visitor a token for it, and appends no events', async () => {
    const tenant = (await getTenant(h.db, t.tenant.id))!;
    const before = await events();
    const { ticket, visitor } = await submitWidgetTicket(
      h.deps,
      tenant,
      {
        subject: 'Test',
        message: 'Filled in 20 ms',
        email: 'owner-test@example.com',
        spam: true,
        session: 'abcdefgh12',
      },
      null,
      h.deps.now(),
    );
    expect(await n('SELECT spam AS n FROM tickets WHERE id = ?', [ticket.id])).toBe(1);
    expect(await n('SELECT count(*) AS n FROM visitor_token_tickets WHERE ticket_id = ?', [ticket.id])).toBe(1);
    expect(visitor.token).toMatch(/^hd_vt_/);
    expect(await events()).toBe(before);
  });
});
