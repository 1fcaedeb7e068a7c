import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T08:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { csat: { enabled: true } } } });
});
afterEach(() => h.close());

/** A widget ticket, resolved, then rated by its visitor at `at`. */
async function rated(subject: string, at: string, rating: 'good' | 'bad', comment?: string, assign = false) {
  const widget = { 'x-widget-key': t.tenant.widgetKey };
  const r = await h.json('POST', '/api/v1/widget/tickets', {
    headers: widget,
    body: { subject, message: 'Help', email: 'maya@example.com', name: 'Maya' },
  });
  const id = r.body.ticket.id as string;
  await h.json('PATCH', `/api/v1/tickets/${id}`, {
    ...t.as,
    body: { status: 'resolved', ...(assign ? { assigneeId: t.agent.id } : {}) },
  });
  clock.set(at);
  const rate = await h.json('POST', `/api/v1/widget/tickets/${id}/rating`, {
    headers: { ...widget, authorization: `Bearer ${r.body.visitorToken}` },
    body: { rating, ...(comment ? { comment } : {}) },
  });
  expect(rate.status).toBe(201);
  return { id, number: r.body.ticket.number as number };
}

const list = (query: string) => h.json('GET', `/api/v1/analytics/csat/responses?${query}`, t.as);
const period = 'from=2026-03-02&to=2026-03-03';

describe('GET /analytics/csat/responses', () => {
  it('lists the period’s ratings with comments, newest first, by page, by rating and agent, and as CSV', async () => {
    const x = await rated('Lost parcel', '2026-03-02T10:00:00.000Z', 'good', 'Quick and kind');
    const y = await rated('Broken zip', '2026-03-02T11:00:00.000Z', 'bad', 'Took days, =no fix', true);
    await rated('Next day', '2026-03-03T09:00:00.000Z', 'good'); // after the period

    const all = await list(period);
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual([
      {
        id: expect.any(String),
        rating: 'bad',
        comment: 'Took days, =no fix',
        at: '2026-03-02T11:00:00.000Z',
        ticketId: y.id,
        number: y.number,
        subject: 'Broken zip',
        agentId: t.agent.id,
        agentName: t.agent.name,
      },
      {
        id: expect.any(String),
        rating: 'good',
        comment: 'Quick and kind',
        at: '2026-03-02T10:00:00.000Z',
        ticketId: x.id,
        number: x.number,
        subject: 'Lost parcel',
        agentId: null,
        agentName: null,
      },
    ]);
    expect(all.body.nextCursor).toBeNull();

    const first = await list(`${period}&limit=1`);
    expect(first.body.data.map((r: { number: number }) => r.number)).toEqual([y.number]);
    const second = await list(`${period}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((r: { number: number }) => r.number)).toEqual([x.number]);
    expect(second.body.nextCursor).toBeNull();

    expect((await list(`${period}&rating=good`)).body.data.map((r: { number: number }) => r.number)).toEqual([
      x.number,
    ]);
    expect((await list(`${period}&agentId=${t.agent.id}`)).body.data.map((r: { number: number }) => r.number)).toEqual([
      y.number,
    ]);
    expect((await list('from=2026-03-01&to=2026-04-01')).body.data).toHaveLength(3);

    const csv = await h.req('GET', `/api/v1/analytics/csat/responses?${period}&format=csv`, t.as);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('at,rating,comment,number,subject,agentName,agentId,ticketId');
    // A comment with a comma is quoted.
    expect(lines[1]).toBe(
      `2026-03-02T11:00:00.000Z,bad,"Took days, =no fix",${y.number},Broken zip,${t.agent.name},${t.agent.id},${y.id}`,
    );

    // The download is the whole period, whatever page size the screen asked for; from a cursor, the rest.
    const whole = await h.req('GET', `/api/v1/analytics/csat/responses?${period}&limit=1&format=csv`, t.as);
    expect((await whole.text()).trim().split('\r\n')).toHaveLength(3);
    expect(whole.headers.get('link')).toBeNull();
    const rest = await h.req(
      'GET',
      `/api/v1/analytics/csat/responses?${period}&limit=1&format=csv&cursor=${first.body.nextCursor}`,
      t.as,
    );
    expect((await rest.text()).trim().split('\r\n').slice(1)).toEqual([
      expect.stringContaining(`Quick and kind,${x.number},Lost parcel`),
    ]);

    expect((await list(`${period}&rating=meh`)).status).toBe(422);
    expect((await list(`${period}&cursor=abc`)).status).toBe(400);
    expect((await list('from=2026-03-03&to=2026-03-02')).status).toBe(422);
  });
});
