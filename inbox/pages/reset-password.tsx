// Reset-password landing page: the link the owner handed over sets a new password and signs the agent in.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { loadMe } from '../state/session.ts';
import { href, navigate } from '../state/router.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { Field, splitError } from '../components/field.tsx';

export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fields, rest } = splitError(error, ['password'] as const);
  // A link that cannot be used is the one refusal here that no new password can fix.
  const deadLink = !token || (error instanceof ApiError && error.status === 400);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/reset-password', { token, password });
      await loadMe();
      navigate('/');
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main class="auth-page" id="main">
      <form class="auth-card" onSubmit={submit} aria-labelledby="reset-title" noValidate>
        <h1 id="reset-title">Choose a new password</h1>
        <p class="muted">
          This link works once. Setting a password signs you out everywhere else and signs you in here.
        </p>
        {!token ? (
          <div class="notice notice-error" role="alert">
            This link has no reset token. Ask the owner of your help desk account for a new link.
          </div>
        ) : (
          <ErrorNotice error={rest} />
        )}
        <Field
          id="reset-password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters; a passphrase of a few words is easy to remember."
          required
          value={password}
          error={fields.password}
          onInput={setPassword}
        />
        <button class="btn btn-primary" type="submit" disabled={busy || deadLink}>
          {busy ? 'Setting your password…' : 'Set password and sign in'}
        </button>
        <p class="auth-links">
          <a href={href('/')}>Back to sign in</a>
        </p>
      </form>
    </main>
  );
}
