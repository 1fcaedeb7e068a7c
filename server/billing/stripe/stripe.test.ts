import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClock } from '../../test-support/harness.ts';
import type { StripeFake } from '../../test-support/stripe-fake.ts';
import {
  secs,
  signer,
  startStripeHarness,
  WEBHOOK_SECRET,
  type StripeHarness,
} from '../../test-support/stripe-harness.ts';
import { sweepSubscriptions } from '../subscriptions/sweep.ts';
import { getTenant } from '../../tenants/queries.ts';
import { loadEntitlements } from '../entitlements.ts';

const SECRET = WEBHOOK_SECRET;
const PRICES = {
  starter: { monthly: 'price_starter_m', yearly: 'price_starter_y' },
  professional: { monthly: 'price_pro_m', yearly: 'price_pro_y' },
  tickets: 'price_tickets',
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

const subscription = async (as: object) => (await h.json('GET', '/api/v1/billing/subscription', as)).body;
const mails = (tenantId: string) =>
  h.db.all<{ kind: string; subject: string; recipient: string }>(
    "SELECT kind, subject, recipient FROM mail_outbox WHERE tenant_id = ? AND kind = 'billing' ORDER BY created_at, rowid",
    [tenantId],
  );

/** Signs up, runs Checkout and has Stripe answer it as a paid subscription. */
async function subscribed(plan = 'professional') {
  const t = await h.signup();
  const co = await h.json('POST', `/api/v1/billing/checkout?plan=${plan}&cycle=monthly`, t.as);
  expect(co.status).toBe(200);
  const customer = fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params.customer!;
  const s = fake.addSubscription({
    customer,
    price: plan === 'starter' ? PRICES.starter.monthly : PRICES.professional.monthly,
    start: secs('2026-03-02T10:00:00Z'),
    end: secs('2026-04-02T10:00:00Z'),
  });
  const r = await sendEvent({
    id: 'evt_checkout_' + customer,
    type: 'checkout.session.completed',
    created: secs(clock.now().toISOString()),
    data: {
      object: {
        id: 'cs_1',
        object: 'checkout.session',
        customer,
        subscription: s.id,
        client_reference_id: t.tenant.id,
      },
    },
  });
  expect(r.body.outcome).toBe('applied');
  return { t, customer, sub: s };
}

describe('subscriptions with Stripe', () => {
  it('starts a self-service sign-up on a 14-day professional trial, audited and mailed to the owner', async () => {
    const t = await h.signup();
    const s = await subscription(t.as);
    expect(s).toMatchObject({
      plan: 'professional',
      state: 'trialing',
      provider: 'stripe',
      trialEndsAt: '2026-03-16T10:00:00.000Z',
      nextBilling: '2026-03-16T10:00:00.000Z',
    });
    expect((await mails(t.tenant.id))[0]).toMatchObject({
      recipient: t.agent.email.toLowerCase(),
      subject: expect.stringContaining('trial'),
    });
    const audit = await h.db.get("SELECT 1 FROM audit_log WHERE tenant_id = ? AND action = 'billing.trial_started'", [
      t.tenant.id,
    ]);
    expect(audit).toBeTruthy();
  });

  it('runs Checkout, then applies the signed events once: a replay and an older event change nothing', async () => {
    const { t, customer, sub } = await subscribed();
    expect(fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: t.tenant.id,
      'line_items[0][price]': PRICES.professional.monthly,
    });
    expect(await subscription(t.as)).toMatchObject({
      state: 'active',
      nextBilling: '2026-04-02T10:00:00.000Z',
      hasBillingAccount: true,
    });

    clock.advance(60_000);
    const failed = {
      id: 'evt_fail',
      type: 'invoice.payment_failed',
      created: secs(clock.now().toISOString()),
      data: { object: { id: 'in_1', object: 'invoice', customer } },
    };
    expect((await sendEvent(failed)).body.outcome).toBe('applied');
    expect((await subscription(t.as)).state).toBe('past_due');
    const paidEarlier = {
      id: 'evt_paid_old',
      type: 'invoice.paid',
      created: secs(clock.now().toISOString()) - 30,
      data: { object: { id: 'in_0', object: 'invoice', customer } },
    };
    expect((await sendEvent(paidEarlier)).body.outcome).toBe('stale');
    expect((await sendEvent(failed)).body.outcome).toBe('duplicate');
    expect((await subscription(t.as)).state).toBe('past_due');
    expect((await mails(t.tenant.id)).filter((m) => m.subject.includes('payment failed'))).toHaveLength(1);

    // A plan change while past due is refused with a clear answer and changes nothing.
    const change = await h.json('POST', '/api/v1/billing/plan?plan=starter', t.as);
    expect(change.status).toBe(402);
    expect(change.body.detail).toMatch(/payment failed/i);
    expect(fake.subscriptions.get(sub.id).items.data[0].price.id).toBe(PRICES.professional.monthly);

    clock.advance(60_000);
    await sendEvent({
      id: 'evt_paid',
      type: 'invoice.paid',
      created: secs(clock.now().toISOString()),
      data: { object: { id: 'in_2', object: 'invoice', customer } },
    });
    expect((await subscription(t.as)).state).toBe('active');
  });

  it('refuses a bad signature with 400 and changes nothing; an unknown customer is 200 ignored and audited', async () => {
    const { t, customer } = await subscribed();
    const evt = {
      id: 'evt_bad',
      type: 'customer.subscription.deleted',
      created: secs(clock.now().toISOString()) + 5,
      data: { object: { id: 'sub_x', object: 'subscription', customer } },
    };
    const bad = await sendEvent(evt, 'whsec_wrong');
    expect(bad.status).toBe(400);
    expect((await subscription(t.as)).state).toBe('active');
    const none = await h.json('POST', '/api/v1/billing/stripe/webhook', { body: evt });
    expect(none.status).toBe(401);

    const unknown = await sendEvent({
      ...evt,
      id: 'evt_unknown',
      data: { object: { id: 'sub_y', object: 'subscription', customer: 'cus_nobody' } },
    });
    expect(unknown.body).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('cus_nobody') });
    expect(await h.db.get("SELECT 1 FROM audit_log WHERE action = 'billing.stripe_event_ignored'")).toBeTruthy();
  });

  it('changes plan with a proration preview, cancels at period end and resumes, through Stripe', async () => {
    const { t, sub } = await subscribed();
    clock.set('2026-03-10T10:00:00.000Z'); // 23 of the period's 31 days left
    const preview = await h.json('GET', '/api/v1/billing/preview?plan=starter', t.as);
    expect(preview.body).toMatchObject({
      plan: 'starter',
      cycle: 'monthly',
      allowed: true,
      credit: 5861,
      charge: 2152,
      amountDue: -3709,
    });
    const changed = await h.json('POST', '/api/v1/billing/plan?plan=starter', t.as);
    expect(changed.status).toBe(200);
    expect(changed.body.plan).toBe('starter');
    expect(fake.subscriptions.get(sub.id).items.data[0].price.id).toBe(PRICES.starter.monthly);
    expect((await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as)).body.subscription.plan).toBe('starter');

    expect((await h.json('POST', '/api/v1/billing/cancel', t.as)).body.cancelAtPeriodEnd).toBe(true);
    expect(fake.subscriptions.get(sub.id).cancel_at_period_end).toBe(true);
    expect((await h.json('POST', '/api/v1/billing/resume', t.as)).body.cancelAtPeriodEnd).toBe(false);
    const subjects = (await mails(t.tenant.id)).map((m) => m.subject);
    expect(subjects.some((s) => s.includes('Starter'))).toBe(true);
    expect(subjects.some((s) => s.includes('ends at the end of the period'))).toBe(true);
  });

  it('answers 503 when Stripe is unreachable during checkout, and nothing is half-made', async () => {
    const t = await h.signup();
    fake.down = true;
    const r = await h.json('POST', '/api/v1/billing/checkout?plan=starter', t.as);
    expect(r.status).toBe(503);
    expect(r.body.detail).toMatch(/cannot be reached/);
    expect((await subscription(t.as)).hasBillingAccount).toBe(false);
  });

  it('keeps billing to owners, and open to the owner of a suspended account after the grace period', async () => {
    const { t, customer } = await subscribed();
    const key = await t.apiKey();
    expect((await h.json('GET', '/api/v1/billing/subscription', { token: key })).status).toBe(403);
    await sendEvent({
      id: 'evt_f',
      type: 'invoice.payment_failed',
      created: secs(clock.now().toISOString()) + 1,
      data: { object: { id: 'in_1', object: 'invoice', customer } },
    });
    clock.advance(8 * 24 * 3600e3);
    expect(await sweepSubscriptions(h.deps)).toBe(1);
    expect((await h.json('GET', `/api/v1/tickets`, t.as)).status).toBe(403);
    // The inbox's banner learns that paying opens it (billing closed it, not the operator).
    expect((await h.json('GET', '/api/v1/me', t.as)).body.closedByBilling).toBe(true);
    const s = await h.json('GET', '/api/v1/billing/subscription', t.as);
    expect(s.body.state).toBe('suspended');
    expect((await h.json('POST', '/api/v1/billing/portal', t.as)).body.url).toMatch(
      /^https:\/\/billing\.stripe\.test\//,
    );
    expect((await h.json('GET', '/api/v1/billing/invoices', t.as)).body.data[0]).toMatchObject({
      number: 'HD-0001',
      amountPaid: 7900,
    });
    await sendEvent({
      id: 'evt_p',
      type: 'invoice.paid',
      created: secs(clock.now().toISOString()),
      data: { object: { id: 'in_2', object: 'invoice', customer } },
    });
    expect((await h.json('GET', `/api/v1/tickets`, t.as)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', t.as)).body.closedByBilling).toBe(false);
    // Suspended by the operator: paying is not the way back.
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...h.platform,
      body: { subscription: { status: 'suspended' } },
    });
    expect((await h.json('GET', '/api/v1/me', t.as)).body.closedByBilling).toBe(false);
  });

  it('reports a usage-priced tenant’s tickets of the closed period to Stripe once', async () => {
    const { t } = await subscribed();
    await h.db.run("UPDATE tenant_billing SET pricing = 'usage' WHERE tenant_id = ?", [t.tenant.id]);
    await h.db.run(
      "INSERT INTO tenant_billing (tenant_id, pricing, billing_cycle, cycle_anchor, addons, overrides, updated_at) VALUES (?, 'usage', 'monthly', ?, '{}', '{}', ?) ON CONFLICT (tenant_id) DO UPDATE SET pricing = 'usage'",
      [t.tenant.id, '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z'],
    );
    await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'Hi', message: 'Help', requester: { email: 'c@example.com' } },
    });
    clock.set('2026-04-03T10:00:00.000Z');
    await sweepSubscriptions(h.deps);
    await sweepSubscriptions(h.deps);
    const sent = fake.calls.filter((c) => c.path === '/v1/billing/meter_events');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toMatchObject({
      event_name: 'helpdesk_tickets',
      'payload[value]': '1',
      identifier: `${t.tenant.id}:2026-03-02T10:00:00.000Z`,
    });
  });
});

