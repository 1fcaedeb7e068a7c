import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z'); // a Monday
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

const body = (over: Record<string, unknown> = {}) => ({
  subject: 'Help',
  message: 'Please help',
  requester: { email: 'kim@example.com' },
  ...over,
});
const create = (over: Record<string, unknown> = {}, opts: { cookie?: string; token?: string } = t.as) =>
  h.json('POST', '/api/v1/tickets', { ...opts, body: body(over) });
const count = async (table: string) => (await h.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

describe('Idempotency-Key', () => {
  it('replays the first answer for a retry and creates nothing; a different body with the same key is 422', async () => {
    const headers = { 'idempotency-key': 'create-1' };
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, headers, body: body() });
    const b = await h.json('POST', '/api/v1/tickets', { ...t.as, headers, body: body() });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.res.headers.get('idempotent-replayed')).toBe('true');
    expect(await count('tickets')).toBe(1);
    const c = await h.json('POST', '/api/v1/tickets', { ...t.as, headers, body: body({ subject: 'Other' }) });
    expect(c.status).toBe(422);
    expect(await count('tickets')).toBe(1);
    // Concurrent retries also create once.
    const burst = await Promise.all(
      [1, 2, 3].map(() =>
        h.json('POST', '/api/v1/tickets', { ...t.as, headers: { 'idempotency-key': 'burst' }, body: body() }),
      ),
    );
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(await count('tickets')).toBe(2);
    // After 24 hours the key is free again.
    clock.advance(25 * 60 * 60 * 1000);
    expect((await h.json('POST', '/api/v1/tickets', { ...t.as, headers, body: body() })).body.id).not.toBe(a.body.id);
  });

  it('keys are per caller and also work on widget submissions', async () => {
    const key = await t.apiKey();
    const headers = { 'idempotency-key': 'same' };
    const a = await h.json('POST', '/api/v1/tickets', { ...t.as, headers, body: body() });
    const b = await h.json('POST', '/api/v1/tickets', { token: key, headers, body: body() });
    expect(b.body.id).not.toBe(a.body.id);
    const w = { 'x-widget-key': t.tenant.widgetKey, 'idempotency-key': 'w1' };
    const form = { subject: 'Hi', message: 'There', email: 'v@example.com' };
    const w1 = await h.json('POST', '/api/v1/widget/tickets', { headers: w, body: form });
    const w2 = await h.json('POST', '/api/v1/widget/tickets', { headers: w, body: form });
    expect(w2.body).toEqual(w1.body);
    expect(await count('tickets')).toBe(3);
  });
});

