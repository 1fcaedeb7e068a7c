// Webhooks: endpoints with their event choice, the signing secret shown once (at creation and rotation),
// a test delivery, the delivery log with each request body and answer, and redelivery.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { Delivery, EventMap, Webhook, WebhookWithSecret } from '../../types.ts';
import { EVENT_TYPES } from '../../state/events.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';

const HOOK_FIELDS = { url: 'Endpoint URL', events: 'Events', includeInternalNotes: '“Include internal notes”' };
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';
import { DeliveryDetails, answerOf } from './webhook-delivery.tsx';
import { FormActions } from '../../components/form-actions.tsx';

type EventType = keyof EventMap;

/** The event checkboxes and the internal-notes switch, shared by the create and edit forms. */
function EventChoice({
  idPrefix,
  events,
  notes,
  onEvents,
  onNotes,
}: {
  idPrefix: string;
  events: EventType[];
  notes: boolean;
  onEvents: (e: EventType[]) => void;
  onNotes: (v: boolean) => void;
}) {
  return (
    <>
      <fieldset class="checks">
        <legend>Events to send</legend>
        {EVENT_TYPES.map((ev) => (
          <label class="check" key={ev} for={`${idPrefix}-${ev}`}>
            <input
              id={`${idPrefix}-${ev}`}
              type="checkbox"
              checked={events.includes(ev)}
              onChange={() => onEvents(events.includes(ev) ? events.filter((x) => x !== ev) : [...events, ev])}
            />{' '}
            <code>{ev}</code>
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={notes} onChange={(e) => onNotes(e.currentTarget.checked)} /> Include internal
        notes in <code>message.created</code>
      </label>
    </>
  );
}

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
  const errors = formErrors(error, HOOK_FIELDS);
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="wh-new-title">
      <h2 id="wh-new-title">Add an endpoint</h2>
      <label for="wh-url">Endpoint URL</label>
      <input
        id="wh-url"
        type="url"
        required
        placeholder="https://example.com/hooks/helpdesk"
        value={url}
        onInput={(e) => setUrl(e.currentTarget.value)}
        {...invalidProps(errors, 'wh-new', 'url')}
      />
      <FieldMessage errors={errors} form="wh-new" name="url" />
      <EventChoice idPrefix="wh-new" events={events} notes={notes} onEvents={setEvents} onNotes={setNotes} />
      <FieldMessage errors={errors} form="wh-new" name="events" />
      <FieldMessage errors={errors} form="wh-new" name="includeInternalNotes" />
      <FormSummary errors={errors} />
      <button class="btn btn-primary" type="submit">
        Add endpoint
      </button>
    </form>
  );
}

function EditEvents({
  hook,
  onSaved,
  onCancel,
}: {
  hook: Webhook;
  onSaved: (w: Webhook) => void;
  onCancel: () => void;
}) {
  // The server only stores known types; anything else (a type retired later) is not offered again.
  const [events, setEvents] = useState<EventType[]>(
    hook.events.filter((e): e is EventType => (EVENT_TYPES as string[]).includes(e)),
  );
  const [notes, setNotes] = useState(hook.includeInternalNotes);
  const [error, setError] = useState<unknown>(null);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      onSaved(await api.patch<Webhook>(`/webhooks/${hook.id}`, { events, includeInternalNotes: notes }));
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, HOOK_FIELDS);
  return (
    <form class="form edit-events" onSubmit={save} aria-label={`Events of ${hook.url}`}>
      <EventChoice idPrefix={`wh-${hook.id}`} events={events} notes={notes} onEvents={setEvents} onNotes={setNotes} />
      <FieldMessage errors={errors} form={`wh-${hook.id}`} name="events" />
      <FieldMessage errors={errors} form={`wh-${hook.id}`} name="includeInternalNotes" />
      <FormSummary errors={errors} />
      <FormActions small label="Save events" onCancel={onCancel} />
    </form>
  );
}

