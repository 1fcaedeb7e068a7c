// The banner a suspended or cancelled account shows on every page: what still works, and who can lift it. A help
// desk its owner asked to delete says so, with the purge date and where to undo it, not "contact the operator".
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
