// My account: the agent's own second factors (authenticator app, recovery codes, passkeys), and the enrolment
// walk-through the inbox shows alone when the tenant requires two-factor and the agent has none yet.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { useLoad } from '../../components/use-load.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { checkEnrolment, enrolmentRequired, signOut } from '../../state/session.ts';
import type { TwoFactorStatus } from '../../types.ts';

/** The recovery codes, shown once, with copy and download. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  const text = codes.join('\n') + '\n';
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <div class="notice notice-info" role="status">
      <p>
        <strong>Save these recovery codes now.</strong> Each works once, if you lose your authenticator app. They are
        not shown again.
      </p>
      <ul aria-label="Recovery codes" class="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div class="row">
        <button
          class="btn"
          type="button"
          onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy codes'}
        </button>
        <a class="btn" href={download} download="helpdesk-recovery-codes.txt">
          Download codes
        </a>
      </div>
    </div>
  );
}

/** Scan (or type) a new secret, then prove it with a code. */
function TotpSetup({ onDone }: { onDone: (codes: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [qr, setQr] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!enrolment) return;
    let live = true;
    // qrcode is CommonJS: its functions are on the default export. Drawn here, nothing is fetched.
    void import('qrcode')
      .then((m) => m.default.toString(enrolment.otpauthUrl, { type: 'svg', margin: 1 }))
      .then((svg) => live && setQr(svg));
    return () => void (live = false);
  }, [enrolment]);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await api.post<{ secret: string; otpauthUrl: string }>('/me/two-factor/totp'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function verify(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ recoveryCodes: string[] }>('/me/two-factor/totp/verify', { code });
      onDone(r.recoveryCodes);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!enrolment)
    return (
      <>
        <ErrorNotice error={error} />
        <button class="btn btn-primary" type="button" disabled={busy} onClick={() => void start()}>
          Set up an authenticator app
        </button>
      </>
    );
  return (
    <form class="form" onSubmit={verify} aria-label="Verify authenticator app">
      <p>Scan this QR code with your authenticator app, or type the secret into it.</p>
      {qr && <div class="qr" role="img" aria-label="QR code of the secret" dangerouslySetInnerHTML={{ __html: qr }} />}
      <p>
        Secret: <code data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      <ErrorNotice error={error} />
      <label for="totp-code">Code from the app</label>
      <input
        id="totp-code"
        inputMode="numeric"
        autocomplete="one-time-code"
        required
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
      />
      <button class="btn btn-primary" type="submit" disabled={busy}>
        Verify and turn on
      </button>
    </form>
  );
}

/** Turn the app off or make new recovery codes: either needs a current code or the password. */
function TotpManage({ status, onChange }: { status: TwoFactorStatus; onChange: (codes?: string[]) => void }) {
  const [proof, setProof] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const body = () => (/^[\d\s]{6,8}$/.test(proof) ? { code: proof } : { password: proof });

  async function act(kind: 'disable' | 'codes') {
    setBusy(true);
    setError(null);
    try {
      if (kind === 'disable') {
        await api.post('/me/two-factor/totp/disable', body());
        onChange();
      } else {
        const r = await api.post<{ recoveryCodes: string[] }>('/me/two-factor/recovery-codes', body());
        onChange(r.recoveryCodes);
      }
      setProof('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="form">
      <p>
        Authenticator app: <strong>on</strong>. Recovery codes left: {status.recoveryCodesLeft}.
      </p>
      <ErrorNotice error={error} />
      <label for="totp-proof">Current code or password</label>
      <input id="totp-proof" type="password" value={proof} onInput={(e) => setProof(e.currentTarget.value)} />
      <div class="row">
        <button class="btn" type="button" disabled={busy || !proof} onClick={() => void act('codes')}>
          New recovery codes
        </button>
        <button class="btn btn-danger" type="button" disabled={busy || !proof} onClick={() => void act('disable')}>
          Turn off
        </button>
      </div>
    </div>
  );
}

function Passkeys({ status, onChange }: { status: TwoFactorStatus; onChange: () => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState(false);

  async function add(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setAdded(false);
    try {
      const { startRegistration } = await import('@simplewebauthn/browser');
      const { options, ceremony } = await api.post<{
        options: Parameters<typeof startRegistration>[0]['optionsJSON'];
        ceremony: string;
      }>('/me/passkeys/options');
      const response = await startRegistration({ optionsJSON: options });
      await api.post('/me/passkeys', { ceremony, name: name.trim() || 'Passkey', response });
      setName('');
      setAdded(true);
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setError(null);
    try {
      await api.del(`/me/passkeys/${id}`);
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="form" onSubmit={add} aria-labelledby="passkeys-title">
      <h3 id="passkeys-title">Passkeys</h3>
      <p class="help">A passkey signs you in without a password, or serves as your second step.</p>
      {added && <Success>Passkey added.</Success>}
      <ErrorNotice error={error} />
      {status.passkeys.length > 0 && (
        <ul aria-label="Your passkeys">
          {status.passkeys.map((p) => (
            <li key={p.id}>
              {p.name} <span class="muted">added {new Date(p.createdAt).toLocaleDateString()}</span>{' '}
              <button class="link-button" type="button" onClick={() => void remove(p.id)}>
                Remove {p.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label for="passkey-name">Passkey name</label>
      <input id="passkey-name" value={name} placeholder="Work laptop" onInput={(e) => setName(e.currentTarget.value)} />
      <button class="btn" type="submit" disabled={busy}>
        Add a passkey
      </button>
    </form>
  );
}

function TwoFactorControls({ onEnrolled }: { onEnrolled?: () => void }) {
  const status = useLoad(() => api.get<TwoFactorStatus>('/me/two-factor'), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const changed = async (fresh?: string[]) => {
    setCodes(fresh ?? null);
    await status.reload();
  };
  const s = status.data;
  return (
    <>
      <ErrorNotice error={status.error} />
      {codes && <RecoveryCodes codes={codes} />}
      {s && (
        <>
          <h3>Authenticator app</h3>
          {s.totp ? (
            <TotpManage status={s} onChange={(c) => void changed(c)} />
          ) : (
            <TotpSetup onDone={(c) => void changed(c)} />
          )}
          <Passkeys status={s} onChange={() => void changed()} />
          {onEnrolled && s.enrolled && (
            <button class="btn btn-primary" type="button" onClick={onEnrolled}>
              Continue to the inbox
            </button>
          )}
        </>
      )}
    </>
  );
}

export function TwoFactorCard() {
  return (
    <section class="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">Two-factor sign-in</h2>
      <p class="help">After your password, sign-in asks for a code from an app on your phone, or a passkey.</p>
      <TwoFactorControls />
    </section>
  );
}

/** Shown alone after sign-in while the tenant requires two-factor and the agent has none. */
export function EnrolTwoFactorPage() {
  return (
    <main class="auth-page" id="main">
      <section class="auth-card" aria-labelledby="enrol-title">
        <h1 id="enrol-title">Set up two-factor sign-in</h1>
        <p>
          Your help desk requires two-factor sign-in. Set up an authenticator app or a passkey to continue; until then
          the inbox is closed to you.
        </p>
        <TwoFactorControls onEnrolled={() => void checkEnrolment()} />
        <button
          class="link-button"
          type="button"
          onClick={() => {
            enrolmentRequired.value = false;
            void signOut();
          }}
        >
          Sign out
        </button>
      </section>
    </main>
  );
}
