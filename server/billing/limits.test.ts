// Billing limits: the entitlement engine's sources, a visitor's message held (never lost) at the ticket allowance on
// every channel and released once it lifts, overage on usage pricing, the ledger's rebuild and the operator's API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { INBOUND_ENV, INBOUND_TOKEN } from '../mail/inbound-fixtures.ts';
import { computeEntitlements } from './entitlements.ts';
import { getTenantBilling, putTenantBilling } from './billing-queries.ts';
import { getLedger, rebuildLedgerTickets } from './ledger-queries.ts';
import { releaseAllHeld } from './held-service.ts';
import { periodOf } from './period.ts';
import { getTenant } from '../tenants/queries.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock, env: { ...INBOUND_ENV, RATE_LIMITS: 'off' } });
  t = await h.signup();
  await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...t.as,
    body: { settings: { maxTickets: 1, chat: { enabled: true } } },
  });
  key = { token: await t.apiKey() };
});
afterEach(() => h.close());

const widgetKey = () => ({ 'x-widget-key': t.tenant.widgetKey });
const fromWidget = (n: number) =>
  h.json('POST', '/api/v1/widget/tickets', {
    headers: widgetKey(),
    body: { subject: `Widget ${n}`, message: `Widget message ${n}`, email: `w${n}@example.com` },
  });
const byAgent = () =>
  h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'By phone', message: 'Called in', requester: { email: 'call@example.com' } },
  });
/** Sessions end over the months the tests move the clock; an API key does not. */
let key: { token: string };
const listed = async () =>
  ((await h.json('GET', '/api/v1/tickets?limit=100', key)).body.data as { subject: string }[]).map((x) => x.subject);
const usage = async () => (await h.json('GET', '/api/v1/usage', key)).body;
const createdEvents = async () =>
  (await h.db.get<{ n: number }>("SELECT count(*) AS n FROM events WHERE tenant_id = ? AND type = 'ticket.created'", [
    t.tenant.id,
  ]))!.n;
const setEntitlements = (body: unknown) =>
  h.json('PUT', `/api/v1/tenants/${t.tenant.id}/entitlements`, { ...h.platform, body });

describe('the entitlement engine', () => {
  const billing = { pricing: 'flat' as const, cycleAnchor: '2026-01-15T00:00:00.000Z', addons: {}, overrides: {} };
  const settings = { maxAgents: null, maxTickets: null } as never;

  it('adds add-ons to the plan, lets overrides replace both, and lets the tenant only lower its own limits', () => {
    const now = new Date('2026-03-20T00:00:00Z');
    const plain = computeEntitlements({ plan: 'starter', settings }, billing, now);
    expect(plain.limits).toMatchObject({ agents: 3, ticketsPerMonth: 1000, apiKeys: 0, webhooks: 0 });
    expect(plain.features).toMatchObject({ 'api-keys': false, webhooks: false, sso: false });
    expect(plain.period.start.toISOString()).toBe('2026-03-15T00:00:00.000Z');

    const bought = computeEntitlements(
      { plan: 'starter', settings },
      { ...billing, addons: { agents: 2, ticketsPerMonth: 500, bogus: 9, storageBytes: -1 } },
      now,
    );
    expect(bought.limits).toMatchObject({ agents: 5, ticketsPerMonth: 1500, storageBytes: 1024 ** 3 });

    const operator = computeEntitlements(
      { plan: 'starter', settings: { maxAgents: 4, maxTickets: 9999 } as never },
      {
        ...billing,
        addons: { agents: 2 },
        overrides: { limits: { ticketsPerMonth: null, webhooks: 5 }, features: { webhooks: true, sso: 'yes' } },
      },
      now,
    );
    // The tenant's own maxTickets still lowers an unlimited override.
    expect(operator.limits).toMatchObject({ agents: 4, ticketsPerMonth: 9999, webhooks: 5 });
    expect(operator.features).toMatchObject({ webhooks: true, sso: false });
  });
});

