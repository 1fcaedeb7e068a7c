// Ticket fields: the custom fields visitors fill in the widget and agents see on each ticket.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { can } from '../../state/session.ts';
import { customFields, loadCustomFields, type CustomField } from '../../state/custom-fields.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';

/** The field form's fields by API path; a choice is named by what was typed. */
const fieldSpecs = (options: string) => ({
  label: 'Label',
  key: 'Key',
  type: 'Type',
  required: '“Required”',
  options: { label: 'Choices', item: (i: number) => `Choice “${splitOptions(options)[i] ?? i + 1}”` },
});
import { keepFocus } from '../../components/focus.ts';
import { FormActions } from '../../components/form-actions.tsx';

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

const splitOptions = (raw: string) => [
  ...new Set(
    raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  ),
];

/**
 * The PATCHes that put `fields` in the order they are listed: one per field whose stored position differs
 * from its place. Positions are renumbered 0, 1, 2…, so fields that share a position (after a delete) sort too.
 */
export function positionPatches(fields: Pick<CustomField, 'id' | 'position'>[]): { id: string; position: number }[] {
  return fields.flatMap((f, i) => (f.position === i ? [] : [{ id: f.id, position: i }]));
}

/** The list with the field at `index` moved by `delta` places (unchanged at the ends). */
export function moved<T>(list: T[], index: number, delta: -1 | 1): T[] {
  const j = index + delta;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[index], out[j]] = [out[j], out[index]];
  return out;
}

/** Label, choices and required flag of one field; key and type are fixed once visitors may have used them. */
function EditField({ field, onDone }: { field: CustomField; onDone: (saved: CustomField | null) => void }) {
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState(field.options.join(', '));
  const [required, setRequired] = useState(field.required);
  const [error, setError] = useState<unknown>(null);
  const id = `cf-edit-${field.key}`;
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const saved = await api.patch<CustomField>(`/custom-fields/${field.id}`, {
        label: label.trim(),
        required,
        ...(field.type === 'select' ? { options: splitOptions(options) } : {}),
      });
      await loadCustomFields(true);
      onDone(saved);
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, fieldSpecs(options));
  return (
    <form class="form edit-field" onSubmit={save} aria-label={`Edit ${field.label}`}>
      <p class="help">
        Key <code>{field.key}</code> and type {field.type} stay as they are: tickets and integrations already use them.
      </p>
      <div class="row">
        <div>
          <label for={`${id}-label`}>Label</label>
          <input
            id={`${id}-label`}
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
            {...invalidProps(errors, id, 'label')}
          />
          <FieldMessage errors={errors} form={id} name="label" />
        </div>
        {field.type === 'select' && (
          <div class="grow">
            <label for={`${id}-options`}>Choices</label>
            <input
              id={`${id}-options`}
              value={options}
              onInput={(e) => setOptions(e.currentTarget.value)}
              {...invalidProps(errors, id, 'options', `${id}-options-help`)}
            />
            <FieldMessage errors={errors} form={id} name="options" />
            <p id={`${id}-options-help`} class="help">
              Comma-separated. Tickets keep a choice you remove; it can no longer be picked.
            </p>
          </div>
        )}
      </div>
      <label class="check">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} /> Required
      </label>
      <FormSummary errors={errors} />
      <FormActions small label="Save field" onCancel={() => onDone(null)} />
    </form>
  );
}

