// A ticket's custom field values (order number, product…): shown as text, edited inline by agents who may.
import { useEffect, useState } from 'preact/hooks';
import type { Ticket } from '../types.ts';
import { customFields, loadCustomFields, type CustomField } from '../state/custom-fields.ts';
import { ErrorNotice } from './notice.tsx';

type Value = string | number | boolean | null;

/** What the input holds becomes the stored value: '' clears, numbers stay numbers. */
export function valueFrom(field: Pick<CustomField, 'type'>, raw: string | boolean): Value {
  if (field.type === 'checkbox') return raw === true;
  const s = String(raw).trim();
  if (s === '') return null;
  return field.type === 'number' ? Number(s) : s;
}

export function CustomFieldValues({
  ticket,
  editable,
  onPatch,
}: {
  ticket: Ticket;
  editable: boolean;
  onPatch: (p: Partial<Ticket>) => Promise<void>;
}) {
  const [error, setError] = useState<unknown>(null);
  // What the agent is typing, kept apart from the ticket so a live refresh cannot wipe it mid-edit.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  useEffect(() => void loadCustomFields(), []);
  const fields = customFields.value;
  if (fields.length === 0) return null;
  const values = ticket.customFields;

  const dropDraft = (key: string) =>
    setDrafts((d) => {
      const { [key]: _, ...rest } = d;
      return rest;
    });

  async function save(field: CustomField, raw: string | boolean) {
    const next = valueFrom(field, raw);
    if (next === (values[field.key] ?? null)) return dropDraft(field.key);
    setError(null);
    try {
      await onPatch({ customFields: { ...values, [field.key]: next } });
      dropDraft(field.key);
    } catch (err) {
      setError(err); // the draft stays in the box
    }
  }

  return (
    <section class="card fields" aria-labelledby="cf-title">
      <h2 id="cf-title">Details</h2>
      <fieldset disabled={!editable}>
        {fields.map((f) => {
          const id = `cf-${f.key}`;
          const v = values[f.key];
          if (f.type === 'checkbox') {
            return (
              <label key={f.key} class="check">
                <input type="checkbox" checked={v === true} onChange={(e) => save(f, e.currentTarget.checked)} />{' '}
                {f.label}
              </label>
            );
          }
          return (
            <div key={f.key}>
              <label for={id}>
                {f.label}
                {f.required ? ' *' : ''}
              </label>
              {f.type === 'select' ? (
                <select id={id} value={v == null ? '' : String(v)} onChange={(e) => save(f, e.currentTarget.value)}>
                  <option value="">—</option>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  type={(f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text') as 'text'}
                  value={drafts[f.key] ?? (v == null ? '' : String(v))}
                  onInput={(e) => setDrafts({ ...drafts, [f.key]: e.currentTarget.value })}
                  onChange={(e) => save(f, e.currentTarget.value)}
                />
              )}
            </div>
          );
        })}
      </fieldset>
      <ErrorNotice error={error} />
    </section>
  );
}