describe('custom fields', () => {
  it('defines fields and validates values on every write', async () => {
    const defs = [
      { key: 'order_number', label: 'Order number', type: 'text', required: true },
      { key: 'quantity', label: 'Quantity', type: 'number' },
      { key: 'size', label: 'Size', type: 'select', options: ['S', 'M', 'L'] },
      { key: 'gift', label: 'Gift', type: 'checkbox' },
      { key: 'bought_on', label: 'Bought on', type: 'date' },
    ];
    for (const d of defs)
      expect((await h.json('POST', '/api/v1/custom-fields', { ...t.as, body: d })).status).toBe(201);
    expect((await h.json('POST', '/api/v1/custom-fields', { ...t.as, body: defs[1] })).status).toBe(409);
    expect(
      (await h.json('POST', '/api/v1/custom-fields', { ...t.as, body: { key: 'x', label: 'X', type: 'select' } }))
        .status,
    ).toBe(422);
    expect(
      (await h.json('POST', '/api/v1/custom-fields', { ...t.as, body: { key: 'Bad Key', label: 'X', type: 'text' } }))
        .status,
    ).toBe(422);
    expect(
      (await h.json('POST', '/api/v1/custom-fields', { ...t.as, body: { key: 'color', label: 'X', type: 'colour' } }))
        .status,
    ).toBe(422);

    const missing = await create({ customFields: { quantity: 2 } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: 'customFields.order_number', message: 'Order number is required' }]);
    const wrong = await create({
      customFields: { order_number: 'A1', quantity: 'two', size: 'XL', gift: 'yes', bought_on: '2026-02-30', nope: 1 },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        'customFields.bought_on',
        'customFields.gift',
        'customFields.nope',
        'customFields.quantity',
        'customFields.size',
      ].sort(),
    );
    expect(await count('tickets')).toBe(0);

    const ok = await create({
      customFields: { order_number: 'A1', quantity: 2, size: 'M', gift: true, bought_on: '2026-02-28' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.customFields).toEqual({
      order_number: 'A1',
      quantity: 2,
      size: 'M',
      gift: true,
      bought_on: '2026-02-28',
    });
    expect(
      (
        await h.json('PATCH', `/api/v1/tickets/${ok.body.id}`, {
          ...t.as,
          body: { customFields: { order_number: null } },
        })
      ).status,
    ).toBe(422);
    expect(
      (await h.json('PATCH', `/api/v1/tickets/${ok.body.id}`, { ...t.as, body: { customFields: { quantity: 'x' } } }))
        .status,
    ).toBe(422);
    const p = await h.json('PATCH', `/api/v1/tickets/${ok.body.id}`, {
      ...t.as,
      body: { customFields: { quantity: 3, gift: null } },
    });
    expect(p.body.customFields).toEqual({ order_number: 'A1', quantity: 3, size: 'M', bought_on: '2026-02-28' });

    const widget = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      body: { subject: 'Hi', message: 'x', email: 'v@example.com', customFields: { quantity: 1 } },
    });
    expect(widget.status).toBe(422);

    const list = await h.json('GET', '/api/v1/custom-fields', t.as);
    expect(list.body.data.map((f: { key: string }) => f.key)).toEqual(defs.map((d) => d.key));
    const size = list.body.data[2];
    expect(
      (await h.json('PATCH', `/api/v1/custom-fields/${size.id}`, { ...t.as, body: { options: ['S', 'M', 'L', 'XL'] } }))
        .body.options,
    ).toEqual(['S', 'M', 'L', 'XL']);
    expect((await h.req('DELETE', `/api/v1/custom-fields/${size.id}`, t.as)).status).toBe(204);
    expect((await h.req('DELETE', `/api/v1/custom-fields/${size.id}`, t.as)).status).toBe(404);
  });
});

describe('SLA due times', () => {
  it('sets due times from the priority policy in business hours, recomputes on priority change, and flags breaches', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: {
        settings: {
          slaEnabled: true,
          businessHours: {
            timezone: 'UTC',
            schedule: { mon: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' } },
          },
        },
      },
    });
    const put = await h.json('PUT', '/api/v1/sla-policies', {
      ...t.as,
      body: {
        high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        normal: { firstResponseMinutes: 240, resolutionMinutes: null },
      },
    });
    expect(put.status).toBe(200);
    expect((await h.json('GET', '/api/v1/sla-policies', t.as)).body.high).toEqual({
      firstResponseMinutes: 60,
      resolutionMinutes: 480,
    });
    expect(
      (
        await h.json('PUT', '/api/v1/sla-policies', {
          ...t.as,
          body: { high: { firstResponseMinutes: -5, resolutionMinutes: 1 } },
        })
      ).status,
    ).toBe(422);

    const a = await create({ priority: 'high' });
    // Created Monday 10:00 UTC: first response by 11:00; resolution 8 working hours → Tuesday 10:00.
    expect(a.body.sla).toMatchObject({
      firstResponseDueAt: '2026-03-02T11:00:00.000Z',
      resolutionDueAt: '2026-03-03T10:00:00.000Z',
      firstResponseBreached: false,
      nextDueAt: '2026-03-02T11:00:00.000Z',
    });
    const lowered = await h.json('PATCH', `/api/v1/tickets/${a.body.id}`, { ...t.as, body: { priority: 'normal' } });
    expect(lowered.body.sla).toMatchObject({ firstResponseDueAt: '2026-03-02T14:00:00.000Z', resolutionDueAt: null });
    clock.set('2026-03-02T15:00:00.000Z');
    const late = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(late.body.sla.firstResponseBreached).toBe(true);
    await h.json('POST', `/api/v1/tickets/${a.body.id}/messages`, { ...t.as, body: { body: 'Sorry for the wait' } });
    const answered = await h.json('GET', `/api/v1/tickets/${a.body.id}`, t.as);
    expect(answered.body.sla).toMatchObject({ firstResponseBreached: true, nextDueAt: null });
    const dash = await h.json('GET', '/api/v1/analytics/dashboard', t.as);
    expect(dash.body.slaBreaches).toBe(1);
    expect(dash.body.medianFirstResponseSeconds).toBe(5 * 3600);
  });
});