function Deliveries({ hook, version }: { hook: Webhook; version: number }) {
  const log = useLoad(
    () => api.get<Page<Delivery>>(`/webhooks/${hook.id}/deliveries`, { limit: 25 }),
    [hook.id, version],
  );
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [open, setOpen] = useState<string | null>(null);
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
  const rows = log.data?.data ?? [];
  return (
    <div class="deliveries">
      <h3>
        Delivery log{' '}
        <button class="btn btn-small" type="button" onClick={log.reload}>
          Refresh
        </button>
      </h3>
      <ErrorNotice error={error || log.error} />
      {note && (
        <p role="status" class="muted">
          {note}
        </p>
      )}
      <div class="table-scroll">
        <ListTable
          columns={['Event', 'Status', 'Attempts', 'Last answer', 'Created']}
          empty={rows.length === 0 && 'No deliveries yet.'}
        >
          {rows.map((d) => [
            <tr key={d.id}>
              <td>
                <code>{d.eventType}</code>
              </td>
              <td>
                <span class={`pill pill-${d.status}`}>{d.status}</span>
              </td>
              <td>{d.attemptCount}</td>
              <td>
                {answerOf(d.attempts[d.attempts.length - 1])}
                {d.nextAttemptAt && <div class="muted">retry {dateTime(d.nextAttemptAt)}</div>}
              </td>
              <td>{dateTime(d.createdAt)}</td>
              <td class="nowrap">
                <button
                  class="btn btn-small"
                  type="button"
                  aria-expanded={open === d.id}
                  aria-controls={`dl-${d.id}`}
                  onClick={() => setOpen(open === d.id ? null : d.id)}
                >
                  {open === d.id ? 'Hide details' : 'Details'}
                </button>{' '}
                {can('webhooks:update') && d.eventType !== 'webhook.ping' && (
                  <button class="btn btn-small" type="button" onClick={() => redeliver(d)}>
                    Redeliver
                  </button>
                )}
              </td>
            </tr>,
            open === d.id && (
              <tr key={`${d.id}-details`} class="delivery-details-row">
                <td colSpan={6} id={`dl-${d.id}`}>
                  <DeliveryDetails hookId={hook.id} deliveryId={d.id} />
                </td>
              </tr>
            ),
          ])}
        </ListTable>
      </div>
    </div>
  );
}

function HookCard({
  hook,
  onChange,
  onDelete,
}: {
  hook: Webhook;
  onChange: (w: Webhook) => void;
  onDelete: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  // Bumped after a test delivery, so an open log shows it.
  const [version, setVersion] = useState(0);
  async function run(fn: () => Promise<void>) {
    setError(null);
    setNote('');
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  }
  const toggle = () =>
    run(async () => onChange(await api.patch<Webhook>(`/webhooks/${hook.id}`, { active: !hook.active })));
  const remove = () =>
    run(async () => {
      if (!confirm(`Delete the endpoint ${hook.url}?`)) return;
      await api.del(`/webhooks/${hook.id}`);
      onDelete();
    });
  const test = () =>
    run(async () => {
      const d = await api.post<Delivery>(`/webhooks/${hook.id}/test`);
      const a = d.attempts[d.attempts.length - 1];
      setNote(d.status === 'succeeded' ? `Test delivered: ${answerOf(a)}.` : `Test failed: ${answerOf(a)}.`);
      setOpen(true);
      setVersion((v) => v + 1);
    });
  const rotate = () =>
    run(async () => {
      if (
        !confirm(
          'Issue a new signing secret? The old one keeps signing beside it for 24 hours, so your receiver can switch over.',
        )
      )
        return;
      const w = await api.post<WebhookWithSecret>(`/webhooks/${hook.id}/rotate-secret`);
      setSecret(w.secret);
      onChange(w);
    });
  return (
    <li class="card">
      <div class="hook-head">
        <div>
          <code class="hook-url">{hook.url}</code>
          <div class="muted">
            {hook.events.join(', ')} · secret {hook.secretHint}
            {hook.previousSecretExpiresAt && ` · old secret valid until ${dateTime(hook.previousSecretExpiresAt)}`}
          </div>
          {hook.disabledReason && <div class="notice notice-error">Disabled: {hook.disabledReason}</div>}
        </div>
        <span class={`pill ${hook.active ? 'pill-active' : 'pill-disabled'}`}>{hook.active ? 'active' : 'paused'}</span>
      </div>
      <ErrorNotice error={error} />
      {note && (
        <p role="status" class={note.startsWith('Test failed') ? 'notice notice-error' : 'notice notice-ok'}>
          {note}
        </p>
      )}
      {secret && (
        <div class="notice notice-ok" role="status">
          New signing secret, shown only now. Deliveries carry both signatures for 24 hours:
          <p>
            <code class="secret" aria-label="New signing secret">
              {secret}
            </code>{' '}
            <CopyButton text={secret} />
          </p>
        </div>
      )}
      <div class="actions">
        <button class="btn btn-small" type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        {can('webhooks:update') && (
          <>
            <button class="btn btn-small" type="button" onClick={test}>
              Send test
            </button>
            <button class="btn btn-small" type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
              Edit events
            </button>
            <button class="btn btn-small" type="button" onClick={rotate}>
              Rotate secret
            </button>
            <button class="btn btn-small" type="button" onClick={toggle}>
              {hook.active ? 'Pause' : 'Resume'}
            </button>
          </>
        )}
        {can('webhooks:delete') && (
          <button class="btn btn-small btn-danger-ghost" type="button" onClick={remove}>
            Delete
          </button>
        )}
      </div>
      {editing && (
        <EditEvents
          hook={hook}
          onCancel={() => setEditing(false)}
          onSaved={(w) => (onChange(w), setEditing(false), setNote('Events saved.'))}
        />
      )}
      {open && <Deliveries hook={hook} version={version} />}
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