describe('a reached ticket allowance', () => {
  it("releases held tickets at once when the operator's entitlements lift the limit (no sweep needed)", async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxTickets: null } } });
    expect((await setEntitlements({ overrides: { limits: { ticketsPerMonth: 1 } } })).status).toBe(200);
    expect((await fromWidget(1)).status).toBe(201);
    expect((await fromWidget(2)).status).toBe(201);
    expect(await listed()).toEqual(['Widget 1']);
    expect((await setEntitlements({ overrides: { limits: { ticketsPerMonth: 2 } } })).status).toBe(200);
    expect((await listed()).sort()).toEqual(['Widget 1', 'Widget 2']);
    expect((await usage()).tickets).toMatchObject({ used: 2, limit: 2, held: 0 });
  });

  it('holds a widget ticket out of sight (201 to the visitor), keeps the agent 402, and releases it on an add-on', async () => {
    expect((await fromWidget(1)).status).toBe(201);
    const events = await createdEvents();
    const held = await fromWidget(2);
    expect(held.status).toBe(201);
    expect(held.body.visitorToken).toMatch(/^hd_vt_/);
    expect(await listed()).toEqual(['Widget 1']);
    const search = await h.json('GET', '/api/v1/tickets?q=Widget%20message%202', t.as);
    expect(search.body.data).toEqual([]);
    expect(await createdEvents()).toBe(events);
    // The visitor still reads their own ticket.
    const mine = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { ...widgetKey(), authorization: `Bearer ${held.body.visitorToken}` },
    });
    expect(mine.body.data.map((x: { id: string }) => x.id)).toEqual([held.body.ticket.id]);
    expect((await usage()).tickets).toEqual({ used: 1, limit: 1, overage: 0, held: 1 });

    const agent = await byAgent();
    expect(agent.status).toBe(402);
    expect(agent.body).toMatchObject({ limit: 'maxTickets', max: 1, usage: 1 });

    const put = await setEntitlements({ addons: { ticketsPerMonth: 5 } });
    expect(put.status).toBe(200);
    expect(put.body.limits.ticketsPerMonth).toBe(1);
    // The tenant's own maxTickets (1) still caps it: lift that too and the held ticket is released.
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxTickets: null } } });
    expect((await listed()).sort()).toEqual(['Widget 1', 'Widget 2']);
    expect(await createdEvents()).toBe(events + 1);
    expect((await usage()).tickets).toEqual({ used: 2, limit: 5005, overage: 0, held: 0 });
    const audit = await h.db.get<{ details: string }>(
      "SELECT details FROM audit_log WHERE tenant_id = ? AND action = 'billing.entitlements_changed'",
      [t.tenant.id],
    );
    expect(JSON.parse(audit!.details)).toMatchObject({ to: { addons: { ticketsPerMonth: 5 } } });
  });

  it('holds a chat and an inbound mail too, and releases all held tickets in arrival order in the next period', async () => {
    expect((await fromWidget(1)).status).toBe(201);
    const chat = await h.json('POST', '/api/v1/widget/chats', {
      headers: widgetKey(),
      body: { message: 'Chat at the limit', email: 'chat@example.com' },
    });
    expect(chat.status).toBe(201);
    expect(chat.body.chat.state).toBe('ended');
    clock.advance(1000);
    const mail = await h.json('POST', '/api/v1/inbound/email', {
      rawBody: new Uint8Array(
        Buffer.from(
          `From: mail@example.com\r\nTo: ${t.tenant.inboundEmail}\r\nSubject: Mail at the limit\r\nMessage-ID: <m1@example.com>\r\n\r\nPlease answer`,
        ),
      ),
      token: INBOUND_TOKEN,
      headers: { 'content-type': 'message/rfc822' },
    });
    expect(mail.status).toBe(202);
    expect(await listed()).toEqual(['Widget 1']);
    expect((await usage()).tickets.held).toBe(2);

    // Nothing is released while the period lasts; the sweep in the next one releases up to the allowance, oldest first.
    expect(await releaseAllHeld(h.db, clock.now())).toBe(0);
    clock.set('2026-04-02T10:00:00.000Z');
    expect(await releaseAllHeld(h.db, clock.now())).toBe(1);
    expect(await listed()).toEqual(['Chat: Chat at the limit', 'Widget 1']);
    clock.set('2026-05-02T10:00:00.000Z');
    expect(await releaseAllHeld(h.db, clock.now())).toBe(1);
    expect(await listed()).toEqual(['Mail at the limit', 'Chat: Chat at the limit', 'Widget 1']);
    expect((await usage()).tickets).toEqual({ used: 1, limit: 1, overage: 0, held: 0 });
  });

  it('accepts visitor tickets as overage on usage pricing, counted as such, and a rebuild gives the same figures', async () => {
    const tenant = (await getTenant(h.db, t.tenant.id))!;
    await putTenantBilling(h.db, { ...(await getTenantBilling(h.db, tenant)), pricing: 'usage' });
    for (const n of [1, 2, 3]) expect((await fromWidget(n)).status).toBe(201);
    expect((await byAgent()).status).toBe(201);
    expect(await listed()).toHaveLength(4);
    const u = await usage();
    expect(u.pricing).toBe('usage');
    expect(u.tickets).toEqual({ used: 4, limit: 1, overage: 3, held: 0 });

    const period = periodOf(tenant.createdAt, clock.now());
    const before = await getLedger(h.db, tenant.id, period);
    await h.db.run('UPDATE usage_ledger SET tickets = 0, overage_tickets = 0 WHERE tenant_id = ?', [tenant.id]);
    await h.db.tx((tx) => rebuildLedgerTickets(tx, tenant.id, period));
    expect(await getLedger(h.db, tenant.id, period)).toEqual(before);
  });
});

