// Sign-in form: labelled Email and Password; a failure keeps what was typed and says why. Links to sign-up and
// says how to get back in after a forgotten password.
import { useState } from 'preact/hooks';
import { accountBlocked, pendingTwoFactor, signIn, signInWithPasskey } from '../state/session.ts';
import { href } from '../state/router.ts';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../components/form-errors.tsx';
import { SsoSignIn } from './sign-in-sso.tsx';
import { TwoFactorStep } from './sign-in-two-factor.tsx';

/** Sign-up, and a forgotten password: until outbound mail exists, that is the account owner's to reset. */
function AuthLinks() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div class="auth-links">
        <button
          class="link-button"
          type="button"
          aria-expanded={open}
          aria-controls="forgot-help"
          onClick={() => setOpen(!open)}
        >
          Forgot password?
        </button>
        <span>
          New here? <a href={href('/signup')}>Create a help desk</a>
        </span>
      </div>
      <div id="forgot-help" class="notice notice-info" hidden={!open}>
        Ask the owner of your help desk account for a password reset link. They make one in{' '}
        <strong>Settings → Agents → Reset password</strong>; it works once, for an hour. If you are the owner, ask the
        operator of this help desk.
      </div>
    </>
  );
}

export function SignInPage({ expired }: { expired?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
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

  function submit(e: Event) {
    e.preventDefault();
    void run(() => signIn(email, password));
  }

  if (pendingTwoFactor.value) return <TwoFactorStep />;

  const errors = formErrors(error, { email: 'Email', password: 'Password' }, { 401: 'Wrong email or password.' });
  return (
    <main class="auth-page" id="main">
      <form class="auth-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to your help desk</h1>
        {accountBlocked.value && !error ? (
          <div class="notice notice-error" role="alert">
            <strong>This help desk account is {accountBlocked.value.status}.</strong> Only its owner can still sign in,
            to settle its billing or export data. Ask them, or the operator of this help desk, to reactivate it.
          </div>
        ) : (
          expired && !error && <p class="muted">Your session ended. Sign in again to continue.</p>
        )}
        <FormSummary errors={errors} />
        <label for="signin-email">Email</label>
        <input
          id="signin-email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          {...invalidProps(errors, 'signin', 'email')}
        />
        <FieldMessage errors={errors} form="signin" name="email" />
        <label for="signin-password">Password</label>
        <input
          id="signin-password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          {...invalidProps(errors, 'signin', 'password')}
        />
        <FieldMessage errors={errors} form="signin" name="password" />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button class="btn" type="button" disabled={busy} onClick={() => void run(signInWithPasskey)}>
          Sign in with a passkey
        </button>
        <SsoSignIn email={email} />
        <AuthLinks />
      </form>
    </main>
  );
}
