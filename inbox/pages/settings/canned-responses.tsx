// Canned responses: saved replies, personal or shared with the team, inserted from the reply box by typing `/`.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { CannedResponse } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';
import { FormActions } from '../../components/form-actions.tsx';

export interface CannedDraft {
  title: string;
  shortcut: string;
  body: string;
  shared: boolean;
}

const EMPTY: CannedDraft = { title: '', shortcut: '', body: '', shared: false };

/** The form as the API takes it: a blank shortcut is none; `shared` only when creating (it does not change later). */
export function cannedBodyOf(d: CannedDraft, creating: boolean) {
  const shortcut = d.shortcut.trim().replace(/^\//, '').toLowerCase() || null;
  return creating
    ? { title: d.title, body: d.body, shortcut, shared: d.shared }
    : { title: d.title, body: d.body, shortcut };
}

/** Who may change a response: its owner (personal) or a role with the shared permission. */
export const canChange = (r: CannedResponse, action: 'update' | 'delete') =>
  r.shared ? can(`canned-responses:${action}`) : can('tickets:update');

export function CannedResponsesTab() {
  const list = useLoad(() => api.get<Page<CannedResponse>>('/canned-responses', { limit: 100 }), []);
  const [draft, setDraft] = useState<CannedDraft>(EMPTY);
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const set = (patch: Partial<CannedDraft>) => setDraft({ ...draft, ...patch });
  const mayShare = can('canned-responses:create');
  const mayWrite = mayShare || can('tickets:update');

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setNote('');
    try {
      if (editing) await api.patch(`/canned-responses/${editing.id}`, cannedBodyOf(draft, false));
      else await api.post('/canned-responses', cannedBodyOf(draft, true));
      setNote(editing ? `Saved “${draft.title}”.` : `Added “${draft.title}”.`);
      setDraft(EMPTY);
      setEditing(null);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  function edit(r: CannedResponse) {
    setEditing(r);
    setError(null);
    setDraft({ title: r.title, shortcut: r.shortcut ?? '', body: r.body, shared: r.shared });
    document.getElementById('canned-title')?.focus();
  }
  async function remove(r: CannedResponse) {
    if (!confirm(`Delete the canned reply “${r.title}”?`)) return;
    setError(null);
    try {
      await api.del(`/canned-responses/${r.id}`);
      if (editing?.id === r.id) {
        setEditing(null);
        setDraft(EMPTY);
      }
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, { title: 'Title', shortcut: 'Shortcut', body: 'Text', shared: 'Shared' });
  const rows = list.data?.data ?? [];
  return (
    <div class="stack">
      {mayWrite && (
        <form class="card form" onSubmit={save} aria-labelledby="canned-form-title">
          <h2 id="canned-form-title">{editing ? `Edit “${editing.title}”` : 'Add a canned reply'}</h2>
          <label for="canned-title">Title</label>
          <input
            id="canned-title"
            required
            maxLength={120}
            placeholder="Refund on its way"
            value={draft.title}
            onInput={(e) => set({ title: e.currentTarget.value })}
            {...invalidProps(errors, 'canned', 'title')}
          />
          <FieldMessage errors={errors} form="canned" name="title" />
          <label for="canned-shortcut">Shortcut (optional)</label>
          <input
            id="canned-shortcut"
            maxLength={41}
            placeholder="refund"
            value={draft.shortcut}
            onInput={(e) => set({ shortcut: e.currentTarget.value })}
            {...invalidProps(errors, 'canned', 'shortcut', 'canned-shortcut-help')}
          />
          <p class="help" id="canned-shortcut-help">
            In a reply, type <code>/</code> and the shortcut or title to find it.
          </p>
          <FieldMessage errors={errors} form="canned" name="shortcut" />
          <label for="canned-body">Text</label>
          <textarea
            id="canned-body"
            required
            rows={5}
            value={draft.body}
            onInput={(e) => set({ body: e.currentTarget.value })}
            {...invalidProps(errors, 'canned', 'body', 'canned-body-help')}
          />
          <p class="help" id="canned-body-help">
            Filled in for each ticket: <code>{'{{customer.name}}'}</code>, <code>{'{{customer.email}}'}</code>,{' '}
            <code>{'{{ticket.number}}'}</code>, <code>{'{{ticket.subject}}'}</code>, <code>{'{{agent.name}}'}</code>.
          </p>
          <FieldMessage errors={errors} form="canned" name="body" />
          {!editing && mayShare && (
            <label class="switch">
              <input
                type="checkbox"
                checked={draft.shared}
                onChange={(e) => set({ shared: e.currentTarget.checked })}
              />
              Shared with the whole team (otherwise only you see it)
            </label>
          )}
          <FormActions
            label={editing ? 'Save' : 'Add canned reply'}
            onCancel={
              editing
                ? () => {
                    setEditing(null);
                    setDraft(EMPTY);
                    setError(null);
                  }
                : undefined
            }
          />
        </form>
      )}
      <FormSummary errors={errors} />
      {note && (
        <p class="notice notice-ok" role="status">
          {note}
        </p>
      )}
      {!error && <ErrorNotice error={list.error} />}
      <section class="card" aria-labelledby="canned-list-title">
        <h2 id="canned-list-title">Canned replies</h2>
        <ListTable columns={['Title', 'Shortcut', 'Who sees it', 'Text']} empty={rows.length === 0 && 'None yet.'}>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.title}</td>
              <td>{r.shortcut ? <code>/{r.shortcut}</code> : <span class="muted">none</span>}</td>
              <td>{r.shared ? 'Everyone' : 'Only you'}</td>
              <td class="canned-preview">{r.body}</td>
              <td>
                {canChange(r, 'update') && (
                  <button class="btn btn-small" type="button" onClick={() => edit(r)} aria-label={`Edit ${r.title}`}>
                    Edit
                  </button>
                )}{' '}
                {canChange(r, 'delete') && (
                  <button
                    class="btn btn-small btn-danger-ghost"
                    type="button"
                    onClick={() => remove(r)}
                    aria-label={`Delete ${r.title}`}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
    </div>
  );
}
