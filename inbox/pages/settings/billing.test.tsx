// @vitest-environment happy-dom
// Settings → Plan & billing: plan, state and usage; a plan change previewed before it is made; cancel and undo; the
// portal; billing off (read-only); refusals in words; the tab is the owner's only.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { BillingSubscription, Me, PlanPreview, Usage } from '../../types.ts';
import { me } from '../../state/session.ts';
import { BillingTab } from './billing.tsx';
import { goTo, money, stateLines } from './billing-format.ts';
import { previewLines } from './billing-plan.tsx';
import { SettingsPage } from '../settings.tsx';
import { AccountPage } from '../account.tsx';
import { meterLevel } from '../../components/usage-meter.tsx';

const sub = (over: Partial<BillingSubscription> = {}): BillingSubscription => ({
  plan: 'professional',
  billingCycle: 'monthly',
  pricing: 'flat',
  state: 'active',
  trialEndsAt: null,
  currentPeriodStart: '2026-03-01T00:00:00.000Z',
  nextBilling: '2026-04-01T00:00:00.000Z',
  cancelAtPeriodEnd: false,
  pastDueSince: null,
  graceEndsAt: null,
  provider: 'stripe',
  hasBillingAccount: true,
  prices: [
    { plan: 'starter', cycle: 'monthly', amount: 2900 },
    { plan: 'starter', cycle: 'yearly', amount: 29000 },
    { plan: 'professional', cycle: 'monthly', amount: 7900 },
    { plan: 'professional', cycle: 'yearly', amount: 79000 },
  ],
  ...over,
});

const usage: Usage = {
  plan: 'professional',
  pricing: 'flat',
  period: { month: '2026-03', start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
  tickets: { used: 4200, limit: 5000, overage: 0, held: 0 },
  apiCalls: { used: 100_000, limit: 100_000, overage: 0 },
  storageBytes: { used: 1024, limit: 10 * 1024 ** 3 },
  activeAgents: { used: 2, limit: 10 },
  agents: { used: 3, limit: 10 },
  maxFileBytes: 25 * 1024 ** 2,
};

const preview: PlanPreview = {
  plan: 'professional',
  cycle: 'yearly',
  currency: 'usd',
  credit: 3950,
  charge: 79000,
  amountDue: 75050,
  nextBilling: '2027-03-15T00:00:00.000Z',
  allowed: true,
  reason: null,
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });

type Route = (init: RequestInit) => Response;
function server(routes: Record<string, Route>) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const key = `${init.method} ${url}`;
      calls.push(key);
      const r = routes[key] ?? routes[`${init.method} ${url.split('?')[0]}`];
      return r ? r(init) : json({ title: 'Not Found', status: 404, detail: `no ${key}` }, 404);
    }),
  );
  return calls;
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

async function mount() {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<BillingTab />, root));
  await settle();
  await settle();
  return root;
}
const button = (root: Element, text: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement | undefined;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  me.value = undefined;
  document.body.innerHTML = '';
});

