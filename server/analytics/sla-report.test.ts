import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { rebuildRollups } from './rollup-service.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-09T07:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
  // Round the clock, so every due time is creation + the target.
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { slaEnabled: true, businessHours: null } },
  });
  await h.json('PUT', '/api/v1/sla-policies', {
    ...t.as,
    body: {
      normal: { firstResponseMinutes: 60, resolutionMinutes: 240 },
      high: { firstResponseMinutes: 30, resolutionMinutes: null },
    },
  });
});
afterEach(() => h.close());

const create = async (priority = 'normal') =>
  (
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: `Order ${priority}`, message: 'Where is it?', requester: { email: 'r@example.com' }, priority },
    })
  ).body;
const reply = (id: string) => h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body: 'Soon' } });
const period = 'from=2026-03-09&to=2026-03-10';
const drill = async (kind: string, extra = '') =>
  (await h.json('GET', `/api/v1/analytics/metrics/tickets?${period}&kind=${kind}${extra}`, t.as)).body;

/**
 * 08:00 four tickets: A, B, C normal (reply due 09:00, resolution 12:00), D high (reply due 08:30, no resolution
 * target). D answered 08:20 and A 08:30 (met), B 09:30 (late), C never; A resolved 10:00 (met). At 15:00: C's reply and
 * resolution and B's resolution are past due and unmet.
 */
async function seed() {
  clock.set('2026-03-09T08:00:00.000Z');
  const [a, b, c, d] = [await create(), await create(), await create(), await create('high')];
  clock.set('2026-03-09T08:20:00.000Z');
  await reply(d.id);
  clock.set('2026-03-09T08:30:00.000Z');
  await reply(a.id);
  clock.set('2026-03-09T09:30:00.000Z');
  await reply(b.id);
  clock.set('2026-03-09T10:00:00.000Z');
  await h.json('PATCH', `/api/v1/tickets/${a.id}`, { ...t.as, body: { status: 'resolved' } });
  clock.set('2026-03-09T15:00:00.000Z');
  return { a, b, c, d };
}

