import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness, TestClock } from '../../test-support/harness.ts';
import type { StripeFake } from '../../test-support/stripe-fake.ts';
import { secs, startStripeHarness, type StripeHarness } from '../../test-support/stripe-harness.ts';
import { sweepSubscriptions } from '../subscriptions/sweep.ts';
import { getTenant } from '../../tenants/queries.ts';
import { tenantUsage } from '../usage.ts';

const PRICES = {
  starter: { monthly: 'price_starter_m', yearly: 'price_starter_y' },
  professional: { monthly: 'price_pro_m', yearly: 'price_pro_y' },
  tickets: 'price_tickets',
  apiCalls: 'price_api_calls',
};

let h: Harness;
let fake: StripeFake;
let clock: TestClock;
let sendEvent: StripeHarness['sendEvent'];
let stripe: StripeHarness;

beforeEach(async () => {
  stripe = await startStripeHarness(PRICES);
  ({ h, fake, clock, sendEvent } = stripe);
});
afterEach(() => stripe.close());

/** A signed-up tenant paid through Checkout, then usage-priced on `cycle` with its periods from `anchor`. */
async function usagePriced(cycle: 'monthly' | 'yearly', anchor: string) {
  const t = await h.signup();
  expect((await h.json('POST', `/api/v1/billing/checkout?plan=professional&cycle=${cycle}`, t.as)).status).toBe(200);
  const customer = fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params.customer!;
  const s = fake.addSubscription({
    customer,
    price: PRICES.professional[cycle],
    start: secs('2026-03-02T10:00:00Z'),
    end: secs(cycle === 'monthly' ? '2026-04-02T10:00:00Z' : '2027-03-02T10:00:00Z'),
  });
  const r = await sendEvent({
    id: 'evt_checkout',
    type: 'checkout.session.completed',
    created: secs(clock.now().toISOString()),
    data: { object: { id: 'cs_1', object: 'checkout.session', customer, subscription: s.id } },
  });
  expect(r.body.outcome).toBe('applied');
  await h.db.run(
    `INSERT INTO tenant_billing (tenant_id, pricing, billing_cycle, cycle_anchor, addons, overrides, updated_at)
     VALUES (?, 'usage', ?, ?, '{}', '{}', ?)
     ON CONFLICT (tenant_id) DO UPDATE SET pricing = 'usage', billing_cycle = excluded.billing_cycle,
       cycle_anchor = excluded.cycle_anchor`,
    [t.tenant.id, cycle, anchor, anchor],
  );
  return t;
}

const ledger = (tenantId: string, periodStart: string, tickets: number, keyCalls: number, overage: number) =>
  h.db.run(
    `INSERT INTO usage_ledger (tenant_id, period_start, tickets, api_key_calls, overage_api_calls) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET tickets = excluded.tickets, api_key_calls = excluded.api_key_calls,
       overage_api_calls = excluded.overage_api_calls`,
    [tenantId, periodStart, tickets, keyCalls, overage],
  );
const meterEvents = (name: string) =>
  fake.calls.filter((c) => c.path === '/v1/billing/meter_events' && c.params.event_name === name).map((c) => c.params);

