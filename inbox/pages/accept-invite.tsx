// Invitation landing page: the invitee sets a password and is signed in.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { loadMe } from '../state/session.ts';
import { navigate } from '../state/router.ts';
import { ErrorNotice } from '../components/notice.tsx';

export function AcceptInvitePage({ token }: { token: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/accept-invite', { token, password, ...(name.trim() ? { name } : {}) });
      await loadMe();
      navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="auth-page" id="main">
      <form class="auth-card" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">Join your team's help desk</h1>
        <p class="muted">Choose a password (at least 10 characters) to accept the invitation.</p>
        <ErrorNotice error={error} />
        <label for="invite-name">Your name (optional)</label>
        <input id="invite-name" autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="invite-password">Password</label>
        <input
          id="invite-password"
          type="password"
          autocomplete="new-password"
          minLength={10}
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <button class="btn btn-primary" type="submit" disabled={busy || !token}>
          Accept invitation
        </button>
      </form>
    </main>
  );
}