export function TicketFieldsTab() {
  const editable = can('settings:update');
  const [form, setForm] = useState(EMPTY);
  const [keyTouched, setKeyTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [listNote, setListNote] = useState('');
  useEffect(() => void loadCustomFields(true), []);

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved('');
    try {
      const options = splitOptions(form.options);
      await api.post<CustomField>('/custom-fields', {
        label: form.label.trim(),
        key: form.key,
        type: form.type,
        required: form.required,
        ...(form.type === 'select' ? { options } : {}),
      });
      setSaved(`Added “${form.label.trim()}”. Visitors see it in the widget's form from their next page load.`);
      setForm(EMPTY);
      setKeyTouched(false);
      await loadCustomFields(true);
    } catch (err) {
      setError(err);
    }
  }

  async function move(index: number, delta: -1 | 1) {
    const list = moved(customFields.value, index, delta);
    if (list === customFields.value) return;
    const f = customFields.value[index];
    setListError(null);
    setListNote('');
    try {
      for (const p of positionPatches(list)) await api.patch(`/custom-fields/${p.id}`, { position: p.position });
      await loadCustomFields(true);
      setListNote(`Moved “${f.label}” ${delta < 0 ? 'up' : 'down'}.`);
    } catch (err) {
      setListError(err);
      await loadCustomFields(true);
    }
    // The row moved in the DOM, which drops focus; put it back on the same button, or its partner at the ends.
    keepFocus(`cf-${delta < 0 ? 'up' : 'down'}-${f.id}`, `cf-${delta < 0 ? 'down' : 'up'}-${f.id}`);
  }

  async function remove(f: CustomField) {
    if (!confirm(`Delete the field “${f.label}”? Values already on tickets are kept but no longer shown.`)) return;
    setListError(null);
    setListNote('');
    try {
      await api.del(`/custom-fields/${f.id}`);
      await loadCustomFields(true);
      setListNote(`Deleted “${f.label}”.`);
    } catch (err) {
      setListError(err);
    }
  }

  const newErrors = formErrors(error, fieldSpecs(form.options));
  return (
    <div class="stack">
      <section class="card" aria-labelledby="cf-list-title">
        <h2 id="cf-list-title">Ticket fields</h2>
        <ListTable
          columns={['Label', 'Key', 'Type', 'Required', editable && 'Order']}
          empty={customFields.value.length === 0 && 'No custom fields yet.'}
          class="table-middle"
        >
          {customFields.value.map((f, i, all) =>
            editing === f.id ? (
              <tr key={f.id}>
                <td colSpan={6}>
                  <EditField
                    field={f}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) setListNote(`Saved “${saved.label}”.`);
                      keepFocus(`cf-edit-btn-${f.id}`);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={f.id}>
                <td>{f.label}</td>
                <td>
                  <code>{f.key}</code>
                </td>
                <td>{f.type === 'select' ? `select (${f.options.join(', ')})` : f.type}</td>
                <td>{f.required ? 'yes' : 'no'}</td>
                {editable && (
                  <td class="nowrap">
                    <button
                      id={`cf-up-${f.id}`}
                      class="btn btn-small"
                      type="button"
                      aria-label={`Move ${f.label} up`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>{' '}
                    <button
                      id={`cf-down-${f.id}`}
                      class="btn btn-small"
                      type="button"
                      aria-label={`Move ${f.label} down`}
                      disabled={i === all.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                  </td>
                )}
                <td class="nowrap">
                  {editable && (
                    <>
                      <button
                        id={`cf-edit-btn-${f.id}`}
                        class="btn btn-small"
                        type="button"
                        aria-label={`Edit ${f.label}`}
                        onClick={() => (setListNote(''), setEditing(f.id))}
                      >
                        Edit
                      </button>{' '}
                      <button
                        class="btn btn-small btn-danger-ghost"
                        type="button"
                        aria-label={`Delete ${f.label}`}
                        onClick={() => remove(f)}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ),
          )}
        </ListTable>
        <ErrorNotice error={listError} />
        {listNote && <Success>{listNote}</Success>}
        {editable && <p class="help">The widget's form and each ticket's details list the fields in this order.</p>}
      </section>
      {editable && (
        <form class="card form" onSubmit={create} aria-labelledby="cf-new-title">
          <h2 id="cf-new-title">Add a field</h2>
          <label for="cf-label">Label</label>
          <input
            id="cf-label"
            value={form.label}
            onInput={(e) =>
              setForm({
                ...form,
                label: e.currentTarget.value,
                key: keyTouched ? form.key : keyFromLabel(e.currentTarget.value),
              })
            }
            {...invalidProps(newErrors, 'cf-new', 'label')}
          />
          <FieldMessage errors={newErrors} form="cf-new" name="label" />
          <label for="cf-key">Key</label>
          <input
            id="cf-key"
            class="mono"
            value={form.key}
            onInput={(e) => (setKeyTouched(true), setForm({ ...form, key: e.currentTarget.value }))}
            {...invalidProps(newErrors, 'cf-new', 'key', 'cf-key-help')}
          />
          <FieldMessage errors={newErrors} form="cf-new" name="key" />
          <p id="cf-key-help" class="help">
            Used in the API's customFields; cannot be changed later.
          </p>
          <label for="cf-type">Type</label>
          <select
            id="cf-type"
            value={form.type}
            onChange={(e) => setForm({ ...form, type: e.currentTarget.value as CustomField['type'] })}
            {...invalidProps(newErrors, 'cf-new', 'type')}
          >
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          {form.type === 'select' && (
            <>
              <label for="cf-options">Choices</label>
              <input
                id="cf-options"
                placeholder="Tent, Backpack, Boots"
                value={form.options}
                onInput={(e) => setForm({ ...form, options: e.currentTarget.value })}
                {...invalidProps(newErrors, 'cf-new', 'options')}
              />
              <FieldMessage errors={newErrors} form="cf-new" name="options" />
            </>
          )}
          <label class="check">
            <input
              type="checkbox"
              checked={form.required}
              onChange={(e) => setForm({ ...form, required: e.currentTarget.checked })}
            />{' '}
            Required
          </label>
          <FormSummary errors={newErrors} />
          {saved && <Success>{saved}</Success>}
          <button class="btn btn-primary" type="submit">
            Add field
          </button>
        </form>
      )}
    </div>
  );
}