describe("the operator's entitlement API", () => {
  it("turns a feature on by override, refuses bad bodies and other credentials, and lists every tenant's usage", async () => {
    const other = await h.signup();
    await h.json('PATCH', `/api/v1/tenants/${other.tenant.id}`, {
      ...h.platform,
      body: { subscription: { plan: 'starter' } },
    });
    const refused = await h.json('POST', '/api/v1/webhooks', {
      ...other.as,
      body: { url: 'https://hooks.example.com/x', events: ['ticket.created'] },
    });
    expect(refused.status).toBe(403);
    const on = await h.json('PUT', `/api/v1/tenants/${other.tenant.id}/entitlements`, {
      ...h.platform,
      body: { overrides: { features: { webhooks: true }, limits: { webhooks: 1 } } },
    });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ plan: 'starter', features: { webhooks: true }, limits: { webhooks: 1 } });
    const got = await h.json('GET', `/api/v1/tenants/${other.tenant.id}/entitlements`, h.platform);
    expect(got.body).toEqual(on.body);

    const bad = await h.json('PUT', `/api/v1/tenants/${other.tenant.id}/entitlements`, {
      ...h.platform,
      body: { addons: { agents: -1 } },
    });
    expect(bad.status).toBe(422);
    expect((await h.json('PUT', '/api/v1/tenants/ten_missing/entitlements', { ...h.platform, body: {} })).status).toBe(
      404,
    );
    expect((await h.json('GET', `/api/v1/tenants/${t.tenant.id}/entitlements`, t.as)).status).toBe(403);

    // A counted limit: the key made in beforeEach fills an override of one; revoking it would free the place.
    expect((await setEntitlements({ overrides: { limits: { apiKeys: 1 } } })).status).toBe(200);
    const extraKey = await h.json('POST', '/api/v1/api-keys', { ...t.as, body: { name: 'one too many' } });
    expect(extraKey.status).toBe(403);
    expect(extraKey.body).toMatchObject({ limit: 'maxApiKeys', max: 1, usage: 1 });

    const all = await h.json('GET', '/api/v1/platform/usage?limit=100', h.platform);
    expect(all.status).toBe(200);
    const ids = (all.body.data as { tenantId: string }[]).map((r) => r.tenantId);
    expect(ids).toEqual(expect.arrayContaining([t.tenant.id, other.tenant.id]));
    const mine = (all.body.data as { tenantId: string; usage: { tickets: unknown } }[]).find(
      (r) => r.tenantId === t.tenant.id,
    );
    expect(mine!.usage.tickets).toMatchObject({ limit: 1 });
  });
});
