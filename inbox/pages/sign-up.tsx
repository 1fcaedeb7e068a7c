// Sign-up: a new help desk and its owner (POST /signup); errors beside their fields; success lands in the new inbox.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { loadMe } from '../state/session.ts';
import { href, navigate } from '../state/router.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { Field, FieldsNeedFixing, splitError } from '../components/field.tsx';

export interface SignUpForm {
  tenantName: string;
  name: string;
  email: string;
  password: string;
}

const FIELDS = ['tenantName', 'name', 'email', 'password'] as const;

/** The signup body: names without the spaces around them (the password exactly as typed). */
export const signUpBodyOf = (f: SignUpForm) => ({
  tenantName: f.tenantName.trim(),
  name: f.name.trim(),
  email: f.email.trim(),
  password: f.password,
});

export function SignUpPage() {
  const [form, setForm] = useState<SignUpForm>({ tenantName: '', name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<SignUpForm>) => setForm({ ...form, ...patch });
  // 409 is the one refusal of a whole request that belongs to a field: the email is taken.
  const { fields, rest } = splitError(error, FIELDS, { 409: 'email' });

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/signup', signUpBodyOf(form));
      await loadMe();
      navigate('/');
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main class="auth-page" id="main">
      <form class="auth-card" onSubmit={submit} aria-labelledby="signup-title" noValidate>
        <h1 id="signup-title">Create your help desk</h1>
        <p class="muted">Start on the Professional plan. You will be its owner and can invite your team.</p>
        <FieldsNeedFixing show={!rest && Object.keys(fields).length > 0} />
        <ErrorNotice error={rest} />
        <Field
          id="signup-tenant"
          label="Help desk name"
          hint="Usually your company or product."
          autocomplete="organization"
          required
          maxLength={120}
          value={form.tenantName}
          error={fields.tenantName}
          onInput={(v) => set({ tenantName: v })}
        />
        <Field
          id="signup-name"
          label="Your name"
          autocomplete="name"
          required
          maxLength={120}
          value={form.name}
          error={fields.name}
          onInput={(v) => set({ name: v })}
        />
        <Field
          id="signup-email"
          label="Email"
          type="email"
          autocomplete="email"
          required
          value={form.email}
          error={fields.email}
          onInput={(v) => set({ email: v })}
        />
        <Field
          id="signup-password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters; a passphrase of a few words is easy to remember."
          required
          value={form.password}
          error={fields.password}
          onInput={(v) => set({ password: v })}
        />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Creating your help desk…' : 'Create help desk'}
        </button>
        <p class="auth-links">
          <span>
            Already have an account? <a href={href('/')}>Sign in</a>
          </span>
        </p>
      </form>
    </main>
  );
}
