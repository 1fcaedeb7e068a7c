// Billing's bad-input and fault paths (issue 22): an event for a customer nobody has, Stripe failing in the middle
// of a Checkout, and a plan change while the payment is overdue. Each answers clearly and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness, TestClock } from '../../test-support/harness.ts';
import type { StripeFake } from '../../test-support/stripe-fake.ts';
import { secs, startStripeHarness, type StripeHarness } from '../../test-support/stripe-harness.ts';

const PRICES = {
  starter: { monthly: 'price_starter_m', yearly: 'price_starter_y' },
  professional: { monthly: 'price_pro_m', yearly: 'price_pro_y' },
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

/** Everything a billing change could touch for a tenant, to compare before and after. */
const snapshot = async (tenantId: string) => ({
  tenant: await h.db.get('SELECT plan, status, updated_at FROM tenants WHERE id = ?', [tenantId]),
  sub: await h.db.get('SELECT * FROM subscriptions WHERE tenant_id = ?', [tenantId]),
  billing: await h.db.get('SELECT * FROM tenant_billing WHERE tenant_id = ?', [tenantId]),
  mails: (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM mail_outbox WHERE tenant_id = ?', [tenantId]))!.n,
});
const audited = (action: string) =>
  h.db.all<{ tenant_id: string | null; details: string }>(
    'SELECT tenant_id, details FROM audit_log WHERE action = ? ORDER BY rowid',
    [action],
  );

describe('a Stripe event for a customer nobody has', () => {
  it('is 200 ignored, audited with the customer, and changes no account, even one it names', async () => {
    const t = await h.signup();
    const before = await snapshot(t.tenant.id);
    for (const [i, type, object] of [
      [1, 'invoice.paid', { id: 'in_x', object: 'invoice', customer: 'cus_nobody' }],
      [2, 'customer.subscription.deleted', { id: 'sub_x', object: 'subscription', customer: 'cus_nobody' }],
      // Naming a real tenant does not make the customer its own.
      [
        3,
        'checkout.session.completed',
        { id: 'cs_x', object: 'checkout.session', customer: 'cus_nobody', client_reference_id: t.tenant.id },
      ],
    ] as const) {
      const r = await sendEvent({
        id: `evt_nobody_${i}`,
        type,
        created: secs(clock.now().toISOString()),
        data: { object },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('cus_nobody') });
    }
    expect(await snapshot(t.tenant.id)).toEqual(before);
    expect(await h.db.get("SELECT 1 FROM subscriptions WHERE stripe_customer_id = 'cus_nobody'")).toBeUndefined();
    const entries = await audited('billing.stripe_event_ignored');
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.tenant_id === null && JSON.parse(e.details).customer === 'cus_nobody')).toBe(true);
    // Stripe's retry of one of them is a duplicate, not a second audit entry.
    const again = await sendEvent({
      id: 'evt_nobody_1',
      type: 'invoice.paid',
      created: secs(clock.now().toISOString()),
      data: { object: { id: 'in_x', object: 'invoice', customer: 'cus_nobody' } },
    });
    expect(again.body.outcome).toBe('duplicate');
    expect(await audited('billing.stripe_event_ignored')).toHaveLength(3);
  });
});

