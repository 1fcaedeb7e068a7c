// My account: who you are signed in as, and changing your own password (your other sessions are signed out).
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { me } from '../state/session.ts';
import { ErrorNotice, Success } from '../components/notice.tsx';
import { Field, FieldsNeedFixing, splitError } from '../components/field.tsx';
import { TwoFactorCard } from './my-account/two-factor.tsx';
import { SessionsCard } from './my-account/sessions.tsx';

const FIELDS = ['currentPassword', 'newPassword'] as const;

function ChangePasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const { fields, rest } = splitError(error, FIELDS);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.post('/me/password', { currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="password-title" noValidate>
      <h2 id="password-title">Change password</h2>
      <p class="help">You stay signed in here; every other browser or device you use is signed out.</p>
      {done && <Success>Your password was changed. Your other sessions were signed out.</Success>}
      <FieldsNeedFixing show={!rest && Object.keys(fields).length > 0} />
      <ErrorNotice error={rest} />
      <Field
        id="pw-current"
        label="Current password"
        type="password"
        autocomplete="current-password"
        required
        value={currentPassword}
        error={fields.currentPassword}
        onInput={setCurrent}
      />
      <Field
        id="pw-new"
        label="New password"
        type="password"
        autocomplete="new-password"
        hint="At least 10 characters; a passphrase of a few words is easy to remember."
        required
        value={newPassword}
        error={fields.newPassword}
        onInput={setNew}
      />
      <div class="actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

export function MyAccountPage() {
  const m = me.value!;
  return (
    <section class="page my-account" aria-labelledby="my-account-title">
      <h1 id="my-account-title">My account</h1>
      <div class="split">
        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Signed in as</h2>
          <dl class="facts">
            <dt>Name</dt>
            <dd>{m.agent?.name}</dd>
            <dt>Email</dt>
            <dd class="wrap-anywhere">{m.agent?.email}</dd>
            <dt>Role</dt>
            <dd>{m.role?.name}</dd>
            <dt>Help desk</dt>
            <dd>{m.tenant.name}</dd>
          </dl>
        </section>
        <ChangePasswordForm />
      </div>
      <TwoFactorCard />
      <SessionsCard />
    </section>
  );
}
