// Webhooks: endpoints with their event choice, the signing secret shown once, the delivery log and redelivery.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { Delivery, EventMap, Webhook, WebhookWithSecret } from '../../types.ts';
import { EVENT_TYPES } from '../../state/events.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';

type EventType = keyof EventMap;

function CreateForm({ onCreated }: { onCreated: (w: WebhookWithSecret) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventType[]>(['ticket.created']);
  const [notes, setNotes] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      onCreated(await api.post<WebhookWithSecret>('/webhooks', { url, events, includeInternalNotes: notes }));
      setUrl('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="wh-new-title">
      <h2 id="wh-new-title">Add an endpoint</h2>
      <label for="wh-url">Endpoint URL</label>
      <input id="wh-url" type="url" required placeholder="https://example.com/hooks/helpdesk" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      <fieldset class="checks">
        <legend>Events to send</legend>
        {EVENT_TYPES.map((ev) => (
          <label class="check" key={ev}>
            <input type="checkbox" checked={events.includes(ev)} onChange={() => setEvents(events.includes(ev) ? events.filter((x) => x !== ev) : [...events, ev])} /> <code>{ev}</code>
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={notes} onChange={(e) => setNotes(e.currentTarget.checked)} /> Include internal notes in <code>message.created</code>
      </label>
      <ErrorNotice error={error} />
      <button class="btn btn-primary" type="submit">
        Add endpoint
      </button>
    </form>
  );
}

function Deliveries({ hook }: { hook: Webhook }) {
  const log = useLoad(() => api.get<Page<Delivery>>(`/webhooks/${hook.id}/deliveries`, { limit: 25 }), [hook.id]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  async function redeliver(d: Delivery) {
    setError(null);
    setNote('');
    try {
      await api.post(`/webhooks/${hook.id}/deliveries/${d.id}/redeliver`);
      setNote(`Redelivery of ${d.eventType} queued.`);
      log.reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div class="deliveries">
      <h3>
        Delivery log{' '}
        <button class="btn btn-small" type="button" onClick={log.reload}>
          Refresh
        </button>
      </h3>
      <ErrorNotice error={error || log.error} />
      {note && <p role="status" class="muted">{note}</p>}
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Created</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {(log.data?.data ?? []).length === 0 && (
            <tr>
              <td colSpan={6} class="muted">No deliveries yet.</td>
            </tr>
          )}
          {(log.data?.data ?? []).map((d) => {
            const last = d.attempts[d.attempts.length - 1];
            return (
              <tr key={d.id}>
                <td>
                  <code>{d.eventType}</code>
                </td>
                <td>
                  <span class={`pill pill-${d.status}`}>{d.status}</span>
                </td>
                <td>{d.attemptCount}</td>
                <td>{last ? (last.statusCode ? `HTTP ${last.statusCode}` : (last.error ?? '—')) : '—'}{d.nextAttemptAt && <div class="muted">retry {dateTime(d.nextAttemptAt)}</div>}</td>
                <td>{dateTime(d.createdAt)}</td>
                <td>
                  {can('webhooks:update') && (
                    <button class="btn btn-small" type="button" onClick={() => redeliver(d)}>
                      Redeliver
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function HookCard({ hook, onChange, onDelete }: { hook: Webhook; onChange: (w: Webhook) => void; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function toggle() {
    setError(null);
    try {
      onChange(await api.patch<Webhook>(`/webhooks/${hook.id}`, { active: !hook.active }));
    } catch (err) {
      setError(err);
    }
  }
  async function remove() {
    if (!confirm(`Delete the endpoint ${hook.url}?`)) return;
    try {
      await api.del(`/webhooks/${hook.id}`);
      onDelete();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <li class="card">
      <div class="hook-head">
        <div>
          <code class="hook-url">{hook.url}</code>
          <div class="muted">
            {hook.events.join(', ')} · secret {hook.secretHint}
          </div>
          {hook.disabledReason && <div class="notice notice-error">Disabled: {hook.disabledReason}</div>}
        </div>
        <span class={`pill ${hook.active ? 'pill-active' : 'pill-disabled'}`}>{hook.active ? 'active' : 'paused'}</span>
      </div>
      <ErrorNotice error={error} />
      <div class="actions">
        <button class="btn btn-small" type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        {can('webhooks:update') && (
          <button class="btn btn-small" type="button" onClick={toggle}>
            {hook.active ? 'Pause' : 'Resume'}
          </button>
        )}
        {can('webhooks:delete') && (
          <button class="btn btn-small btn-danger-ghost" type="button" onClick={remove}>
            Delete
          </button>
        )}
      </div>
      {open && <Deliveries hook={hook} />}
    </li>
  );
}

export function WebhooksTab() {
  const hooks = useLoad(() => api.get<Page<Webhook>>('/webhooks', { limit: 100 }), []);
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const list = hooks.data?.data ?? [];
  const replace = (w: Webhook) => hooks.set({ ...hooks.data!, data: list.map((x) => (x.id === w.id ? w : x)) });
  return (
    <div class="stack">
      {can('webhooks:create') && <CreateForm onCreated={(w) => (setCreated(w), hooks.reload())} />}
      {created && (
        <div class="notice notice-ok" role="status">
          Endpoint added. Its signing secret is shown only now; verify deliveries with any Standard Webhooks library:
          <p>
            <code class="secret">{created.secret}</code> <CopyButton text={created.secret} />
          </p>
        </div>
      )}
      <ErrorNotice error={hooks.error} />
      <h2>Endpoints</h2>
      {list.length === 0 && !hooks.loading && <p class="muted">No endpoints yet.</p>}
      <ul class="plain stack">
        {list.map((w) => (
          <HookCard key={w.id} hook={w} onChange={replace} onDelete={hooks.reload} />
        ))}
      </ul>
    </div>
  );
}
