// The ticket reads take each row as one JSON array: every field must come back as the columns themselves say.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { SATISFACTION_SQL } from '../csat/queries.ts';
import { EVERY_TICKET } from './scope.ts';
import { buildListQuery, getTicketRow, getTicketRows, listTicketRows, toTicket, type TicketRow } from './queries.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('ticket rows', () => {
  it('read every field as the columns hold it: text with quotes and emoji, nulls, numbers, JSON, a rating', async () => {
    const { tenant, agent } = await h.signup();
    await h.db.run(
      `INSERT INTO customers (id, tenant_id, email, name, created_at, updated_at) VALUES
       ('cus_1', ?, 'Ann.O@example.org', 'Ann "Quoted" O’Neil 🎪', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
       ('cus_2', ?, 'nobody@example.org', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      [tenant.id, tenant.id],
    );
    const cols = `id, tenant_id, number, subject, status, priority, priority_rank, channel, requester_id, assignee_id,
      tags, custom_fields, first_response_at, resolved_at, closed_at, first_response_due_at, resolution_due_at,
      sla_due_at, created_at, updated_at, spam, follow_up_of, team_id, merged_into, snoozed, snoozed_until`;
    await h.db.run(
      `INSERT INTO tickets (${cols}) VALUES
       ('tkt_full', ?, 7, 'Line one\nline "two" \\ back\tslash ✓', 'resolved', 'urgent', 4, 'email', 'cus_1', ?,
        '["vip","billing"]', '{"order":"A-1","n":3.25,"ok":true}', '2026-02-01T10:00:00.000Z', '2026-02-02T10:00:00.000Z',
        NULL, '2026-02-01T09:00:00.000Z', '2026-02-03T09:00:00.000Z', NULL, '2026-02-01T08:00:00.000Z',
        '2026-02-02T10:00:00.000Z', 0, 'tkt_prev', NULL, 'tkt_into', 1, '2026-03-01T00:00:00.000Z'),
       ('tkt_bare', ?, 8, '', 'open', 'low', 1, 'widget', 'cus_2', NULL, '[]', '{}', NULL, NULL, NULL, NULL, NULL,
        NULL, '2026-02-05T08:00:00.000Z', '2026-02-05T08:00:00.000Z', 0, NULL, NULL, NULL, 0, NULL)`,
      [tenant.id, agent.id, tenant.id],
    );
    await h.db.run(
      `INSERT INTO csat_surveys (id, tenant_id, ticket_id, resolved_at, rating, comment, rated_at, created_at)
       VALUES ('csat_1', ?, 'tkt_full', '2026-02-02T10:00:00.000Z', 'good', 'Quick — "thanks"', '2026-02-02T11:00:00.000Z', '2026-02-02T10:00:00.000Z')`,
      [tenant.id],
    );
    // what the columns themselves give, read the plain way
    const plain = await h.db.all<TicketRow>(
      `SELECT t.*, c.email AS requester_email, c.name AS requester_name, ${SATISFACTION_SQL}
       FROM tickets t JOIN customers c ON c.id = t.requester_id WHERE t.tenant_id = ? ORDER BY t.number`,
      [tenant.id],
    );
    const now = new Date('2026-02-10T00:00:00Z');
    const expected = plain.map((r) => toTicket(r, now));
    expect(expected[0]!.satisfaction).toEqual({
      rating: 'good',
      comment: 'Quick — "thanks"',
      ratedAt: '2026-02-02T11:00:00.000Z',
    });

    const one = await getTicketRow(h.db, tenant.id, 'tkt_full', EVERY_TICKET);
    expect(toTicket(one!, now)).toEqual(expected[0]);
    const both = await getTicketRows(h.db, tenant.id, ['tkt_bare', 'tkt_full']);
    expect(both.map((r) => toTicket(r, now)).sort((a, b) => a.number - b.number)).toEqual(expected);
    const listed = await listTicketRows(
      h.db,
      buildListQuery(tenant.id, { scope: EVERY_TICKET }, 'created', 'asc', null, 10),
    );
    expect(listed.map((r) => toTicket(r, now))).toEqual(expected);
    // the fields beyond the DTO (sort keys) too
    expect(listed.map((r) => [r.priority_rank, r.tenant_id, r.sla_due_at])).toEqual(
      plain.map((r) => [r.priority_rank, r.tenant_id, r.sla_due_at]),
    );
  });
});