describe('auto-assignment', () => {
  it('assigns round-robin over agents who can take tickets, skipping those at capacity', async () => {
    const mk = async (name: string, roleId: string, maxOpenTickets?: number) => {
      clock.advance(1000);
      return (
        await h.json('POST', '/api/v1/agents', {
          ...t.as,
          body: {
            name,
            email: `${name}@example.com`,
            password: 'long enough pw',
            roleId,
            ...(maxOpenTickets ? { maxOpenTickets } : {}),
          },
        })
      ).body.id as string;
    };
    await h.json('PATCH', `/api/v1/agents/${t.agent.id}`, { ...t.as, body: { maxOpenTickets: 1 } });
    const ann = await mk('ann', 'agent');
    await mk('viv', 'viewer');
    const bob = await mk('bob', 'agent', 1);
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { autoAssignment: true } } });
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await create()).body.assigneeId);
    // owner (cap 1), ann, bob (cap 1), then only ann has room.
    expect(got).toEqual([t.agent.id, ann, bob, ann, ann]);
    const act = await h.json('GET', `/api/v1/tickets/${(await create({ assigneeId: null })).body.id}/activity`, t.as);
    expect(act.body.data.map((a: { action: string }) => a.action)).toEqual(['ticket.created']);
  });
});

describe('plan limits and usage', () => {
  it("answers 402 naming the limit and usage when the period's tickets are used up; a new period starts fresh", async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxTickets: 2 } } });
    const apiKey = await t.apiKey();
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    const over = await create();
    expect(over.status).toBe(402);
    expect(over.res.headers.get('content-type')).toBe('application/problem+json');
    expect(over.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/plan-limit',
      limit: 'maxTickets',
      max: 2,
      usage: 2,
      plan: 'professional',
    });
    expect(await count('tickets')).toBe(2);

    const usage = await h.json('GET', '/api/v1/usage', t.as);
    expect(usage.status).toBe(200);
    // The tenant was created at 2026-03-02T10:00Z: its periods run from that instant, month by month.
    expect(usage.body).toMatchObject({
      plan: 'professional',
      period: { month: '2026-03', start: '2026-03-02T10:00:00.000Z', end: '2026-04-02T10:00:00.000Z' },
      tickets: { used: 2, limit: 2, overage: 0, held: 0 },
      agents: { used: 1, limit: 10 },
      activeAgents: { used: 1, limit: 10 },
      // Only API-key calls count against "API calls per month": these were all made signed in.
      apiCalls: { used: 0, limit: 1_000_000, overage: 0 },
    });

    // Still the same period on the first of the next calendar month.
    clock.set('2026-04-01T00:00:01.000Z');
    expect((await create({}, { token: apiKey })).status).toBe(402);
    clock.set('2026-04-02T10:00:00.000Z');
    expect((await create({}, { token: apiKey })).status).toBe(201);
  });
});

describe('dashboard', () => {
  it('counts open, pending, unassigned, created and resolved today, per status and priority', async () => {
    const a = await create({ priority: 'urgent' });
    await create({ status: 'pending', assigneeId: t.agent.id });
    const c = await create();
    await h.json('PATCH', `/api/v1/tickets/${c.body.id}`, { ...t.as, body: { status: 'resolved' } });
    clock.advance(24 * 60 * 60 * 1000);
    await create({ priority: 'low' });
    const d = await h.json('GET', '/api/v1/analytics/dashboard', t.as);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({
      open: 2,
      pending: 1,
      unassigned: 2,
      createdToday: 1,
      resolvedToday: 0,
      slaBreaches: 0,
      medianFirstResponseSeconds: null,
      byStatus: { open: 2, pending: 1, resolved: 1, closed: 0 },
      byPriority: { low: 1, normal: 1, high: 0, urgent: 1 },
    });
    void a;
  });
});

