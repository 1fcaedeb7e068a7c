// The banner a suspended or cancelled account shows on every page: what still works, and who can lift it. A help
// desk its owner asked to delete says so, with the purge date and where to undo it, not "contact the operator";
// one billing closed (Stripe on) tells its owner to pay on the Account page, and everyone else that the owner can.
import { me } from '../state/session.ts';
import { href } from '../state/router.ts';
import { pendingDeletion } from '../state/tenant-deletion.ts';
import { dateTime } from './format.ts';
import { useLoad } from './use-load.ts';

export function AccountBanner() {
  const m = me.value;
  const status = m?.tenant.subscription.status;
  if (!m || status === 'active') return null;
  return status === 'cancelled' ? <CancelledBanner /> : <ClosedBanner status={status ?? 'inactive'} />;
}

function ClosedBanner({ status }: { status: string }) {
  const m = me.value;
  if (m?.closedByBilling) return <PayBanner status={status} owner={m.role?.id === 'owner'} />;
  return (
    <section class="account-banner" aria-labelledby="account-banner-title">
      <p>
        <strong id="account-banner-title">This account is {status}.</strong> You can see the account, export your data
        and sign out; tickets, customers and settings are closed until it is reactivated. To reactivate it, contact the
        operator of this help desk. <a href={href('/account')}>Plan and exports</a>
      </p>
    </section>
  );
}

/** Billing closed it: the owner pays (the open invoice, or Checkout for an ended subscription) on the Account page. */
function PayBanner({ status, owner }: { status: string; owner: boolean }) {
  const why =
    status === 'cancelled'
      ? 'The subscription has ended.'
      : 'The payment was not made within the grace period, so billing suspended it.';
  return (
    <section class="account-banner" aria-labelledby="account-banner-title">
      <p>
        <strong id="account-banner-title">This account is {status}.</strong> {why} You can see the account, export your
        data and sign out; tickets, customers and settings are closed until it is paid.{' '}
        {owner ? (
          <>
            As the owner you can open it again at once: pay under Plan & billing on the Account page (Manage billing for
            the open invoice, or Pay with Checkout). <a href={href('/account')}>Pay now</a>
          </>
        ) : (
          <>
            The account owner can open it again by paying under Plan & billing.{' '}
            <a href={href('/account')}>Plan and exports</a>
          </>
        )}
      </p>
    </section>
  );
}

/** Only the owner may read the pending deletion: anyone else (refused) sees the plain cancelled banner. */
function CancelledBanner() {
  const deletion = useLoad(pendingDeletion, []);
  const d = deletion.data;
  if (!d) return deletion.loading ? null : <ClosedBanner status="cancelled" />;
  return (
    <section class="account-banner" aria-labelledby="account-banner-title">
      <p>
        <strong id="account-banner-title">This help desk is being deleted.</strong> Everything in it is purged on{' '}
        {dateTime(d.purgeAfter)}. Until then you can export everything, or undo the deletion to open it again.{' '}
        <a href={href('/account')}>Export or undo</a>
      </p>
    </section>
  );
}
