// The agent table's `handled` (distinct tickets an agent replied to or resolved in the period): hand-counted over
// pairs inside, before, after and straddling the period, and read without filters (whole days from
// agent_touch_days, 0064) the same as through the tickets (any ticket filter).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { EVERY_TICKET } from '../tickets/scope.ts';
import { deleteTicketRows } from '../tickets/queries.ts';
import { loadMigrations, splitStatements } from '../db/migrate.ts';
import { agentTable } from './breakdown-queries.ts';
import { replaceTicketMetrics } from './ledger-queries.ts';
import { rebuildRollups } from './rollup-service.ts';
import type { MetricsFilter } from './metrics-queries.ts';

let h: Harness;
let t: SignedUp;
const B = 'agt_handled_second';
beforeEach(async () => {
  h = await createHarness({ clock: testClock('2026-03-01T00:00:00.000Z') });
  t = await h.signup();
  await h.db.run(
    `INSERT INTO agents (id, tenant_id, email, name, role_id, status, created_at, updated_at)
     SELECT ?, tenant_id, 'second@example.com', 'Zed', role_id, 'active', created_at, updated_at FROM agents WHERE id = ?`,
    [B, t.agent.id],
  );
});
afterEach(() => h.close());

/** Creates a ticket whose ledger is exactly these replies: [agent, at] (A is the signed-up agent). */
const ticket = async (...touches: ['A' | 'B', string][]) => {
  const res = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Order', message: 'Where is it?', requester: { email: 'r@example.com' } },
  });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await h.db.tx((tx) =>
    replaceTicketMetrics(
      tx,
      t.tenant.id,
      id,
      touches
        .sort((x, y) => (x[1] < y[1] ? -1 : 1))
        .map(([who, at], i) => ({
          kind: i === touches.length - 1 ? 'resolution' : 'next_response',
          at,
          calendarSeconds: 60,
          businessSeconds: 60,
          agentId: who === 'A' ? t.agent.id : B,
          automated: false,
          met: null,
        })),
    ),
  );
  return id;
};

/** handled per agent as { A, B }, without filters (the day table) and through the tickets (a channel all have). */
const of = async (f: MetricsFilter) => {
  const rows = await agentTable(h.db, t.tenant.id, f, EVERY_TICKET);
  const n = (id: string) => rows.find((r) => r.agentId === id)?.handled ?? 0;
  return { A: n(t.agent.id), B: n(B) };
};
const handled = async (from: string, to: string, extra: Partial<MetricsFilter> = {}) => {
  const fast = await of({ from, to, ...extra });
  const channels = await h.db.all<{ channel: string }>('SELECT DISTINCT channel FROM tickets WHERE tenant_id = ?', [
    t.tenant.id,
  ]);
  expect(channels).toHaveLength(1);
  expect(await of({ from, to, ...extra, channel: channels[0]!.channel as never })).toEqual(fast);
  return fast;
};

const days = () =>
  h.db.all('SELECT day, agent_id, firsts, lasts FROM agent_touch_days WHERE firsts OR lasts ORDER BY 1, 2');
const recount = () =>
  h.db.all(
    `SELECT day, agent_id, sum(f) AS firsts, sum(l) AS lasts FROM (
       SELECT substr(first_at, 1, 10) AS day, agent_id, 1 AS f, 0 AS l FROM ticket_agent_touches
       UNION ALL SELECT substr(last_at, 1, 10), agent_id, 0, 1 FROM ticket_agent_touches)
     GROUP BY day, agent_id ORDER BY 1, 2`,
  );

const seed = async () => ({
  inside: await ticket(['A', '2026-03-12T10:00:00.000Z'], ['A', '2026-03-15T10:00:00.000Z']),
  before: await ticket(['A', '2026-03-05T10:00:00.000Z'], ['A', '2026-03-11T10:00:00.000Z']),
  after: await ticket(['A', '2026-03-18T10:00:00.000Z'], ['A', '2026-03-25T10:00:00.000Z']),
  straddleTouched: await ticket(
    ['A', '2026-03-01T10:00:00.000Z'],
    ['A', '2026-03-15T10:00:00.000Z'],
    ['A', '2026-03-30T10:00:00.000Z'],
  ),
  straddleUntouched: await ticket(['A', '2026-03-01T10:00:00.000Z'], ['A', '2026-03-30T10:00:00.000Z']),
  wholeBefore: await ticket(['A', '2026-03-01T10:00:00.000Z'], ['A', '2026-03-05T10:00:00.000Z']),
  wholeAfter: await ticket(['A', '2026-03-25T10:00:00.000Z']),
  reassigned: await ticket(['A', '2026-03-12T10:00:00.000Z'], ['B', '2026-03-14T10:00:00.000Z']),
  // `to` is exclusive, `from` inclusive.
  edges: await ticket(['B', '2026-03-09T23:59:59.999Z'], ['B', '2026-03-20T00:00:00.000Z']),
  atFrom: await ticket(['B', '2026-03-10T00:00:00.000Z']),
  // For [03-12 06:00, 03-15 12:00): last touch on the first day before `from`, first touch on the last day after `to`.
  lastEarlyOnFromDay: await ticket(['A', '2026-03-08T10:00:00.000Z'], ['A', '2026-03-12T05:00:00.000Z']),
  firstLateOnToDay: await ticket(['A', '2026-03-15T13:00:00.000Z'], ['A', '2026-03-16T10:00:00.000Z']),
  beforeToOnToDay: await ticket(['B', '2026-03-15T11:00:00.000Z']),
  straddleEdgeDays: await ticket(['B', '2026-03-12T05:00:00.000Z'], ['B', '2026-03-15T13:00:00.000Z']),
  straddleEdgeDaysTouched: await ticket(
    ['B', '2026-03-12T05:00:00.000Z'],
    ['B', '2026-03-13T10:00:00.000Z'],
    ['B', '2026-03-15T13:00:00.000Z'],
  ),
});

