// Email: the inbound address (slug), how to forward a support mailbox to it, the confirmation mail, the
// satisfaction question (CSAT, asked in the resolved mail and the widget), the mail log.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can, loadMe, me } from '../../state/session.ts';
import type { Tenant } from '../../types.ts';
import type { MailLogEntry } from '../../../server/mail/outbound-schemas.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { CsatCard } from './csat.tsx';

const KIND_LABELS: Record<MailLogEntry['kind'], string> = {
  confirmation: 'Confirmation',
  reply: 'Reply',
  resolved: 'Resolved notice',
  merged: 'Merged notice',
  agent_new_ticket: 'New ticket (agent)',
  agent_assigned: 'Assigned (agent)',
  agent_customer_replied: 'Customer replied (agent)',
  agent_ticket_woken: 'Back from snooze (agent)',
  erasure_confirmation: 'Delete-my-data confirmation',
  billing: 'Billing notice (owner)',
  weekly_summary: 'Weekly summary (agent)',
};
export const kindLabel = (k: string) => KIND_LABELS[k as MailLogEntry['kind']] ?? k;
export const statusLabel = (s: string) => (s === 'not_sent' ? 'not sent' : s);

function AddressCard({
  tenant,
  onSaved,
  editable,
}: {
  tenant: Tenant;
  onSaved: (t: Tenant) => void;
  editable: boolean;
}) {
  const [slug, setSlug] = useState(tenant.slug);
  const [confirm, setConfirm] = useState(tenant.settings.emailConfirmation !== false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setSlug(tenant.slug);
    setConfirm(tenant.settings.emailConfirmation !== false);
  }, [tenant]);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const next = await api.patch<Tenant>(`/tenants/${tenant.id}`, {
        ...(slug !== tenant.slug ? { slug } : {}),
        settings: { emailConfirmation: confirm },
      });
      onSaved(next);
      setSaved(true);
      void loadMe();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={save} aria-labelledby="email-address-title">
      <h2 id="email-address-title">Inbound address</h2>
      <p class="help">Mail sent to this address becomes tickets; replies from customers join their ticket.</p>
      <p class="inbound-address">
        <code data-testid="inbound-email">{tenant.inboundEmail}</code> <CopyButton text={tenant.inboundEmail} />
      </p>
      <fieldset disabled={!editable}>
        <label for="email-slug">Address name</label>
        <input
          id="email-slug"
          value={slug}
          onInput={(e) => {
            setSaved(false);
            setSlug(e.currentTarget.value);
          }}
          aria-describedby="email-slug-help"
        />
        <p id="email-slug-help" class="help">
          Lowercase letters, digits and dashes. Changing it changes the address above; mail to the old one stops
          arriving.
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={confirm}
            onChange={(e) => {
              setSaved(false);
              setConfirm(e.currentTarget.checked);
            }}
          />{' '}
          Send the requester a “we received your request” confirmation for each new ticket
        </label>
        <button class="btn primary" type="submit">
          Save
        </button>
      </fieldset>
      <ErrorNotice error={error} />
      {saved && <Success>Saved.</Success>}
      <h3>Forward your support mailbox</h3>
      <ol class="help steps">
        <li>
          In your mail provider (Google Workspace, Microsoft 365, your host), open the settings of the mailbox customers
          write to, for example <code>support@your-shop.com</code>.
        </li>
        <li>
          Add a forwarding rule that sends every message to <code>{tenant.inboundEmail}</code> (keep a copy if you
          like).
        </li>
        <li>Send a test mail to your support address: it shows up as a new ticket in the queue.</li>
      </ol>
    </form>
  );
}

function MailLog() {
  const [status, setStatus] = useState('');
  const first = useLoad(
    () => api.get<Page<MailLogEntry>>('/mail-log', { limit: 25, status: status || undefined }),
    [status],
  );
  const [more, setMore] = useState<MailLogEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setMore([]);
    setCursor(undefined);
  }, [status]);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const rows = [...(first.data?.data ?? []), ...more];

  async function loadMore() {
    if (!next) return;
    try {
      const page = await api.get<Page<MailLogEntry>>('/mail-log', {
        limit: 25,
        cursor: next,
        status: status || undefined,
      });
      setMore([...more, ...page.data]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="card" aria-labelledby="mail-log-title">
      <h2 id="mail-log-title">Mail log</h2>
      <label for="mail-log-status">Status</label>{' '}
      <select id="mail-log-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
        <option value="">All</option>
        <option value="queued">Queued</option>
        <option value="sent">Sent</option>
        <option value="failed">Failed</option>
        <option value="bounced">Bounced</option>
        <option value="not_sent">Not sent</option>
      </select>
      <ErrorNotice error={first.error} />
      {!first.data && !first.error && <p class="muted">Loading…</p>}
      {first.data && (
        <table class="table mail-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">SMTP answer</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  No mail yet.
                </td>
              </tr>
            )}
            {rows.map((m) => (
              <tr key={m.id}>
                <td>{dateTime(m.sentAt ?? m.createdAt)}</td>
                <td>{m.recipient}</td>
                <td>
                  {m.ticketId ? <a href={`#/tickets/${encodeURIComponent(m.ticketId)}`}>{m.subject}</a> : m.subject}
                </td>
                <td>{kindLabel(m.kind)}</td>
                <td>
                  <span class={`pill mail-${m.status}`}>{statusLabel(m.status)}</span>
                  {m.status === 'queued' && m.attempts > 0 && <span class="muted"> (try {m.attempts + 1})</span>}
                </td>
                <td>
                  <small>{m.smtpResponse ?? '—'}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNotice error={error} />
      {next && (
        <button class="btn more" type="button" onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

export function EmailTab() {
  const tenantId = me.value!.tenant.id;
  const t = useLoad(() => api.get<Tenant>(`/tenants/${tenantId}`), [tenantId]);
  if (t.error) return <ErrorNotice error={t.error} />;
  if (!t.data) return <p class="muted">Loading…</p>;
  return (
    <>
      <AddressCard tenant={t.data} onSaved={(n) => t.set(n)} editable={can('settings:update')} />
      <CsatCard tenant={t.data} onSaved={(n) => t.set(n)} editable={can('settings:update')} />
      <MailLog />
    </>
  );
}
