// The second sign-in step: a code from the authenticator app, a recovery code, or a passkey.
import { useState } from 'preact/hooks';
import { completeTwoFactor, completeTwoFactorPasskey, pendingTwoFactor } from '../state/session.ts';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../components/form-errors.tsx';

export function TwoFactorStep() {
  const pending = pendingTwoFactor.value!;
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(!pending.methods.includes('totp'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const errors = formErrors(
    error,
    { code: recovery ? 'Recovery code' : 'Code' },
    { 401: 'That code is not correct or was used already. Sign in again if this keeps happening.' },
  );
  const label = recovery ? 'Recovery code' : 'Code from your authenticator app';
  return (
    <main class="auth-page" id="main">
      <form
        class="auth-card"
        aria-labelledby="two-factor-title"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => completeTwoFactor(code));
        }}
      >
        <h1 id="two-factor-title">Two-factor sign-in</h1>
        <FormSummary errors={errors} />
        {(pending.methods.includes('totp') || recovery) && (
          <>
            <label for="two-factor-code">{label}</label>
            <input
              id="two-factor-code"
              key={recovery ? 'recovery' : 'totp'}
              inputMode={recovery ? 'text' : 'numeric'}
              autocomplete="one-time-code"
              required
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              {...invalidProps(errors, 'two-factor', 'code')}
            />
            <FieldMessage errors={errors} form="two-factor" name="code" />
            <button class="btn btn-primary" type="submit" disabled={busy}>
              {busy ? 'Checking…' : 'Verify'}
            </button>
          </>
        )}
        <div class="auth-links">
          <button
            class="link-button"
            type="button"
            onClick={() => {
              setRecovery(!recovery);
              setCode('');
            }}
          >
            {recovery ? 'Use your authenticator app' : 'Use a recovery code'}
          </button>
          {pending.methods.includes('passkey') && (
            <button
              class="link-button"
              type="button"
              disabled={busy}
              onClick={() => void run(completeTwoFactorPasskey)}
            >
              Use a passkey
            </button>
          )}
          <button class="link-button" type="button" onClick={() => (pendingTwoFactor.value = null)}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  );
}
