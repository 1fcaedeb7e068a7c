// Notifications: which mails the signed-in agent gets (new ticket, assigned to me, customer replied, and, for a role
// that reads reports, the weekly summary).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { can } from '../../state/session.ts';

interface Prefs {
  newTicket: boolean;
  assignedToMe: boolean;
  customerReplied: boolean;
  weeklySummary: boolean;
}

const CHOICES: [keyof Prefs, string][] = [
  ['newTicket', 'A new ticket arrives'],
  ['assignedToMe', 'A ticket is assigned to me'],
  ['customerReplied', 'The customer replies on a ticket assigned to me'],
];
const WEEKLY: [keyof Prefs, string] = ['weeklySummary', "Every Monday at 08:00: last week's figures (weekly summary)"];

export function NotificationsTab() {
  const loaded = useLoad(() => api.get<Prefs>('/me/notifications'), []);
  const [form, setForm] = useState<Prefs | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setForm(loaded.data);
  }, [loaded.data]);
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!form) return <p class="muted">Loading…</p>;

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      loaded.set(await api.patch<Prefs>('/me/notifications', form!));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={save} aria-labelledby="notif-title">
      <h2 id="notif-title">Email notifications</h2>
      <p class="help">Email me when…</p>
      {(can('analytics:read') ? [...CHOICES, WEEKLY] : CHOICES).map(([key, label]) => (
        <label class="check" key={key}>
          <input
            type="checkbox"
            checked={form[key]}
            onChange={(e) => {
              setSaved(false);
              setForm({ ...form, [key]: e.currentTarget.checked });
            }}
          />{' '}
          {label}
        </label>
      ))}
      <button class="btn primary" type="submit">
        Save
      </button>
      <ErrorNotice error={error} />
      {saved && <Success>Saved.</Success>}
    </form>
  );
}