describe('GET /analytics/sla', () => {
  it('splits compliance per priority and target, counts targets still unmet past due, and agrees with /metrics', async () => {
    await seed();
    const r = await h.json('GET', `/api/v1/analytics/sla?${period}`, t.as);
    expect(r.status).toBe(200);
    expect(r.body.targets).toEqual([
      {
        priority: 'normal',
        target: 'first_response',
        targetMinutes: 60,
        met: 1,
        breached: 2,
        stillOpen: 1,
        compliance: 33.3,
      },
      {
        priority: 'normal',
        target: 'resolution',
        targetMinutes: 240,
        met: 1,
        breached: 2,
        stillOpen: 2,
        compliance: 33.3,
      },
      {
        priority: 'high',
        target: 'first_response',
        targetMinutes: 30,
        met: 1,
        breached: 0,
        stillOpen: 0,
        compliance: 100,
      },
    ]);
    expect(r.body.firstResponse).toEqual({ met: 2, breached: 2, stillOpen: 1, compliance: 50 });
    expect(r.body.resolution).toEqual({ met: 1, breached: 2, stillOpen: 2, compliance: 33.3 });
    const m = await h.json('GET', `/api/v1/analytics/metrics?${period}`, t.as);
    expect(m.body.sla).toEqual({ met: 3, breached: 4, compliance: 42.9 });

    // Filters: one priority; one agent (a target nobody reached yet is nobody's).
    const high = await h.json('GET', `/api/v1/analytics/sla?${period}&priority=high`, t.as);
    expect(high.body.targets.map((x: { priority: string }) => x.priority)).toEqual(['high']);
    const mine = await h.json('GET', `/api/v1/analytics/sla?${period}&agentId=${t.agent.id}`, t.as);
    expect(mine.body.firstResponse).toEqual({ met: 2, breached: 1, stillOpen: 0, compliance: 66.7 });
    expect(mine.body.resolution).toEqual({ met: 1, breached: 0, stillOpen: 0, compliance: 100 });
    // Before C's due time nothing was overdue yet.
    clock.set('2026-03-09T08:45:00.000Z');
    expect((await h.json('GET', `/api/v1/analytics/sla?${period}`, t.as)).body.firstResponse.stillOpen).toBe(0);
    clock.set('2026-03-09T15:00:00.000Z');

    const csv = await h.req('GET', `/api/v1/analytics/sla?${period}&format=csv`, t.as);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')).toEqual([
      'priority,target,targetMinutes,met,breached,stillOpen,compliance',
      'normal,first_response,60,1,2,1,33.3',
      'normal,resolution,240,1,2,2,33.3',
      'high,first_response,30,1,0,0,100',
      '',
    ]);
    expect((await h.json('GET', '/api/v1/analytics/sla?from=2026-03-10&to=2026-03-09', t.as)).status).toBe(422);
  });

  it('every SLA number opens its tickets, those still unmet past due included', async () => {
    const { a, b, c, d } = await seed();
    const numbers = (rows: { data: { number: number; kind: string }[] }) => rows.data.map((x) => [x.number, x.kind]);
    expect(numbers(await drill('sla_first_response_breached'))).toEqual([
      [b.number, 'sla_first_response'],
      [c.number, 'sla_first_response_overdue'],
    ]);
    expect(numbers(await drill('sla_first_response_met'))).toEqual([
      [a.number, 'sla_first_response'],
      [d.number, 'sla_first_response'],
    ]);
    expect(numbers(await drill('sla_resolution_met'))).toEqual([[a.number, 'sla_resolution']]);
    expect(numbers(await drill('sla_first_response_met', '&priority=high'))).toEqual([
      [d.number, 'sla_first_response'],
    ]);
    const overdue = await drill('sla_resolution_breached');
    expect(overdue.data.map((x: { at: string }) => x.at)).toEqual([
      '2026-03-09T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
    ]);
    expect(new Set(overdue.data.map((x: { number: number }) => x.number))).toEqual(new Set([b.number, c.number]));

    // sla_breached lists as many rows as /metrics counts (4), page by page across ledger and overdue rows.
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 6; i++) {
      const page = await drill('sla_breached', `&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((x: { number: number; kind: string }) => `${x.number}:${x.kind}`));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual(
      [
        `${b.number}:sla_first_response`,
        `${c.number}:sla_first_response_overdue`,
        `${b.number}:sla_resolution_overdue`,
        `${c.number}:sla_resolution_overdue`,
      ].sort(),
    );
    // One agent's breaches: only what the agent reached late.
    expect(numbers(await drill('sla_breached', `&agentId=${t.agent.id}`))).toEqual([[b.number, 'sla_first_response']]);
    const bad = await h.json('GET', `/api/v1/analytics/metrics/tickets?${period}&kind=sla_breached&cursor=nope`, t.as);
    expect(bad.status).toBe(400);
  });

  it('counts still unmet targets of whole past days from their per-day counts, as the unfiltered scan does', async () => {
    const { b, c } = await seed();
    clock.set('2026-03-12T10:30:00.000Z'); // the 9th is a whole day before now
    const month = 'from=2026-03-01&to=2026-04-01';
    const stillOpen = async (extra = '') => {
      const r = await h.json('GET', `/api/v1/analytics/sla?${month}${extra}`, t.as);
      expect(r.status).toBe(200);
      return r.body.targets.map((x: { priority: string; target: string; stillOpen: number }) => [
        x.priority,
        x.target,
        x.stillOpen,
      ]);
    };
    const breached = async (extra = '') =>
      (await h.json('GET', `/api/v1/analytics/metrics?${month}${extra}`, t.as)).body.sla.breached;
    // A channel every ticket has makes both reports scan the index instead: the same figures.
    const channel = (await h.json('GET', `/api/v1/tickets/${c.id}`, t.as)).body.channel;
    const expectSameAsScan = async (expected: unknown[]) => {
      expect(await stillOpen()).toEqual(expected);
      expect(await stillOpen(`&channel=${channel}`)).toEqual(expected);
      expect(await breached()).toBe(await breached(`&channel=${channel}`));
    };
    await expectSameAsScan([
      ['normal', 'first_response', 1],
      ['normal', 'resolution', 2],
      ['high', 'first_response', 0],
    ]);
    expect(await breached()).toBe(4);

    // C becomes urgent, which has no targets here: its due times go, and so do its unmet targets.
    expect((await h.json('PATCH', `/api/v1/tickets/${c.id}`, { ...t.as, body: { priority: 'urgent' } })).status).toBe(
      200,
    );
    await expectSameAsScan([
      ['normal', 'first_response', 0],
      ['normal', 'resolution', 1],
      ['high', 'first_response', 0],
    ]);
    // Back to normal (due again from its creation), then answered, and B resolved late: only C's resolution is left.
    expect((await h.json('PATCH', `/api/v1/tickets/${c.id}`, { ...t.as, body: { priority: 'normal' } })).status).toBe(
      200,
    );
    await reply(c.id);
    await h.json('PATCH', `/api/v1/tickets/${b.id}`, { ...t.as, body: { status: 'resolved' } });
    const settled = await stillOpen();
    expect(settled).toEqual(await stillOpen(`&channel=${channel}`));
    expect(await breached()).toBe(await breached(`&channel=${channel}`));

    // The counts are rebuilt with the rollups: a wrong count is put right.
    const before = await stillOpen();
    await h.db.run('UPDATE sla_unmet_days SET n = n + 5');
    expect(await stillOpen()).not.toEqual(before);
    await rebuildRollups(h.db, t.tenant.id);
    expect(await stillOpen()).toEqual(before);
  });
});