describe('the webhook body is what Stripe signed', () => {
  /** Odd but valid JSON: NUL and lone-surrogate escapes, an escaped emoji, raw non-ASCII, unusual whitespace. */
  const oddEvent = (customer: string, id: string) =>
    `{ "id" : "${id}",\n\t"object":"event","api_version":"2026-10-28.endive","livemode":false,` +
    `"type":"invoice.payment_failed","created":${secs(clock.now().toISOString())},` +
    `"data":{"object":{"id":"in_odd","object":"invoice","customer":"${customer}",` +
    `"description":"a\\u0000b \\ud800 \\ud83d\\ude00 Zoë","metadata":{"k\\u0000":"v"}}}}  `;
  const post = (payload: string, secret = SECRET) =>
    h.json('POST', '/api/v1/billing/stripe/webhook', {
      rawBody: payload,
      headers: {
        'stripe-signature': signer.webhooks.generateTestHeaderString({
          payload,
          secret,
          timestamp: secs(clock.now().toISOString()),
        }),
      },
    });
  const seen = async (id: string) => !!(await h.db.get('SELECT 1 FROM stripe_events WHERE id = ?', [id]));

  it('verifies a validly signed event with \\u0000 and lone-surrogate escapes against its raw bytes and applies it', async () => {
    const { t, customer } = await subscribed();
    clock.advance(60_000);
    const r = await post(oddEvent(customer, 'evt_odd'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.outcome).toBe('applied');
    expect((await subscription(t.as)).state).toBe('past_due');
    expect(await seen('evt_odd')).toBe(true);
  });

  it('refuses the same body badly signed with 400 and changes nothing', async () => {
    const { t, customer } = await subscribed();
    clock.advance(60_000);
    const r = await post(oddEvent(customer, 'evt_odd_bad'), 'whsec_wrong');
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/Stripe-Signature/);
    expect((await subscription(t.as)).state).toBe('active');
    expect(await seen('evt_odd_bad')).toBe(false);
    // One byte changed after signing is a bad signature too.
    const payload = oddEvent(customer, 'evt_odd_changed');
    const header = signer.webhooks.generateTestHeaderString({
      payload,
      secret: SECRET,
      timestamp: secs(clock.now().toISOString()),
    });
    const changed = await h.json('POST', '/api/v1/billing/stripe/webhook', {
      rawBody: payload.replace('Zoë', 'Zoe'),
      headers: { 'stripe-signature': header },
    });
    expect(changed.status).toBe(400);
    expect(await seen('evt_odd_changed')).toBe(false);
  });
});

