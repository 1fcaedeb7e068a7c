// Routing rules through the API: CRUD, order, enable/disable, bad input refused with nothing changed, another tenant's
// rules out of reach, and rules meeting new tickets from the API, the widget and email.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { INBOUND_ENV, INBOUND_TOKEN } from '../mail/inbound-fixtures.ts';

let h: Harness;
let t: SignedUp;
let billing: string;
let ada: string;

beforeEach(async () => {
  h = await createHarness({ env: INBOUND_ENV });
  t = await h.signup();
  ada = (
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Ada', email: 'ada@example.com', roleId: 'agent', password: 'Ada password 1' },
    })
  ).body.id;
  billing = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Billing', agentIds: [ada] } })).body.id;
});
afterEach(() => h.close());

const addRule = async (body: Record<string, unknown>) => {
  const r = await h.json('POST', '/api/v1/routing-rules', { ...t.as, body });
  expect(r.status).toBe(201);
  return r.body;
};
const names = async () =>
  (await h.json('GET', '/api/v1/routing-rules', t.as)).body.data.map((r: { name: string }) => r.name);
const apiTicket = async (over: Record<string, unknown> = {}) => {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Hello', message: 'Hello there', requester: { email: 'sam@example.com' }, ...over },
  });
  expect(r.status).toBe(201);
  return r.body;
};

