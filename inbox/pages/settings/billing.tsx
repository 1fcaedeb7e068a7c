// Settings → Plan & billing (owners only): the plan and its state, this period's usage against the limits, plan and
// cycle changes with the prorated preview, cancel at period end (and undo), Stripe's portal and the invoices.
// With billing off (no Stripe on the server) the operator sets plans, so the tab only shows plan and usage.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import type { BillingSubscription, Invoice, Usage } from '../../types.ts';
import { useLoad } from '../../components/use-load.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { ListTable } from '../../components/list-table.tsx';
import { UsageMeter } from '../../components/usage-meter.tsx';
import { dateTime, formatBytes } from '../../components/format.ts';
import { ChangePlanCard } from './billing-plan.tsx';
import { cancellable, goTo, money, PLAN_LABELS, pricePer, STATE_LABELS, stateLines } from './billing-format.ts';

const count = (n: number) => n.toLocaleString('en-US');

export function BillingTab() {
  const sub = useLoad(() => api.get<BillingSubscription>('/billing/subscription'), []);
  const usage = useLoad(() => api.get<Usage>('/usage'), []);
  const s = sub.data;
  if (sub.error) return <ErrorNotice error={sub.error} />;
  if (!s) return <p class="muted">Loading…</p>;
  const reload = () => {
    sub.reload();
    usage.reload();
  };
  return (
    <div class="stack billing">
      <PlanCard sub={s} onChanged={reload} />
      <UsageCard usage={usage.data} error={usage.error} />
      {s.provider === 'stripe' && s.plan !== 'enterprise' && <ChangePlanCard sub={s} onChanged={reload} />}
      {s.provider === 'stripe' && s.hasBillingAccount && <InvoicesCard />}
    </div>
  );
}

function PlanCard({ sub, onChanged }: { sub: BillingSubscription; onChanged: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(what: () => Promise<void>, message?: string) {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await what();
      if (message) setDone(message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const cancel = () => {
    if (!confirm('Cancel the subscription at the end of the period? Everything works until then.')) return;
    run(async () => {
      await api.post('/billing/cancel');
      onChanged();
    }, 'The subscription ends at the end of the period.');
  };
  const resume = () =>
    run(async () => {
      await api.post('/billing/resume');
      onChanged();
    }, 'The cancellation is withdrawn: the subscription renews as before.');
  const portal = () =>
    run(async () => {
      goTo.url((await api.post<{ url: string }>('/billing/portal')).url);
    });

  return (
    <section class="card" aria-labelledby="billing-plan-title">
      <h2 id="billing-plan-title">
        {PLAN_LABELS[sub.plan]} plan{' '}
        <span class={`pill billing-state billing-${sub.state}`}>{STATE_LABELS[sub.state]}</span>
      </h2>
      <dl class="billing-facts">
        <dt>Billing cycle</dt>
        <dd>{sub.billingCycle === 'monthly' ? 'Monthly' : 'Yearly'}</dd>
        <dt>Pricing</dt>
        <dd>{sub.pricing === 'usage' ? 'Usage-based: past the allowance is billed as overage' : 'Flat'}</dd>
        <dt>Current period since</dt>
        <dd>{dateTime(sub.currentPeriodStart)}</dd>
        {sub.provider === 'stripe' && (
          <>
            <dt>Price</dt>
            <dd>
              {sub.plan === 'enterprise'
                ? 'Set by agreement'
                : pricePer(
                    sub.prices.find((p) => p.plan === sub.plan && p.cycle === sub.billingCycle)?.amount ?? 0,
                    sub.billingCycle,
                  )}
            </dd>
          </>
        )}
      </dl>
      {stateLines(sub).map((l) => (
        <p key={l}>{l}</p>
      ))}
      {sub.provider === 'off' ? (
        <p class="notice notice-info">
          Billing is not set up on this server: plans are set by the platform operator. Ask them to change yours.
        </p>
      ) : (
        <div class="actions">
          {sub.hasBillingAccount && (
            <button class="btn" type="button" disabled={busy} onClick={portal}>
              Manage billing
            </button>
          )}
          {cancellable(sub) &&
            (sub.cancelAtPeriodEnd ? (
              <button class="btn btn-primary" type="button" disabled={busy} onClick={resume}>
                Resume subscription
              </button>
            ) : (
              <button class="btn btn-danger-ghost" type="button" disabled={busy} onClick={cancel}>
                Cancel at period end
              </button>
            ))}
        </div>
      )}
      <ErrorNotice error={error} />
      {done && <Success>{done}</Success>}
    </section>
  );
}

function UsageCard({ usage, error }: { usage: Usage | undefined; error: unknown }) {
  // A closed account may not read its usage: that is no error to alarm the owner with.
  const closed = error instanceof ApiError && !!error.tenantStatus;
  return (
    <section class="card" aria-labelledby="billing-usage-title">
      <h2 id="billing-usage-title">Usage this period</h2>
      {closed ? <p class="muted">Usage is shown again once the account is open.</p> : <ErrorNotice error={error} />}
      {usage && (
        <>
          <p class="help">
            {dateTime(usage.period.start)} – {dateTime(usage.period.end)}. Marks at 80%; at 100% the limit applies.
          </p>
          <UsageMeter
            label="Tickets"
            value={usage.tickets}
            format={count}
            note={[
              usage.tickets.overage ? `${count(usage.tickets.overage)} billed as overage.` : '',
              usage.tickets.held ? `${count(usage.tickets.held)} customer messages wait for the limit to lift.` : '',
            ]
              .filter(Boolean)
              .join(' ')}
          />
          <UsageMeter
            label="API calls (API keys)"
            value={usage.apiCalls}
            format={count}
            note={
              usage.apiCalls.overage
                ? `${count(usage.apiCalls.overage)} billed as overage.`
                : usage.apiCalls.limit === null
                  ? undefined
                  : usage.pricing === 'usage'
                    ? 'Calls past the allowance are accepted and billed as overage.'
                    : 'At the limit API keys are refused until the next period; signed-in agents and the widget are not counted.'
            }
          />
          <UsageMeter label="File storage" value={usage.storageBytes} format={formatBytes} />
          <UsageMeter label="Seats" value={usage.agents} format={count} />
          <UsageMeter label="Active agents" value={usage.activeAgents} format={count} />
        </>
      )}
    </section>
  );
}

function InvoicesCard() {
  const invoices = useLoad(() => api.get<{ data: Invoice[] }>('/billing/invoices'), []);
  const rows = invoices.data?.data ?? [];
  return (
    <section class="card" aria-labelledby="billing-invoices-title">
      <h2 id="billing-invoices-title">Invoices</h2>
      <ErrorNotice error={invoices.error} />
      {invoices.data && (
        <ListTable columns={['Number', 'Date', 'Amount', 'Status']} empty={rows.length === 0 && 'No invoices yet.'}>
          {rows.map((i) => (
            <tr key={i.id}>
              <td>{i.number ?? '—'}</td>
              <td>{dateTime(i.createdAt)}</td>
              <td>{money(i.amountDue)}</td>
              <td>
                <span class={`pill pill-${i.status === 'paid' ? 'active' : 'pending'}`}>{i.status ?? 'draft'}</span>
              </td>
              <td>
                {i.hostedInvoiceUrl && (
                  <a href={i.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                    View
                  </a>
                )}{' '}
                {i.pdfUrl && (
                  <a href={i.pdfUrl} target="_blank" rel="noopener noreferrer">
                    PDF
                  </a>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
