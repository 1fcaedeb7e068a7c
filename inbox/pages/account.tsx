// Account: the plan and its usage, the owner's exports of tickets and customers (open even while suspended), and
// leaving: export everything, delete the help desk or take the deletion back.
import { api } from '../api.ts';
import { me, signOut } from '../state/session.ts';
import { cap, formatBytes } from '../components/format.ts';
import { useLoad } from '../components/use-load.ts';
import type { BillingSubscription, Usage } from '../types.ts';
import { TenantLifecycleCard } from './account-lifecycle.tsx';
import { lazyPage } from '../components/lazy.tsx';

/** A closed account shows only this page; its owner pays the open invoice (or subscribes again) from here. */
const BillingPanel = lazyPage(() => import('./settings/billing.tsx').then((m) => m.BillingTab));

/** The export endpoint streams a file; a plain link lets the browser save it with the session cookie. */
export const exportUrl = (resource: 'tickets' | 'customers', format: 'csv' | 'json') =>
  `/api/v1/analytics/export?resource=${resource}&format=${format}`;

/** "1.2 MB of 1 GB": the files kept (attachments) against the plan's storage. */
export const storageMeter = (m: Usage['storageBytes']) =>
  m.limit === null ? `${formatBytes(m.used)} (unlimited)` : `${formatBytes(m.used)} of ${formatBytes(m.limit)}`;

const meter = (m: Usage['agents']) => (m.limit === null ? `${m.used} (unlimited)` : `${m.used} of ${m.limit}`);

export function AccountPage() {
  const m = me.value!;
  const { plan, status } = m.tenant.subscription;
  // With Stripe on, the owner of a closed account pays the open invoice (or subscribes again) here; with billing off
  // the operator reopens it, as the plan card says.
  const owner = status !== 'active' && m.role?.id === 'owner';
  const billing = useLoad(
    () => (owner ? api.get<BillingSubscription>('/billing/subscription') : Promise.resolve(undefined)),
    [owner],
  );
  const billingHere = billing.data?.provider === 'stripe';
  // Usage is a nice-to-have here: a suspended account may not be allowed to read it.
  const usage = useLoad(() => api.get<Usage>('/usage'), []);
  return (
    <section class="page account" aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <div class="split">
        <section class="card" aria-labelledby="plan-title">
          <h2 id="plan-title">Plan</h2>
          <dl class="facts">
            <dt>Help desk</dt>
            <dd>{m.tenant.name}</dd>
            <dt>Plan</dt>
            <dd>{cap(plan)}</dd>
            <dt>Status</dt>
            <dd>
              <span class={`pill ${status === 'active' ? 'pill-active' : 'pill-disabled'}`}>{status}</span>
            </dd>
            {usage.data && (
              <>
                <dt>Tickets this month</dt>
                <dd>{meter(usage.data.tickets)}</dd>
                <dt>Agents</dt>
                <dd>{meter(usage.data.agents)}</dd>
                <dt>File storage</dt>
                <dd>{storageMeter(usage.data.storageBytes)}</dd>
                <dt>Largest file</dt>
                <dd>{formatBytes(usage.data.maxFileBytes)}</dd>
              </>
            )}
          </dl>
          {status !== 'active' && !billingHere && (
            <p class="help">
              Plan and status are changed by the operator of this help desk. Contact them to reactivate the account;
              until then you can see it, export your data and sign out.
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="export-title">
          <h2 id="export-title">Export your data</h2>
          <p class="help">
            Everything, oldest first. CSV opens in a spreadsheet; JSON keeps every field for another system.
          </p>
          <ul class="plain exports">
            {(['tickets', 'customers'] as const).map((r) => (
              <li key={r}>
                <strong>{cap(r)}</strong>{' '}
                <a class="btn btn-small" href={exportUrl(r, 'csv')} download>
                  Export {r} (CSV)
                </a>{' '}
                <a class="btn btn-small" href={exportUrl(r, 'json')} download>
                  Export {r} (JSON)
                </a>
              </li>
            ))}
          </ul>
          <button class="btn" type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </section>
      </div>
      {billingHere && (
        <section class="account-billing" aria-labelledby="account-billing-title">
          <h2 id="account-billing-title">Plan & billing</h2>
          <BillingPanel />
        </section>
      )}
      <TenantLifecycleCard tenantName={m.tenant.name} />
    </section>
  );
}
