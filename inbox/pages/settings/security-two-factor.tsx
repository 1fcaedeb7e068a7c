// Settings → Security: the tenant's two-factor policy.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { can, loadMe, me } from '../../state/session.ts';

export function TwoFactorPolicySection() {
  const tenant = me.value!.tenant;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const on = tenant.security.requireTwoFactor === true;

  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.patch(`/tenants/${tenant.id}`, { security: { requireTwoFactor: next } });
      await loadMe();
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="two-factor-policy-title">
      <h2 id="two-factor-policy-title">Two-factor sign-in</h2>
      <p class="help">
        When required, every agent must sign in with a second factor: a code from an authenticator app or a passkey.
        Agents without one are walked through setting it up at their next sign-in and cannot use the inbox or the API
        with their session until they have. An agent who lost their phone can use a recovery code, or an owner resets
        their two-factor under Settings → Agents.
      </p>
      {saved && <Success>Saved.</Success>}
      <ErrorNotice error={error} />
      <label class="checkbox">
        <input
          type="checkbox"
          checked={on}
          disabled={busy || !can('settings:update')}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />{' '}
        Require two-factor sign-in for every agent
      </label>
    </section>
  );
}
