// A ticket filed from the inbox on a customer's behalf (a phone call, a forwarded mail): the message is theirs.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { Ticket } from '../types.ts';
import { href, navigate, route } from '../state/router.ts';
import { can } from '../state/session.ts';
import { customFields, loadCustomFields, type CustomField } from '../state/custom-fields.ts';
import { valueFrom } from '../components/custom-field-values.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps, type FieldSpecs } from '../components/form-errors.tsx';
import { cap } from '../components/format.ts';
import { dropTarget, UploadList, useUploads } from '../components/attachments.tsx';

type Raw = Record<string, string | boolean>;

export interface NewTicketForm {
  email: string;
  name: string;
  subject: string;
  message: string;
  priority: string;
  tags: string;
  fields: Raw;
}

/** The POST /tickets body: tags as short words, custom fields only where something was entered. */
export function createBodyOf(f: NewTicketForm, defs: Pick<CustomField, 'key' | 'type'>[]) {
  const tags = [
    ...new Set(
      f.tags
        .split(',')
        .map((t) => t.trim().replace(/\s+/g, '-'))
        .filter(Boolean),
    ),
  ];
  const customFields: Record<string, string | number | boolean> = {};
  for (const d of defs) {
    const raw = f.fields[d.key];
    if (raw === undefined) continue;
    const v = valueFrom(d, raw);
    if (v !== null && !(d.type === 'checkbox' && v === false)) customFields[d.key] = v;
  }
  return {
    subject: f.subject.trim(),
    message: f.message,
    requester: { email: f.email.trim(), ...(f.name.trim() ? { name: f.name.trim() } : {}) },
    priority: f.priority,
    ...(tags.length ? { tags } : {}),
    ...(Object.keys(customFields).length ? { customFields } : {}),
  };
}

function FieldInput({
  field,
  value,
  onChange,
  error,
}: {
  field: CustomField;
  value: string | boolean | undefined;
  onChange: (v: string | boolean) => void;
  error?: string;
}) {
  const id = `nt-cf-${field.key}`;
  if (field.type === 'checkbox') {
    return (
      <label class="check">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />{' '}
        {field.label}
      </label>
    );
  }
  return (
    <div>
      <label for={id}>
        {field.label}
        {field.required ? ' (required)' : ''}
      </label>
      {field.type === 'select' ? (
        <select
          id={id}
          value={String(value ?? '')}
          required={field.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={(field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text') as 'text'}
          required={field.required}
          value={String(value ?? '')}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function NewTicketPage() {
  const q = route.value.query;
  const [form, setForm] = useState<NewTicketForm>({
    email: q.get('email') ?? '',
    name: q.get('name') ?? '',
    subject: '',
    message: '',
    priority: 'normal',
    tags: '',
    fields: {},
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const uploads = useUploads();
  useEffect(() => void loadCustomFields(), []);
  const set = (patch: Partial<NewTicketForm>) => setForm({ ...form, ...patch });
  const specs: FieldSpecs = {
    'requester.email': 'Customer email',
    'requester.name': 'Customer name',
    subject: 'Subject',
    message: "Customer's message",
    priority: 'Priority',
    tags: 'Tags',
    ...Object.fromEntries(customFields.value.map((f) => [`customFields.${f.key}`, f.label])),
  };
  const errors = formErrors(error, specs);
  const field = (key: string, help?: string) => invalidProps(errors, 'nt', key, help);
  const message = (key: string) => <FieldMessage errors={errors} form="nt" name={key} />;

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const body = createBodyOf(form, customFields.value);
      const ids = uploads.ids;
      const t = await api.post<Ticket>('/tickets', ids.length ? { ...body, attachmentIds: ids } : body);
      navigate(`/tickets/${t.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (!can('tickets:create')) {
    return (
      <section class="page">
        <h1>New ticket</h1>
        <p>Your role cannot create tickets.</p>
      </section>
    );
  }
  return (
    <section class="page new-ticket" aria-label="New ticket">
      <p class="ticket-nav">
        <a href={href('/')}>← Tickets</a>
      </p>
      <form class="card form" onSubmit={submit} aria-labelledby="nt-title">
        <h1 id="nt-title">New ticket</h1>
        <p class="help">
          For a customer who called or wrote elsewhere: the message is recorded as theirs, and the ticket waits for your
          reply like any other.
        </p>
        <div class="row">
          <div>
            <label for="nt-email">Customer email</label>
            <input
              id="nt-email"
              type="email"
              required
              autocomplete="off"
              value={form.email}
              {...field('requester.email')}
              onInput={(e) => set({ email: e.currentTarget.value })}
            />
            {message('requester.email')}
          </div>
          <div>
            <label for="nt-name">Customer name</label>
            <input
              id="nt-name"
              autocomplete="off"
              value={form.name}
              {...field('requester.name')}
              onInput={(e) => set({ name: e.currentTarget.value })}
            />
            {message('requester.name')}
          </div>
        </div>
        <label for="nt-subject">Subject</label>
        <input
          id="nt-subject"
          required
          maxLength={250}
          value={form.subject}
          {...field('subject')}
          onInput={(e) => set({ subject: e.currentTarget.value })}
        />
        {message('subject')}
        <div class={`drop-zone${over ? ' drop-over' : ''}`} {...dropTarget(uploads, setOver)}>
          <label for="nt-message">Customer's message</label>
          <textarea
            id="nt-message"
            required
            rows={6}
            value={form.message}
            {...field('message')}
            onInput={(e) => set({ message: e.currentTarget.value })}
          />
          {message('message')}
          <UploadList uploads={uploads} id="nt-files" />
        </div>
        <div class="row">
          <div>
            <label for="nt-priority">Priority</label>
            <select
              id="nt-priority"
              value={form.priority}
              {...field('priority')}
              onChange={(e) => set({ priority: e.currentTarget.value })}
            >
              {['low', 'normal', 'high', 'urgent'].map((p) => (
                <option key={p} value={p}>
                  {cap(p)}
                </option>
              ))}
            </select>
            {message('priority')}
          </div>
          <div class="grow">
            <label for="nt-tags">Tags</label>
            <input
              id="nt-tags"
              placeholder="phone, refund"
              value={form.tags}
              {...field('tags', 'nt-tags-help')}
              onInput={(e) => set({ tags: e.currentTarget.value })}
            />
            {message('tags')}
            <p id="nt-tags-help" class="help">
              Comma-separated.
            </p>
          </div>
        </div>
        {customFields.value.map((f) => (
          <FieldInput
            key={f.key}
            field={f}
            value={form.fields[f.key]}
            error={errors.fields[`customFields.${f.key}`]}
            onChange={(v) => set({ fields: { ...form.fields, [f.key]: v } })}
          />
        ))}
        <FormSummary errors={errors} />
        <div class="actions">
          <button class="btn btn-primary" type="submit" disabled={busy || uploads.uploading}>
            {busy ? 'Creating…' : uploads.uploading ? 'Uploading…' : 'Create ticket'}
          </button>
          <a class="btn btn-ghost" href={href('/')}>
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}