describe('Plan & billing tab', () => {
  it('shows plan, state, next billing date and each usage figure against its limit with the 80%/100% marks', async () => {
    server({ 'GET /api/v1/billing/subscription': () => json(sub()), 'GET /api/v1/usage': () => json(usage) });
    const root = await mount();
    const text = root.textContent!;
    expect(text).toContain('Professional plan');
    expect(root.querySelector('.billing-state')!.textContent).toBe('Active');
    expect(text).toContain('Next billing date:');
    const meters = [...root.querySelectorAll('.usage-meter')];
    expect(meters.map((m) => m.querySelector('.usage-label')!.textContent)).toEqual([
      'Tickets',
      'API calls (API keys)',
      'File storage',
      'Seats',
      'Active agents',
    ]);
    expect(meters[0]!.className).toContain('usage-near');
    expect(meters[0]!.textContent).toContain('4,200 of 5,000 · over 80%');
    expect(meters[1]!.className).toContain('usage-at');
    expect(meters[1]!.textContent).toContain('limit reached');
    expect(meters[1]!.querySelector('[role=meter]')!.getAttribute('aria-valuemax')).toBe('100000');
    expect(meters[3]!.className).toBe('usage-meter');
  });

  it('previews a switch to yearly before confirming it, then posts the change', async () => {
    const calls = server({
      'GET /api/v1/billing/subscription': () => json(sub()),
      'GET /api/v1/usage': () => json(usage),
      'GET /api/v1/billing/invoices': () => json({ data: [] }),
      'GET /api/v1/billing/preview': () => json(preview),
      'POST /api/v1/billing/plan': () => json(sub({ billingCycle: 'yearly' })),
    });
    const root = await mount();
    const confirmButton = button(root, 'Confirm change')!;
    expect(confirmButton.disabled).toBe(true);
    await act(() => root.querySelector<HTMLInputElement>('input[name=cycle][value=yearly]')!.click());
    await settle();
    expect(calls).toContain('GET /api/v1/billing/preview?plan=professional&cycle=yearly');
    expect(root.querySelector('.plan-preview')!.textContent).toContain('Due now: $750.50.');
    expect(calls.some((c) => c.startsWith('POST'))).toBe(false);
    expect(button(root, 'Confirm change')!.disabled).toBe(false);
    await act(
      () => void root.querySelector('.billing-change')!.dispatchEvent(new Event('submit', { cancelable: true })),
    );
    await settle();
    expect(calls).toContain('POST /api/v1/billing/plan?plan=professional&cycle=yearly');
    expect(root.textContent).toContain('Your plan is now Professional, billed yearly.');
  });

  it('says why a change is refused, in the words of the problem+json', async () => {
    server({
      'GET /api/v1/billing/subscription': () => json(sub()),
      'GET /api/v1/usage': () => json(usage),
      'GET /api/v1/billing/invoices': () => json({ data: [] }),
      'GET /api/v1/billing/preview': () => json({ ...preview, plan: 'starter', cycle: 'monthly' }),
      'POST /api/v1/billing/plan': () =>
        json(
          {
            type: 'https://helpdesk.dev/problems/payment-overdue',
            title: 'Payment overdue',
            status: 402,
            detail: 'The last payment failed (the subscription is past due).',
          },
          402,
        ),
    });
    const root = await mount();
    await act(() => root.querySelector<HTMLInputElement>('input[name=plan][value=starter]')!.click());
    await settle();
    await act(
      () => void root.querySelector('.billing-change')!.dispatchEvent(new Event('submit', { cancelable: true })),
    );
    await settle();
    expect(root.querySelector('[role=alert]')!.textContent).toContain('The last payment failed');
  });

  it('cancels at period end, offers the undo, and opens the portal', async () => {
    let current = sub();
    const calls = server({
      'GET /api/v1/billing/subscription': () => json(current),
      'GET /api/v1/usage': () => json(usage),
      'GET /api/v1/billing/invoices': () =>
        json({
          data: [
            {
              id: 'in_1',
              number: 'HD-0001',
              status: 'paid',
              currency: 'usd',
              amountDue: 7900,
              amountPaid: 7900,
              createdAt: '2026-03-01T00:00:00.000Z',
              hostedInvoiceUrl: 'https://invoice.stripe.test/in_1',
              pdfUrl: null,
            },
          ],
        }),
      'POST /api/v1/billing/cancel': () => json((current = sub({ cancelAtPeriodEnd: true }))),
      'POST /api/v1/billing/resume': () => json((current = sub())),
      'POST /api/v1/billing/portal': () => json({ url: 'https://billing.stripe.test/session' }),
    });
    vi.stubGlobal('confirm', () => true);
    const went = vi.spyOn(goTo, 'url').mockImplementation(() => undefined);
    const root = await mount();
    expect(root.querySelector('table')!.textContent).toContain('HD-0001');
    await act(() => button(root, 'Cancel at period end')!.click());
    await settle();
    await settle();
    expect(calls).toContain('POST /api/v1/billing/cancel');
    expect(root.textContent).toContain('Cancelled: the subscription ends on');
    await act(() => button(root, 'Resume subscription')!.click());
    await settle();
    await settle();
    expect(calls).toContain('POST /api/v1/billing/resume');
    expect(button(root, 'Cancel at period end')).toBeTruthy();
    await act(() => button(root, 'Manage billing')!.click());
    await settle();
    expect(went).toHaveBeenCalledWith('https://billing.stripe.test/session');
  });

  it('with billing off says the operator sets plans and shows plan and usage only', async () => {
    server({
      'GET /api/v1/billing/subscription': () => json(sub({ provider: 'off', hasBillingAccount: false })),
      'GET /api/v1/usage': () => json(usage),
    });
    const root = await mount();
    expect(root.textContent).toContain('plans are set by the platform operator');
    expect(root.querySelectorAll('.usage-meter')).toHaveLength(5);
    expect(root.querySelector('button')).toBeNull();
    expect(root.querySelector('form')).toBeNull();
  });

  it('offers Checkout to an unpaid trial beside the change', async () => {
    const calls = server({
      'GET /api/v1/billing/subscription': () =>
        json(sub({ state: 'trialing', trialEndsAt: '2026-03-15T00:00:00.000Z', hasBillingAccount: false })),
      'GET /api/v1/usage': () => json(usage),
      'POST /api/v1/billing/checkout': () => json({ url: 'https://checkout.stripe.test/c' }),
    });
    const went = vi.spyOn(goTo, 'url').mockImplementation(() => undefined);
    const root = await mount();
    expect(root.textContent).toContain('The trial ends on');
    expect(button(root, 'Confirm change')!.disabled).toBe(true);
    await act(() => button(root, 'Pay with Checkout')!.click());
    await settle();
    expect(calls).toContain('POST /api/v1/billing/checkout?plan=professional&cycle=monthly');
    expect(calls.some((c) => c.includes('/billing/preview') || c.includes('/billing/plan'))).toBe(false);
    expect(went).toHaveBeenCalledWith('https://checkout.stripe.test/c');
  });

  it('is a tab for owners only', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const who = (role: string) =>
      ({ role: { id: role, name: role, ownTicketsOnly: false }, permissions: ['settings:read'] }) as unknown as Me;
    me.value = who('admin');
    await act(() => render(<SettingsPage tab="branding" />, root));
    expect(root.querySelector('nav')!.textContent).not.toContain('Plan & billing');
    me.value = who('owner');
    await act(() => render(<SettingsPage tab="branding" />, root));
    expect(root.querySelector('nav')!.textContent).toContain('Plan & billing');
  });

  it('lets the owner of a suspended account pay from the Account page, the only page a closed account shows', async () => {
    server({
      'GET /api/v1/billing/subscription': () =>
        json(sub({ state: 'suspended', pastDueSince: '2026-03-01T00:00:00.000Z' })),
      'GET /api/v1/usage': () =>
        json({ title: 'Forbidden', status: 403, detail: 'This account is suspended.', tenantStatus: 'suspended' }, 403),
      'GET /api/v1/billing/invoices': () => json({ data: [] }),
      'POST /api/v1/billing/portal': () => json({ url: 'https://billing.stripe.test/pay' }),
    });
    const went = vi.spyOn(goTo, 'url').mockImplementation(() => undefined);
    me.value = {
      agent: { id: 'agt_1' },
      role: { id: 'owner', name: 'Owner', ownTicketsOnly: false },
      permissions: [],
      tenant: { id: 'ten_1', name: 'Trailhead', subscription: { plan: 'professional', status: 'suspended' } },
    } as unknown as Me;
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<AccountPage />, root));
    for (let i = 0; i < 5; i++) await settle();
    expect(root.textContent).toContain('suspended for an unpaid invoice');
    expect(root.textContent).toContain('Usage is shown again once the account is open.');
    expect(root.textContent).not.toContain('Contact them to reactivate');
    await act(() => button(root, 'Manage billing')!.click());
    await settle();
    expect(went).toHaveBeenCalledWith('https://billing.stripe.test/pay');
    await act(() => render(null, root));
  });

  it('words: money, preview, state lines, meter levels', () => {
    expect(money(2900)).toBe('$29.00');
    expect(previewLines({ ...preview, amountDue: -500 })).toContain(
      'Nothing due now: $5.00 is credited to the next invoice.',
    );
    expect(stateLines(sub({ state: 'past_due', graceEndsAt: '2026-03-20T00:00:00.000Z' }))[0]).toContain(
      'The last payment failed',
    );
    expect(meterLevel({ used: 79, limit: 100 })).toBeNull();
    expect(meterLevel({ used: 80, limit: 100 })).toBe('near');
    expect(meterLevel({ used: 100, limit: 100 })).toBe('at');
    expect(meterLevel({ used: 5, limit: null })).toBeNull();
  });
});