describe('held tickets when a plan change lifts the ticket limit', () => {
  /** The starter allowance (1,000) used up this period, then a visitor writes in: kept, not shown. */
  async function atTheLimit(t: { tenant: { id: string; widgetKey: string } }) {
    const tenant = (await getTenant(h.db, t.tenant.id))!;
    const { period } = await loadEntitlements(h.db, tenant, clock.now());
    await h.db.run(
      'INSERT INTO usage_ledger (tenant_id, period_start, tickets) VALUES (?, ?, 1000) ON CONFLICT DO UPDATE SET tickets = 1000',
      [tenant.id, period.start.toISOString()],
    );
    const w = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      body: { subject: 'Kept at the limit', message: 'Please help', email: 'held@example.com' },
    });
    expect(w.status).toBe(201);
    expect(await held(t.tenant.id)).toBe(1);
  }
  const held = async (tenantId: string) =>
    (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets WHERE tenant_id = ? AND held_at IS NOT NULL', [
      tenantId,
    ]))!.n;
  const subjects = async (as: object) =>
    ((await h.json('GET', '/api/v1/tickets?limit=100', as)).body.data as { subject: string }[]).map((x) => x.subject);

  it('shows them at once after the owner moves to a higher plan (POST /billing/plan), not at the next sweep', async () => {
    const { t } = await subscribed('starter');
    await atTheLimit(t);
    expect(await subjects(t.as)).not.toContain('Kept at the limit');
    const changed = await h.json('POST', '/api/v1/billing/plan?plan=professional', t.as);
    expect(changed.status).toBe(200);
    expect(await held(t.tenant.id)).toBe(0);
    expect(await subjects(t.as)).toContain('Kept at the limit');
  });

  it('shows them at once when a Stripe webhook moves the subscription to a higher plan', async () => {
    const { t, customer, sub } = await subscribed('starter');
    await atTheLimit(t);
    const upgraded = structuredClone(fake.subscriptions.get(sub.id));
    upgraded.items.data[0].price.id = PRICES.professional.monthly;
    clock.advance(60_000);
    const r = await sendEvent({
      id: 'evt_upgrade',
      type: 'customer.subscription.updated',
      created: secs(clock.now().toISOString()),
      data: { object: { ...upgraded, customer } },
    });
    expect(r.body.outcome).toBe('applied');
    expect((await subscription(t.as)).plan).toBe('professional');
    expect(await held(t.tenant.id)).toBe(0);
    expect(await subjects(t.as)).toContain('Kept at the limit');
  });
});

describe('billing off', () => {
  it('leaves plans to the operator: no trial, plan change 403', async () => {
    const off = await createHarness();
    try {
      const t = await off.signup();
      const s = (await off.json('GET', '/api/v1/billing/subscription', t.as)).body;
      expect(s).toMatchObject({ provider: 'off', state: 'active', plan: 'professional', trialEndsAt: null });
      expect((await off.json('POST', '/api/v1/billing/plan?plan=starter', t.as)).status).toBe(403);
      expect(
        (
          await off.json('POST', '/api/v1/billing/stripe/webhook', {
            body: { id: 'evt', type: 'x', created: 1 },
            headers: { 'stripe-signature': 't=1,v1=00' },
          })
        ).status,
      ).toBe(404);
    } finally {
      await off.close();
    }
  });
});
