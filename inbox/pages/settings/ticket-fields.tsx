// Ticket fields: the custom fields visitors fill in the widget and agents see on each ticket.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { can } from '../../state/session.ts';
import { customFields, loadCustomFields, type CustomField } from '../../state/custom-fields.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';

const TYPES: CustomField['type'][] = ['text', 'number', 'select', 'checkbox', 'date'];
const EMPTY = { label: '', key: '', type: 'text' as CustomField['type'], required: false, options: '' };

/** A key from the label, as the API wants it: lowercase letters, digits and _ starting with a letter. */
export function keyFromLabel(label: string): string {
  const k = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return k.slice(0, 40);
}

export function TicketFieldsTab() {
  const editable = can('settings:update');
  const [form, setForm] = useState(EMPTY);
  const [keyTouched, setKeyTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  useEffect(() => void loadCustomFields(true), []);

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved('');
    try {
      const options = form.options.split(',').map((o) => o.trim()).filter(Boolean);
      await api.post<CustomField>('/custom-fields', { label: form.label.trim(), key: form.key, type: form.type, required: form.required, ...(form.type === 'select' ? { options } : {}) });
      setSaved(`Added “${form.label.trim()}”. Visitors see it in the widget's form from their next page load.`);
      setForm(EMPTY);
      setKeyTouched(false);
      await loadCustomFields(true);
    } catch (err) {
      setError(err);
    }
  }

  async function remove(f: CustomField) {
    if (!confirm(`Delete the field “${f.label}”? Values already on tickets are kept but no longer shown.`)) return;
    setError(null);
    try {
      await api.del(`/custom-fields/${f.id}`);
      await loadCustomFields(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="stack">
      <section class="card" aria-labelledby="cf-list-title">
        <h2 id="cf-list-title">Ticket fields</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {customFields.value.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">No custom fields yet.</td>
              </tr>
            )}
            {customFields.value.map((f) => (
              <tr key={f.id}>
                <td>{f.label}</td>
                <td>
                  <code>{f.key}</code>
                </td>
                <td>{f.type === 'select' ? `select (${f.options.join(', ')})` : f.type}</td>
                <td>{f.required ? 'yes' : 'no'}</td>
                <td>
                  {editable && (
                    <button class="btn btn-small btn-danger-ghost" type="button" aria-label={`Delete ${f.label}`} onClick={() => remove(f)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {editable && (
        <form class="card form" onSubmit={create} aria-labelledby="cf-new-title">
          <h2 id="cf-new-title">Add a field</h2>
          <label for="cf-label">Label</label>
          <input id="cf-label" value={form.label} onInput={(e) => setForm({ ...form, label: e.currentTarget.value, key: keyTouched ? form.key : keyFromLabel(e.currentTarget.value) })} />
          <label for="cf-key">Key</label>
          <input id="cf-key" class="mono" value={form.key} onInput={(e) => (setKeyTouched(true), setForm({ ...form, key: e.currentTarget.value }))} aria-describedby="cf-key-help" />
          <p id="cf-key-help" class="help">Used in the API's customFields; cannot be changed later.</p>
          <label for="cf-type">Type</label>
          <select id="cf-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.currentTarget.value as CustomField['type'] })}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          {form.type === 'select' && (
            <>
              <label for="cf-options">Choices</label>
              <input id="cf-options" placeholder="Tent, Backpack, Boots" value={form.options} onInput={(e) => setForm({ ...form, options: e.currentTarget.value })} />
            </>
          )}
          <label class="check">
            <input type="checkbox" checked={form.required} onChange={(e) => setForm({ ...form, required: e.currentTarget.checked })} /> Required
          </label>
          <ErrorNotice error={error} />
          {saved && <Success>{saved}</Success>}
          <button class="btn btn-primary" type="submit">
            Add field
          </button>
        </form>
      )}
    </div>
  );
}
