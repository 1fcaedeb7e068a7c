// Changing plan or billing cycle: pick one, see what it costs now (GET /billing/preview, prorated), then confirm
// (POST /billing/plan). Without a paid subscription yet the same choice goes to Stripe Checkout instead.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import type { BillingSubscription, PlanChoice, PlanPreview } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { dateTime } from '../../components/format.ts';
import { goTo, money, PLAN_LABELS, pricePer } from './billing-format.ts';

const CYCLES = ['monthly', 'yearly'] as const;

/** The query of a choice, as /billing/preview, /billing/plan and /billing/checkout read it. */
export const choiceQuery = (c: PlanChoice) => `plan=${c.plan}&cycle=${c.cycle}`;

/** The preview in words: what is credited, charged and due now, and from when the new price applies. */
export function previewLines(p: PlanPreview): string[] {
  const lines = [`${PLAN_LABELS[p.plan]}, billed ${p.cycle}.`];
  if (p.credit) lines.push(`Credit for the unused rest of the current plan: ${money(p.credit)}.`);
  lines.push(`Charge until the next billing date: ${money(p.charge)}.`);
  lines.push(
    p.amountDue >= 0
      ? `Due now: ${money(p.amountDue)}.`
      : `Nothing due now: ${money(-p.amountDue)} is credited to the next invoice.`,
  );
  lines.push(`Next billing date: ${dateTime(p.nextBilling)}.`);
  return lines;
}

/** Checkout instead of a change: no paid subscription yet (a trial not yet paid for, or one that ended). */
export const needsCheckout = (s: BillingSubscription) =>
  s.state === 'cancelled' || (s.state === 'trialing' && !s.hasBillingAccount);

export function ChangePlanCard({ sub, onChanged }: { sub: BillingSubscription; onChanged: () => void }) {
  const current: PlanChoice = {
    plan: sub.plan === 'starter' ? 'starter' : 'professional',
    cycle: sub.billingCycle,
  };
  const [choice, setChoice] = useState<PlanChoice>(current);
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // A trial not paid for yet can still change plan here (nothing is charged) and pay with Checkout; an ended
  // subscription can only start again through Checkout.
  const checkout = needsCheckout(sub);
  const changeable = sub.state !== 'cancelled';
  const unchanged = sub.plan === choice.plan && sub.billingCycle === choice.cycle;

  useEffect(() => {
    setPreview(null);
    if (!changeable || unchanged) return;
    let live = true;
    api
      .get<PlanPreview>(`/billing/preview?${choiceQuery(choice)}`)
      .then((p) => live && setPreview(p))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [choice.plan, choice.cycle, changeable, unchanged]);

  async function run(what: () => Promise<void>) {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await what();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const confirm = (e: Event) => {
    e.preventDefault();
    run(async () => {
      await api.post<BillingSubscription>(`/billing/plan?${choiceQuery(choice)}`);
      setDone(`Your plan is now ${PLAN_LABELS[choice.plan]}, billed ${choice.cycle}.`);
      onChanged();
    });
  };
  const payWithCheckout = () =>
    run(async () => {
      goTo.url((await api.post<{ url: string }>(`/billing/checkout?${choiceQuery(choice)}`)).url);
    });

  const pick = (next: Partial<PlanChoice>) => {
    setError(null);
    setDone(null);
    setChoice({ ...choice, ...next });
  };
  const price = (plan: PlanChoice['plan'], cycle: PlanChoice['cycle']) =>
    sub.prices.find((p) => p.plan === plan && p.cycle === cycle)?.amount;

  return (
    <form class="card form billing-change" onSubmit={confirm} aria-labelledby="plan-change-title">
      <h2 id="plan-change-title">{changeable ? 'Change plan' : 'Subscribe again'}</h2>
      <fieldset class="plan-options">
        <legend>Plan</legend>
        {(['starter', 'professional'] as const).map((plan) => (
          <label key={plan} class="check">
            <input
              type="radio"
              name="plan"
              value={plan}
              checked={choice.plan === plan}
              onChange={() => pick({ plan })}
            />{' '}
            {PLAN_LABELS[plan]}{' '}
            <span class="muted">
              {pricePer(price(plan, choice.cycle ?? 'monthly') ?? 0, choice.cycle ?? 'monthly')}
            </span>
            {sub.plan === plan && <span class="pill">current</span>}
          </label>
        ))}
      </fieldset>
      <fieldset class="plan-options">
        <legend>Billing cycle</legend>
        {CYCLES.map((cycle) => (
          <label key={cycle} class="check">
            <input
              type="radio"
              name="cycle"
              value={cycle}
              checked={choice.cycle === cycle}
              onChange={() => pick({ cycle })}
            />{' '}
            {cycle === 'monthly' ? 'Monthly' : 'Yearly (two months free)'}
          </label>
        ))}
      </fieldset>
      {checkout && (
        <p class="help">
          {changeable
            ? 'The trial is free. To keep the account after it, pay with Checkout: '
            : 'To use the account again, subscribe: '}
          you pay on Stripe’s secure page and come back here afterwards.
        </p>
      )}
      {!changeable ? null : unchanged ? (
        <p class="help">Pick another plan or cycle to see what it costs.</p>
      ) : (
        preview && (
          <div class="plan-preview" aria-live="polite">
            {previewLines(preview).map((l) => (
              <p key={l}>{l}</p>
            ))}
            {!preview.allowed && preview.reason && <p class="notice notice-error">{preview.reason}</p>}
          </div>
        )
      )}
      <div class="actions">
        {changeable && (
          <button class="btn btn-primary" type="submit" disabled={busy || unchanged || !preview || !preview.allowed}>
            Confirm change
          </button>
        )}
        {checkout && (
          <button class="btn" type="button" disabled={busy} onClick={payWithCheckout}>
            Pay with Checkout
          </button>
        )}
      </div>
      <ErrorNotice error={error} />
      {done && <Success>{done}</Success>}
    </form>
  );
}