describe('customers', () => {
  it("creates, deduplicates by email in any case, updates, lists and shows a customer's tickets", async () => {
    const a = await h.json('POST', '/api/v1/customers', { ...t.as, body: { email: 'Pat@Example.com', name: 'Pat' } });
    expect(a.status).toBe(201);
    expect(a.body.email).toBe('pat@example.com');
    const dup = await h.json('POST', '/api/v1/customers', { ...t.as, body: { email: 'PAT@example.com' } });
    expect(dup.status).toBe(409);
    expect(dup.body.customerId).toBe(a.body.id);
    const b = await h.json('POST', '/api/v1/customers', { ...t.as, body: { email: 'sam@example.com' } });
    expect(
      (await h.json('PATCH', `/api/v1/customers/${b.body.id}`, { ...t.as, body: { email: 'pat@EXAMPLE.com' } })).status,
    ).toBe(409);
    expect(
      (await h.json('PATCH', `/api/v1/customers/${b.body.id}`, { ...t.as, body: { name: 'Sam' } })).body.name,
    ).toBe('Sam');
    expect((await h.json('POST', '/api/v1/customers', { ...t.as, body: { email: 'bad' } })).status).toBe(422);

    const tk = await create({ requester: { email: 'PAT@example.com' } });
    expect(tk.body.requester.id).toBe(a.body.id);
    const tickets = await h.json('GET', `/api/v1/customers/${a.body.id}/tickets`, t.as);
    expect(tickets.body.data.map((x: { id: string }) => x.id)).toEqual([tk.body.id]);
    expect((await h.json('GET', '/api/v1/customers?q=sa', t.as)).body.data.map((x: { id: string }) => x.id)).toEqual([
      b.body.id,
    ]);
    expect((await h.json('GET', `/api/v1/customers/${a.body.id}`, t.as)).body.name).toBe('Pat');
  });
});

describe('tenant isolation', () => {
  it('answers 404 to tenant B for every tenant-A object', async () => {
    const b = await h.signup();
    const keyB = await b.apiKey();
    const ticket = (await create()).body;
    const message = (await h.json('POST', `/api/v1/tickets/${ticket.id}/messages`, { ...t.as, body: { body: 'hi' } }))
      .body;
    const field = (
      await h.json('POST', '/api/v1/custom-fields', { ...t.as, body: { key: 'k', label: 'K', type: 'text' } })
    ).body;
    const customer = ticket.requester;
    const as = { token: keyB };
    const checks: [string, string, unknown?][] = [
      ['GET', `/api/v1/tickets/${ticket.id}`],
      ['PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'closed' }],
      ['POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'intrusion' }],
      ['GET', `/api/v1/tickets/${ticket.id}/activity`],
      ['POST', '/api/v1/tickets/bulk', { ids: [ticket.id], changes: { status: 'closed' } }],
      ['GET', `/api/v1/customers/${customer.id}`],
      ['PATCH', `/api/v1/customers/${customer.id}`, { name: 'x' }],
      ['GET', `/api/v1/customers/${customer.id}/tickets`],
      ['PATCH', `/api/v1/custom-fields/${field.id}`, { label: 'x' }],
      ['DELETE', `/api/v1/custom-fields/${field.id}`],
    ];
    for (const [method, path, bodyB] of checks) {
      const r = await h.json(method, path, { ...as, ...(bodyB ? { body: bodyB } : {}) });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await h.json('GET', '/api/v1/tickets', as)).body.data).toEqual([]);
    expect((await h.json('GET', `/api/v1/tickets?q=hi`, as)).body.data).toEqual([]);
    expect((await h.json('GET', '/api/v1/customers', as)).body.data).toEqual([]);
    expect((await h.json('GET', '/api/v1/custom-fields', as)).body.data).toEqual([]);
    expect((await h.json('GET', '/api/v1/analytics/dashboard', as)).body.open).toBe(0);
    // Tenant B's widget key cannot reach A's ticket with A's visitor token.
    const sub = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      body: { subject: 's', message: 'm', email: 'v@example.com' },
    });
    const cross = { 'x-widget-key': b.tenant.widgetKey, authorization: `Bearer ${sub.body.visitorToken}` };
    expect((await h.json('GET', '/api/v1/widget/tickets', { headers: cross })).status).toBe(401);
    expect(
      (
        await h.json('POST', `/api/v1/widget/tickets/${sub.body.ticket.id}/messages`, {
          headers: cross,
          body: { body: 'x' },
        })
      ).status,
    ).toBe(401);
    const after = await h.json('GET', `/api/v1/tickets/${ticket.id}`, t.as);
    expect(after.body.status).toBe('open');
    expect(after.body.messages.map((m: { id: string }) => m.id)).toContain(message.id);
    expect(after.body.messages).toHaveLength(2);
  });
});
