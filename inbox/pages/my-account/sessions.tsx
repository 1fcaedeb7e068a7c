// My account: the agent's sessions (device, IP, last seen), ending any or all others.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import type { Session } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime, relative } from '../../components/format.ts';

/** How a session was started, in words. */
export const METHOD_NAMES: Record<Session['method'], string> = {
  password: 'Password',
  'two-factor': 'Password and two-factor',
  passkey: 'Passkey',
  oidc: 'Single sign-on (OIDC)',
  saml: 'Single sign-on (SAML)',
  invitation: 'Invitation',
  'password-reset': 'Password reset link',
};

/** The rows of a session list, with an "End session" button on each that may be ended. */
export function SessionRows({
  sessions,
  onEnd,
  endLabel = 'End session',
}: {
  sessions: Session[];
  onEnd: (s: Session) => void;
  endLabel?: string;
}) {
  return (
    <>
      {sessions.map((s) => (
        <tr key={s.id}>
          <td>
            {s.device} {s.current && <span class="pill pill-active">this device</span>}
          </td>
          <td class="mono">{s.ip ?? 'unknown'}</td>
          <td>{METHOD_NAMES[s.method]}</td>
          <td>{dateTime(s.createdAt)}</td>
          <td title={dateTime(s.lastSeenAt)}>{s.current ? 'now' : relative(s.lastSeenAt)}</td>
          <td>
            {!s.current && (
              <button
                class="btn btn-small btn-danger-ghost"
                type="button"
                aria-label={`${endLabel}: ${s.device}, ${s.ip ?? 'unknown address'}`}
                onClick={() => onEnd(s)}
              >
                {endLabel}
              </button>
            )}
          </td>
        </tr>
      ))}
    </>
  );
}

export const SESSION_COLUMNS = ['Device', 'Address', 'Signed in with', 'Started', 'Last seen'];

export function SessionsCard() {
  const sessions = useLoad(() => api.get<{ data: Session[] }>('/me/sessions'), []);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const list = sessions.data?.data ?? [];
  const others = list.filter((s) => !s.current).length;

  async function act(fn: () => Promise<string>) {
    setError(null);
    setNote('');
    try {
      setNote(await fn());
      await sessions.reload();
    } catch (err) {
      setError(err);
    }
  }
  const end = (s: Session) =>
    act(async () => {
      await api.del(`/me/sessions/${s.id}`);
      return `Signed out ${s.device} (${s.ip ?? 'unknown address'}).`;
    });
  const endOthers = () =>
    act(async () => {
      const r = await api.post<{ ended: number }>('/me/sessions/end-others');
      return r.ended === 1 ? 'Signed out 1 other session.' : `Signed out ${r.ended} other sessions.`;
    });

  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <p class="help">
        Each browser or device you signed in with. If you do not recognise one, end it and change your password.
      </p>
      <ErrorNotice error={error ?? sessions.error} />
      {note && <Success>{note}</Success>}
      <ListTable columns={SESSION_COLUMNS} empty={!sessions.loading && list.length === 0 && 'No sessions.'}>
        <SessionRows sessions={list} onEnd={end} />
      </ListTable>
      <div class="actions">
        <button class="btn" type="button" onClick={endOthers} disabled={others === 0}>
          Sign out everywhere else
        </button>
      </div>
    </section>
  );
}