describe('Stripe failing during Checkout', () => {
  it('answers 503 problem+json with Retry-After when Stripe fails after making the customer, and keeps nothing', async () => {
    const t = await h.signup();
    const before = await snapshot(t.tenant.id);
    fake.failing.set('/v1/checkout/sessions', 500);
    const r = await h.json('POST', '/api/v1/billing/checkout?plan=starter&cycle=monthly', t.as);
    expect(r.status).toBe(503);
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    expect(r.res.headers.get('retry-after')).toBe('60');
    expect(r.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/billing-provider-unavailable',
      detail: expect.stringMatching(/cannot be reached.*nothing was changed/),
    });
    expect(JSON.stringify(r.body)).not.toMatch(/Something went wrong on Stripe|cus_/);
    // The customer was made at Stripe (under the tenant's idempotency key, so a retry gets the same one) and the
    // session failed, retried by the client too.
    expect(fake.calls.filter((c) => c.path === '/v1/customers')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.path === '/v1/checkout/sessions').length).toBeGreaterThan(0);
    expect(await snapshot(t.tenant.id)).toEqual(before);
    expect(await audited('billing.checkout_started')).toHaveLength(0);

    // Stripe back: the retry gets its Checkout page and only now is the customer kept.
    fake.failing.clear();
    const ok = await h.json('POST', '/api/v1/billing/checkout?plan=starter&cycle=monthly', t.as);
    expect(ok.status).toBe(200);
    expect(ok.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    expect((await h.json('GET', '/api/v1/billing/subscription', t.as)).body.hasBillingAccount).toBe(true);
  });

  it('answers 502 problem+json when Stripe refuses the call (a bad price), with nothing kept', async () => {
    const t = await h.signup();
    const before = await snapshot(t.tenant.id);
    fake.failing.set('/v1/checkout/sessions', 400);
    const r = await h.json('POST', '/api/v1/billing/checkout?plan=professional&cycle=yearly', t.as);
    expect(r.status).toBe(502);
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toMatch(/refused the request; nothing was changed/);
    expect(JSON.stringify(r.body)).not.toContain('No such price');
    expect(await snapshot(t.tenant.id)).toEqual(before);
  });

  it('keeps no customer or audit entry when Stripe answers a session without a Checkout page', async () => {
    const t = await h.signup();
    const before = await snapshot(t.tenant.id);
    fake.checkoutPages = false;
    const r = await h.json('POST', '/api/v1/billing/checkout?plan=starter&cycle=monthly', t.as);
    expect(r.status).toBe(502);
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    expect(await snapshot(t.tenant.id)).toEqual(before);
    expect(await audited('billing.checkout_started')).toHaveLength(0);
  });
});

describe('a plan change while the payment is overdue', () => {
  it('is refused 402 with the reason, audited as refused, and changes nothing here or at Stripe', async () => {
    const t = await h.signup();
    expect((await h.json('POST', '/api/v1/billing/checkout?plan=professional&cycle=monthly', t.as)).status).toBe(200);
    const customer = fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params.customer!;
    const s = fake.addSubscription({
      customer,
      price: PRICES.professional.monthly,
      start: secs('2026-03-02T10:00:00Z'),
      end: secs('2026-04-02T10:00:00Z'),
    });
    const created = secs(clock.now().toISOString());
    await sendEvent({
      id: 'evt_co',
      type: 'checkout.session.completed',
      created,
      data: { object: { id: 'cs_1', object: 'checkout.session', customer, subscription: s.id } },
    });
    await sendEvent({
      id: 'evt_fail',
      type: 'invoice.payment_failed',
      created: created + 1,
      data: { object: { id: 'in_1', object: 'invoice', customer } },
    });
    const before = await snapshot(t.tenant.id);
    expect(before.sub).toMatchObject({ state: 'past_due' });
    const stripeCalls = fake.calls.length;

    const r = await h.json('POST', '/api/v1/billing/plan?plan=starter&cycle=yearly', t.as);
    expect(r.status).toBe(402);
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/payment-overdue',
      state: 'past_due',
      detail: expect.stringMatching(/payment failed.*Manage billing/),
    });
    // The preview says the same before anyone tries.
    const preview = await h.json('GET', '/api/v1/billing/preview?plan=starter', t.as);
    expect(preview.body).toMatchObject({ allowed: false, reason: r.body.detail });
    expect(fake.calls.length).toBe(stripeCalls);
    expect(await snapshot(t.tenant.id)).toEqual(before);
    const refused = await audited('billing.plan_change_refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.tenant_id).toBe(t.tenant.id);
    expect(JSON.parse(refused[0]!.details)).toMatchObject({
      plan: 'starter',
      cycle: 'yearly',
      state: 'past_due',
      status: 402,
    });
  });
});