describe('metered usage reported to Stripe from the usage ledger', () => {
  it('reports the closed period’s tickets and API-call overage as GET /usage showed them, once each', async () => {
    const t = await usagePriced('monthly', '2026-03-02T10:00:00.000Z');
    await ledger(t.tenant.id, '2026-03-02T10:00:00.000Z', 7, 1_000_250, 250);
    clock.set('2026-04-02T09:59:00.000Z');
    // What GET /usage answers (its one reading), just before the period closes.
    const shown = await tenantUsage(h.db, (await getTenant(h.db, t.tenant.id))!, clock.now());
    expect(shown).toMatchObject({ tickets: { used: 7 }, apiCalls: { used: 1_000_250, overage: 250 } });

    clock.set('2026-04-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps);
    await sweepSubscriptions(h.deps);
    const id = `${t.tenant.id}:2026-03-02T10:00:00.000Z`;
    expect(meterEvents('helpdesk_tickets')).toEqual([
      expect.objectContaining({ identifier: id, 'payload[value]': String(shown.tickets.used) }),
    ]);
    expect(meterEvents('helpdesk_api_calls')).toEqual([
      expect.objectContaining({ identifier: `${id}:api_calls`, 'payload[value]': String(shown.apiCalls.overage) }),
    ]);
    expect(
      await h.db.all('SELECT period_start, tickets, api_calls FROM stripe_usage_reports WHERE tenant_id = ?', [
        t.tenant.id,
      ]),
    ).toEqual([{ period_start: '2026-03-02T10:00:00.000Z', tickets: 7, api_calls: 250 }]);
    const audited = await h.db.get<{ details: string }>(
      "SELECT details FROM audit_log WHERE tenant_id = ? AND action = 'billing.usage_reported'",
      [t.tenant.id],
    );
    expect(JSON.parse(audited!.details)).toMatchObject({ tickets: 7, apiCalls: 250 });

    // A period with no API calls past the allowance sends its tickets only.
    clock.set('2026-05-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps);
    expect(meterEvents('helpdesk_tickets')).toHaveLength(2);
    expect(meterEvents('helpdesk_api_calls')).toHaveLength(1);
  });

  it('reports every closed monthly period of a yearly subscription once, a missed sweep included', async () => {
    // Periods count from the anchor to the millisecond, as the ledger keys them.
    const t = await usagePriced('yearly', '2026-03-02T10:00:00.250Z');
    await ledger(t.tenant.id, '2026-03-02T10:00:00.250Z', 3, 0, 0);
    await ledger(t.tenant.id, '2026-04-02T10:00:00.250Z', 4, 0, 0);
    await ledger(t.tenant.id, '2026-05-02T10:00:00.250Z', 5, 9, 9);
    clock.set('2026-04-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps);
    // No sweep in May (the server was down): June's sweep reports April and May.
    clock.set('2026-06-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps);
    await sweepSubscriptions(h.deps);
    const sent = meterEvents('helpdesk_tickets').map((p) => [p.identifier, p['payload[value]']]);
    expect(sent).toEqual([
      [`${t.tenant.id}:2026-03-02T10:00:00.250Z`, '3'],
      [`${t.tenant.id}:2026-04-02T10:00:00.250Z`, '4'],
      [`${t.tenant.id}:2026-05-02T10:00:00.250Z`, '5'],
    ]);
    expect(meterEvents('helpdesk_api_calls').map((p) => p.identifier)).toEqual([
      `${t.tenant.id}:2026-05-02T10:00:00.250Z:api_calls`,
    ]);
    // Each event is filed at its period's last second, inside the invoice of that period.
    expect(meterEvents('helpdesk_tickets')[2]!.timestamp).toBe(String(secs('2026-06-02T10:00:00.250Z') - 1));
  });

  it('a cancelled subscription still reports the periods it used, up to the one it ended in, and none after', async () => {
    const t = await usagePriced('monthly', '2026-03-02T10:00:00.000Z');
    await ledger(t.tenant.id, '2026-03-02T10:00:00.000Z', 7, 0, 0);
    await ledger(t.tenant.id, '2026-04-02T10:00:00.000Z', 3, 40, 40);
    clock.set('2026-04-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps); // March
    clock.set('2026-04-15T12:00:00.000Z'); // cancelled mid-April
    const customer = fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params.customer!;
    const sub = (await h.db.get<{ id: string }>(
      'SELECT stripe_subscription_id AS id FROM subscriptions WHERE tenant_id = ?',
      [t.tenant.id],
    ))!.id;
    const ended = await sendEvent({
      id: 'evt_deleted',
      type: 'customer.subscription.deleted',
      created: secs(clock.now().toISOString()),
      data: { object: { id: sub, object: 'subscription', customer } },
    });
    expect(ended.body.outcome).toBe('applied');
    expect(
      (await h.db.get<{ state: string }>('SELECT state FROM subscriptions WHERE tenant_id = ?', [t.tenant.id]))!.state,
    ).toBe('cancelled');

    clock.set('2026-05-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps);
    clock.set('2026-06-03T10:00:00.000Z'); // May began after the end: nothing for it
    await sweepSubscriptions(h.deps);
    expect(meterEvents('helpdesk_tickets').map((p) => [p.identifier, p['payload[value]']])).toEqual([
      [`${t.tenant.id}:2026-03-02T10:00:00.000Z`, '7'],
      [`${t.tenant.id}:2026-04-02T10:00:00.000Z`, '3'],
    ]);
    expect(meterEvents('helpdesk_api_calls').map((p) => p['payload[value]'])).toEqual(['40']);
  });

  it('writes nothing while Stripe is unreachable and reports the period on the next sweep', async () => {
    const t = await usagePriced('monthly', '2026-03-02T10:00:00.000Z');
    await ledger(t.tenant.id, '2026-03-02T10:00:00.000Z', 2, 5, 5);
    clock.set('2026-04-03T10:00:00.000Z');
    fake.down = true;
    await sweepSubscriptions(h.deps);
    expect(await h.db.get('SELECT 1 FROM stripe_usage_reports WHERE tenant_id = ?', [t.tenant.id])).toBeUndefined();
    fake.down = false;
    await sweepSubscriptions(h.deps);
    expect(meterEvents('helpdesk_tickets')).toHaveLength(1);
    expect(meterEvents('helpdesk_api_calls')).toHaveLength(1);
  });

  it('subscribes a usage-priced tenant at Checkout to both metered prices, tickets and API calls', async () => {
    const t = await h.signup();
    await h.db.run(
      `INSERT INTO tenant_billing (tenant_id, pricing, billing_cycle, cycle_anchor, addons, overrides, updated_at)
       VALUES (?, 'usage', 'monthly', ?, '{}', '{}', ?)`,
      [t.tenant.id, '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z'],
    );
    expect((await h.json('POST', '/api/v1/billing/checkout?plan=starter&cycle=monthly', t.as)).status).toBe(200);
    expect(fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params).toMatchObject({
      'line_items[0][price]': PRICES.starter.monthly,
      'line_items[1][price]': 'price_tickets',
      'line_items[2][price]': 'price_api_calls',
    });
  });
});