describe('routing rule CRUD', () => {
  it('creates rules at the end, reads, changes (conditions and actions replaced whole), disables and deletes', async () => {
    const a = await addRule({ name: 'Invoices', conditions: { keywords: ['invoice'] }, actions: { teamId: billing } });
    expect(a).toMatchObject({ name: 'Invoices', enabled: true, position: 1, stopProcessing: false });
    const b = await addRule({ name: 'Urgent', actions: { priority: 'urgent' } });
    expect(b).toMatchObject({ position: 2, conditions: {} });
    expect((await h.json('GET', `/api/v1/routing-rules/${a.id}`, t.as)).body).toEqual(a);

    const changed = await h.json('PATCH', `/api/v1/routing-rules/${a.id}`, {
      ...t.as,
      body: { name: 'Bills', conditions: { tags: ['bill'] }, actions: { priority: 'high' }, enabled: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Bills',
      enabled: false,
      conditions: { tags: ['bill'] },
      actions: { priority: 'high' },
      position: 1,
    });
    expect(await names()).toEqual(['Bills', 'Urgent']);

    expect((await h.req('DELETE', `/api/v1/routing-rules/${b.id}`, t.as)).status).toBe(204);
    expect((await h.json('GET', `/api/v1/routing-rules/${b.id}`, t.as)).status).toBe(404);
    expect(await names()).toEqual(['Bills']);
    const actions = (await h.json('GET', '/api/v1/audit-log', t.as)).body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['routing_rule.created', 'routing_rule.updated', 'routing_rule.deleted']),
    );
  });

  it('reorders: the named rules first, in that order, the others after in theirs', async () => {
    const [r1, r2, r3, r4] = [
      await addRule({ name: 'one', actions: { priority: 'low' } }),
      await addRule({ name: 'two', actions: { priority: 'low' } }),
      await addRule({ name: 'three', actions: { priority: 'low' } }),
      await addRule({ name: 'four', actions: { priority: 'low' } }),
    ];
    const r = await h.json('PUT', '/api/v1/routing-rules/order', { ...t.as, body: { ids: [r3.id, r1.id] } });
    expect(r.status).toBe(200);
    expect(r.body.data.map((x: { id: string }) => x.id)).toEqual([r3.id, r1.id, r2.id, r4.id]);
    expect(r.body.data.map((x: { position: number }) => x.position)).toEqual([1, 2, 3, 4]);
    expect(await names()).toEqual(['three', 'one', 'two', 'four']);
  });

  it('refuses bad input with 4xx problem+json and changes nothing', async () => {
    const rule = await addRule({ name: 'Keep', conditions: { keywords: ['x'] }, actions: { teamId: billing } });
    const before = JSON.stringify((await h.json('GET', '/api/v1/routing-rules', t.as)).body);
    const bad: Record<string, unknown>[] = [
      {},
      { name: '', actions: {} },
      { name: 'x', actions: { teamId: 'team_nope' } },
      { name: 'x', actions: { assigneeId: 'agt_nope' } },
      { name: 'x', actions: { priority: 'critical' } },
      { name: 'x', actions: {}, conditions: { channel: ['fax'] } },
      { name: 'x', actions: {}, conditions: { keywords: [] } },
      { name: 'x', actions: {}, conditions: { requesterDomain: ['not a domain'] } },
      { name: 'x', actions: {}, conditions: { unknown: 1 } },
      { name: 'x', actions: { colour: 'red' } },
    ];
    for (const body of bad) {
      const r = await h.json('POST', '/api/v1/routing-rules', { ...t.as, body });
      expect({ body, status: r.status, type: r.res.headers.get('content-type') }).toEqual({
        body,
        status: 422,
        type: 'application/problem+json',
      });
      expect(r.body.errors.length).toBeGreaterThan(0);
    }
    const patch = await h.json('PATCH', `/api/v1/routing-rules/${rule.id}`, {
      ...t.as,
      body: { actions: { teamId: 'team_nope' } },
    });
    expect(patch.status).toBe(422);
    expect(patch.body.errors).toEqual([{ path: 'actions.teamId', message: expect.any(String) }]);
    for (const ids of [[rule.id, rule.id], ['rule_nope'], []]) {
      const r = await h.json('PUT', '/api/v1/routing-rules/order', { ...t.as, body: { ids } });
      expect(r.status).toBe(422);
    }
    expect((await h.req('POST', '/api/v1/routing-rules', { ...t.as, rawBody: '{"name"' })).status).toBe(400);
    expect(JSON.stringify((await h.json('GET', '/api/v1/routing-rules', t.as)).body)).toBe(before);
  });

  it("keeps another tenant's rules out of reach, and its teams out of their actions", async () => {
    const rule = await addRule({ name: 'Mine', actions: { teamId: billing } });
    const other = await h.signup();
    expect((await h.json('GET', `/api/v1/routing-rules/${rule.id}`, other.as)).status).toBe(404);
    expect(
      (await h.json('PATCH', `/api/v1/routing-rules/${rule.id}`, { ...other.as, body: { enabled: false } })).status,
    ).toBe(404);
    expect((await h.req('DELETE', `/api/v1/routing-rules/${rule.id}`, other.as)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/routing-rules', other.as)).body.data).toEqual([]);
    expect((await h.json('PUT', '/api/v1/routing-rules/order', { ...other.as, body: { ids: [rule.id] } })).status).toBe(
      422,
    );
    const stolen = await h.json('POST', '/api/v1/routing-rules', {
      ...other.as,
      body: { name: 'x', actions: { teamId: billing, assigneeId: ada } },
    });
    expect(stolen.status).toBe(422);
    expect((await h.json('GET', `/api/v1/routing-rules/${rule.id}`, t.as)).body).toEqual(rule);
  });
});

describe('routing new tickets', () => {
  it('sets team, priority, tags and assignee from matching rules in order; the creator’s own choices stay', async () => {
    await addRule({
      name: 'Invoices',
      conditions: { keywords: ['invoice'] },
      actions: { teamId: billing, priority: 'high', tags: ['billing'] },
    });
    await addRule({
      name: 'VIP',
      conditions: { requesterDomain: ['bigco.com'] },
      actions: { assigneeId: ada, tags: ['vip'] },
    });
    const routed = await apiTicket({ subject: 'Invoice wrong', requester: { email: 'cfo@eu.bigco.com' } });
    expect(routed).toMatchObject({ teamId: billing, priority: 'high', assigneeId: ada });
    expect([...routed.tags].sort()).toEqual(['billing', 'vip']);

    const own = await apiTicket({ subject: 'invoice', priority: 'low', teamId: null, tags: ['mine'] });
    expect(own).toMatchObject({ priority: 'low', teamId: null });
    expect([...own.tags].sort()).toEqual(['billing', 'mine']);

    const plain = await apiTicket();
    expect(plain).toMatchObject({ teamId: null, priority: 'normal', tags: [] });

    const activity = await h.json('GET', `/api/v1/tickets/${routed.id}/activity`, t.as);
    expect(JSON.stringify(activity.body)).toContain(billing);
  });

  it('matches channel, tags and custom fields; a disabled rule and a stopped chain set nothing', async () => {
    await h.json('POST', '/api/v1/custom-fields', {
      ...t.as,
      body: { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'gold'] },
    });
    const gold = await addRule({
      name: 'Gold',
      conditions: { customFields: { plan: 'gold' } },
      actions: { priority: 'urgent' },
      stopProcessing: true,
    });
    await addRule({ name: 'After gold', actions: { tags: ['after'] } });
    await addRule({ name: 'Tagged', conditions: { tags: ['refund'] }, actions: { teamId: billing } });
    await addRule({ name: 'Widget', conditions: { channel: ['widget'] }, actions: { tags: ['from-widget'] } });

    const g = await apiTicket({ customFields: { plan: 'gold' }, tags: ['refund'] });
    expect(g).toMatchObject({ priority: 'urgent', teamId: null, tags: ['refund'] });
    const f = await apiTicket({ customFields: { plan: 'free' }, tags: ['refund'] });
    expect(f).toMatchObject({ priority: 'normal', teamId: billing });
    expect([...f.tags].sort()).toEqual(['after', 'refund']);

    await h.json('PATCH', `/api/v1/routing-rules/${gold.id}`, { ...t.as, body: { enabled: false } });
    expect(await apiTicket({ customFields: { plan: 'gold' } })).toMatchObject({ priority: 'normal', tags: ['after'] });

    const w = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      body: { subject: 'From the site', message: 'Hi', email: 'v@example.com' },
    });
    expect(w.status).toBe(201);
    const wt = (await h.json('GET', `/api/v1/tickets/${w.body.ticket.id}`, t.as)).body;
    expect(wt.channel).toBe('widget');
    expect([...wt.tags].sort()).toEqual(['after', 'from-widget']);
  });

  it('routes an email ticket by its subject and sender domain', async () => {
    await addRule({
      name: 'Mail invoices',
      conditions: { channel: ['email'], keywords: ['invoice'], requesterDomain: ['acme.org'] },
      actions: { teamId: billing },
    });
    const raw = [
      'From: Pat <pat@acme.org>',
      `To: ${t.tenant.inboundEmail}`,
      'Subject: Question about an invoice',
      'Message-ID: <route-1@acme.org>',
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please check it.',
      '',
    ].join('\r\n');
    const r = await h.json('POST', '/api/v1/inbound/email', {
      rawBody: new Uint8Array(Buffer.from(raw)),
      token: INBOUND_TOKEN,
      headers: { 'content-type': 'message/rfc822' },
    });
    expect(r.status).toBe(202);
    const tk = (await h.json('GET', `/api/v1/tickets/${r.body.ticketId}`, t.as)).body;
    expect(tk).toMatchObject({ channel: 'email', teamId: billing });
    // The team queue counts it.
    expect((await h.json('GET', '/api/v1/teams/queue', t.as)).body.data).toEqual([
      { teamId: billing, name: 'Billing', open: 1, unassigned: expect.any(Number) },
    ]);
  });

  it('skips an assignee who was disabled since the rule was saved', async () => {
    await addRule({ name: 'To Ada', actions: { assigneeId: ada, priority: 'high' } });
    expect((await apiTicket()).assigneeId).toBe(ada);
    const off = await h.json('PATCH', `/api/v1/agents/${ada}`, { ...t.as, body: { status: 'disabled' } });
    expect(off.status).toBe(200);
    expect(await apiTicket()).toMatchObject({ assigneeId: null, priority: 'high' });
  });
});