describe('tickets handled per agent', () => {
  it('counts the pairs touched in the period, whole days or not, and the same through the tickets', async () => {
    await seed();
    // A: inside, before, after, straddleTouched, reassigned, lastEarlyOnFromDay, firstLateOnToDay.
    // B: reassigned, atFrom, beforeToOnToDay, straddleEdgeDays, straddleEdgeDaysTouched.
    expect(await handled('2026-03-10', '2026-03-20')).toEqual({ A: 7, B: 5 });
    expect(await handled('2026-03-10', '2026-03-20', { agentId: B })).toEqual({ A: 0, B: 5 });
    // A: inside, straddleTouched, reassigned. B: reassigned, beforeToOnToDay, straddleEdgeDaysTouched.
    expect(await handled('2026-03-12T06:00:00.000Z', '2026-03-15T12:00:00.000Z')).toEqual({ A: 3, B: 3 });
    expect(await handled('2026-03-12T06:00:00.000Z', '2026-03-15T12:00:00.000Z', { agentId: t.agent.id })).toEqual({
      A: 3,
      B: 0,
    });
    // Within one day: beforeToOnToDay only.
    expect(await handled('2026-03-15T10:30:00.000Z', '2026-03-15T12:00:00.000Z')).toEqual({ A: 0, B: 1 });
    // A's inside, straddleTouched and B's beforeToOnToDay at 10:00 and 11:00.
    expect(await handled('2026-03-15T10:00:00.000Z', '2026-03-15T11:00:00.001Z')).toEqual({ A: 2, B: 1 });
    // Everything; nothing.
    expect(await handled('2026-02-01', '2026-05-01')).toEqual({ A: 10, B: 6 });
    expect(await handled('2026-04-01', '2026-05-01')).toEqual({ A: 0, B: 0 });
    // Only the straddlers: touched before 03-20 00:00 and from it on, A's straddleTouched has no touch at 03-20.
    expect(await handled('2026-03-20', '2026-03-20T00:00:00.001Z')).toEqual({ A: 0, B: 1 });
    expect(await handled('2026-03-19T23:59:59.999Z', '2026-03-20T00:00:00.000Z')).toEqual({ A: 0, B: 0 });
    expect(await days()).toEqual(await recount());
    // A disabled agent is listed only with work in the period: B's touches around it (edges) are none.
    await h.db.run("UPDATE agents SET status = 'disabled' WHERE id = ?", [B]);
    const { channel: every } = (await h.db.get<{ channel: string }>('SELECT channel FROM tickets LIMIT 1'))!;
    for (const channel of [undefined, every as never]) {
      const f = { from: '2026-03-10T00:00:00.001Z', to: '2026-03-10T12:00:00.000Z', channel };
      expect((await agentTable(h.db, t.tenant.id, f, EVERY_TICKET)).map((r) => r.agentId)).toEqual([t.agent.id]);
    }
    expect((await of({ from: '2026-03-10', to: '2026-03-10T12:00:00.000Z' })).B).toBe(1);
  });

  it('reads the straddling pairs from either side, whichever has fewer', async () => {
    await seed();
    // 300 pairs after the period (another agent's, on tickets the join does not find): more end after it than start
    // before it, so its straddlers are read through first_at.
    for (let i = 0; i < 300; i++)
      await h.db.run(
        "INSERT INTO ticket_agent_touches (tenant_id, ticket_id, agent_id, first_at, last_at) VALUES (?, ?, 'agt_ghost', '2026-04-10T00:00:00.000Z', '2026-04-11T00:00:00.000Z')",
        [t.tenant.id, `tkt_ghost_${i}`],
      );
    // A: before, wholeBefore; straddleTouched and straddleUntouched have no touch inside.
    expect(await handled('2026-03-02', '2026-03-06')).toEqual({ A: 2, B: 0 });
    expect(await handled('2026-03-02T12:00:00.000Z', '2026-03-05T10:00:00.000Z')).toEqual({ A: 0, B: 0 });
    // Both have a touch at 03-05 10:00.
    expect(await handled('2026-03-02T12:00:00.000Z', '2026-03-05T10:00:00.001Z')).toEqual({ A: 2, B: 0 });
    expect(await handled('2026-03-10', '2026-03-20')).toEqual({ A: 7, B: 5 });
  });

  it('follows the touches when a ledger is rewritten, a ticket erased or a pair moved', async () => {
    const s = await seed();
    const P = ['2026-03-10', '2026-03-20'] as const;
    expect(await handled(...P)).toEqual({ A: 7, B: 5 });
    await h.db.tx((tx) => deleteTicketRows(tx, t.tenant.id, s.inside, '2026-03-21T00:00:00.000Z'));
    await h.db.tx((tx) => deleteTicketRows(tx, t.tenant.id, s.reassigned, '2026-03-21T00:00:00.000Z'));
    expect(await handled(...P)).toEqual({ A: 5, B: 4 });
    // Reassigned: the straddler's only touch inside is now B's (A keeps the touches outside).
    await h.db.tx((tx) =>
      replaceTicketMetrics(tx, t.tenant.id, s.straddleTouched, [
        ...(['2026-03-01T10:00:00.000Z', '2026-03-30T10:00:00.000Z'] as const).map((at) => ({
          kind: 'next_response' as const,
          at,
          calendarSeconds: 60,
          businessSeconds: 60,
          agentId: t.agent.id,
          automated: false,
          met: null,
        })),
        {
          kind: 'resolution',
          at: '2026-03-15T10:00:00.000Z',
          calendarSeconds: 60,
          businessSeconds: 60,
          agentId: B,
          automated: false,
          met: null,
        },
      ]),
    );
    expect(await handled(...P)).toEqual({ A: 4, B: 5 });
    // An UPDATE of a pair moves its days: wholeAfter's touch moved into the period.
    await h.db.run("UPDATE ticket_agent_touches SET first_at = '2026-03-14T00:00:00.000Z' WHERE ticket_id = ?", [
      s.wholeAfter,
    ]);
    expect(await handled('2026-03-14', '2026-03-15')).toEqual({ A: 1, B: 0 });
    expect(await days()).toEqual(await recount());
  });

  it('recounts the day table in rebuildRollups and fills it in the migration', async () => {
    const s = await seed();
    const P = ['2026-03-12T06:00:00.000Z', '2026-03-15T12:00:00.000Z'] as const;
    const before = await handled(...P);
    const kept = await days();
    await h.db.run('UPDATE agent_touch_days SET firsts = firsts + 3, lasts = lasts - 1');
    await h.db.run(
      "INSERT INTO agent_touch_days (tenant_id, day, agent_id, firsts, lasts) VALUES (?, '2026-03-13', ?, 0, 9)",
      [t.tenant.id, B],
    );
    expect(await of({ from: P[0], to: P[1] })).not.toEqual(before);
    await rebuildRollups(h.db, t.tenant.id);
    expect(await days()).toEqual(kept);
    expect(await handled(...P)).toEqual(before);

    // The touches too: a pair moved, one gone, one made up; the rebuild writes only those back.
    const pairs = () => h.db.all('SELECT * FROM ticket_agent_touches ORDER BY ticket_id, agent_id');
    const keptPairs = await pairs();
    await h.db.run(
      "UPDATE ticket_agent_touches SET last_at = '2026-03-13T00:00:00.000Z' WHERE ticket_id = ? AND agent_id = ?",
      [s.straddleUntouched, t.agent.id],
    );
    await h.db.run('DELETE FROM ticket_agent_touches WHERE ticket_id = ?', [s.inside]);
    await h.db.run(
      "INSERT INTO ticket_agent_touches (tenant_id, ticket_id, agent_id, first_at, last_at) VALUES (?, ?, ?, '2026-03-13T00:00:00.000Z', '2026-03-13T00:00:00.000Z')",
      [t.tenant.id, s.wholeAfter, B],
    );
    expect(await handled(...P)).not.toEqual(before);
    await rebuildRollups(h.db, t.tenant.id);
    expect(await pairs()).toEqual(keptPairs);
    expect(await days()).toEqual(kept);
    expect(await handled(...P)).toEqual(before);

    const migration = loadMigrations().find((m) => m.name.startsWith('0064_'))!;
    const fill = splitStatements(migration.sql).find((s) => s.startsWith('INSERT INTO agent_touch_days'))!;
    await h.db.run('DELETE FROM agent_touch_days');
    await h.db.run(fill);
    expect(await days()).toEqual(kept);
  });
});
