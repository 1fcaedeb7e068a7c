// The banner a suspended or cancelled account shows on every page: what still works, and who can lift it.
import { me } from '../state/session.ts';
import { href } from '../state/router.ts';

export function AccountBanner() {
  const m = me.value;
  const status = m?.tenant.subscription.status;
  if (!m || status === 'active') return null;
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
