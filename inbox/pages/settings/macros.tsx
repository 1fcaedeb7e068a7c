// Macros: named sets of actions (a reply, a note, status, priority, tags, team, assignee) applied in one click on a
// ticket page ("Apply macro") or to ticked tickets in the queue's bulk bar.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import { agents, agentName, loadAgents } from '../../state/agents.ts';
import { loadMacros } from '../../state/macros.ts';
import type { Macro, MacroActions } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';
import { cap } from '../../components/format.ts';
import { FormActions } from '../../components/form-actions.tsx';

export interface MacroDraft {
  name: string;
  reply: string;
  note: string;
  status: string;
  priority: string;
  tags: string;
  removeTags: string;
  /** '' leaves it, 'none' takes it off, else an id. */
  teamId: string;
  assigneeId: string;
}

const EMPTY: MacroDraft = {
  name: '',
  reply: '',
  note: '',
  status: '',
  priority: '',
  tags: '',
  removeTags: '',
  teamId: '',
  assigneeId: '',
};

const words = (s: string) => s.split(/[\s,]+/).filter(Boolean);
const idOrNull = (v: string) => (v === 'none' ? null : v);

/** The form as the API takes it: only what the macro changes. */
export function macroBodyOf(d: MacroDraft): { name: string; actions: MacroActions } {
  const a: MacroActions = {};
  if (d.reply.trim()) a.reply = d.reply;
  if (d.note.trim()) a.note = d.note;
  if (d.status) a.status = d.status as MacroActions['status'];
  if (d.priority) a.priority = d.priority as MacroActions['priority'];
  if (words(d.tags).length) a.tags = words(d.tags);
  if (words(d.removeTags).length) a.removeTags = words(d.removeTags);
  if (d.teamId) a.teamId = idOrNull(d.teamId);
  if (d.assigneeId) a.assigneeId = idOrNull(d.assigneeId);
  return { name: d.name, actions: a };
}

export function draftOf(m: Macro): MacroDraft {
  const a = m.actions;
  const pick = (v: string | null | undefined) => (v === undefined ? '' : v === null ? 'none' : v);
  return {
    name: m.name,
    reply: a.reply ?? '',
    note: a.note ?? '',
    status: a.status ?? '',
    priority: a.priority ?? '',
    tags: (a.tags ?? []).join(' '),
    removeTags: (a.removeTags ?? []).join(' '),
    teamId: pick(a.teamId),
    assigneeId: pick(a.assigneeId),
  };
}

/** One line per macro for the list: what it does. */
export function summary(a: MacroActions, teamName: (id: string) => string): string {
  const out: string[] = [];
  if (a.reply) out.push('replies');
  if (a.note) out.push('adds a note');
  if (a.status) out.push(`status ${a.status}`);
  if (a.priority) out.push(`priority ${a.priority}`);
  if (a.tags?.length) out.push(`tags +${a.tags.join(' +')}`);
  if (a.removeTags?.length) out.push(`tags −${a.removeTags.join(' −')}`);
  if (a.teamId !== undefined) out.push(a.teamId ? `team ${teamName(a.teamId)}` : 'no team');
  if (a.assigneeId !== undefined) out.push(a.assigneeId ? `assign ${agentName(a.assigneeId)}` : 'unassign');
  return out.join(', ');
}

export function MacrosTab() {
  const list = useLoad(() => api.get<Page<Macro>>('/macros', { limit: 100 }), []);
  const teams = useLoad(
    () =>
      can('teams:read')
        ? api.get<Page<{ id: string; name: string }>>('/teams')
        : Promise.resolve({ data: [], nextCursor: null }),
    [],
  );
  const [draft, setDraft] = useState<MacroDraft>(EMPTY);
  const [editing, setEditing] = useState<Macro | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    void loadAgents();
  }, []);
  const set = (patch: Partial<MacroDraft>) => setDraft({ ...draft, ...patch });
  const teamList = teams.data?.data ?? [];
  const teamName = (id: string) => teamList.find((t) => t.id === id)?.name ?? 'another team';
  const mayWrite = editing ? can('macros:update') : can('macros:create');

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setNote('');
    try {
      if (editing) await api.patch(`/macros/${editing.id}`, macroBodyOf(draft));
      else await api.post('/macros', macroBodyOf(draft));
      setNote(editing ? `Saved “${draft.name}”.` : `Added “${draft.name}”.`);
      setDraft(EMPTY);
      setEditing(null);
      list.reload();
      void loadMacros(true);
    } catch (err) {
      setError(err);
    }
  }
  async function remove(m: Macro) {
    if (!confirm(`Delete the macro “${m.name}”?`)) return;
    setError(null);
    try {
      await api.del(`/macros/${m.id}`);
      list.reload();
      void loadMacros(true);
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, {
    name: 'Name',
    actions: 'Actions',
    'actions.reply': 'Reply',
    'actions.note': 'Internal note',
    'actions.tags': 'Add tags',
    'actions.removeTags': 'Remove tags',
    'actions.teamId': 'Team',
    'actions.assigneeId': 'Assignee',
  });
  const rows = list.data?.data ?? [];
  const active = agents.value.filter((a) => a.status === 'active');
  return (
    <div class="stack">
      {mayWrite && (
        <form class="card form" onSubmit={save} aria-labelledby="macro-form-title">
          <h2 id="macro-form-title">{editing ? `Edit “${editing.name}”` : 'Add a macro'}</h2>
          <label for="macro-name">Name</label>
          <input
            id="macro-name"
            required
            maxLength={80}
            placeholder="Refund issued"
            value={draft.name}
            onInput={(e) => set({ name: e.currentTarget.value })}
            {...invalidProps(errors, 'macro', 'name')}
          />
          <FieldMessage errors={errors} form="macro" name="name" />
          <label for="macro-reply">Reply to the customer (optional)</label>
          <textarea
            id="macro-reply"
            rows={4}
            value={draft.reply}
            onInput={(e) => set({ reply: e.currentTarget.value })}
            {...invalidProps(errors, 'macro', 'actions.reply', 'macro-reply-help')}
          />
          <p class="help" id="macro-reply-help">
            Placeholders are filled in for each ticket: <code>{'{{customer.name}}'}</code>,{' '}
            <code>{'{{ticket.number}}'}</code>, <code>{'{{agent.name}}'}</code> and more.
          </p>
          <FieldMessage errors={errors} form="macro" name="actions.reply" />
          <label for="macro-note">Internal note (optional)</label>
          <textarea
            id="macro-note"
            rows={2}
            value={draft.note}
            onInput={(e) => set({ note: e.currentTarget.value })}
            {...invalidProps(errors, 'macro', 'actions.note')}
          />
          <FieldMessage errors={errors} form="macro" name="actions.note" />
          <div class="macro-grid">
            <div>
              <label for="macro-status">Status</label>
              <select id="macro-status" value={draft.status} onChange={(e) => set({ status: e.currentTarget.value })}>
                <option value="">Leave as is</option>
                {['open', 'pending', 'resolved', 'closed'].map((s) => (
                  <option key={s} value={s}>
                    {cap(s)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="macro-priority">Priority</label>
              <select
                id="macro-priority"
                value={draft.priority}
                onChange={(e) => set({ priority: e.currentTarget.value })}
              >
                <option value="">Leave as is</option>
                {['urgent', 'high', 'normal', 'low'].map((p) => (
                  <option key={p} value={p}>
                    {cap(p)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="macro-tags">Add tags</label>
              <input
                id="macro-tags"
                placeholder="refund vip"
                value={draft.tags}
                onInput={(e) => set({ tags: e.currentTarget.value })}
                {...invalidProps(errors, 'macro', 'actions.tags')}
              />
              <FieldMessage errors={errors} form="macro" name="actions.tags" />
            </div>
            <div>
              <label for="macro-untags">Remove tags</label>
              <input
                id="macro-untags"
                placeholder="waiting"
                value={draft.removeTags}
                onInput={(e) => set({ removeTags: e.currentTarget.value })}
                {...invalidProps(errors, 'macro', 'actions.removeTags')}
              />
              <FieldMessage errors={errors} form="macro" name="actions.removeTags" />
            </div>
            {teamList.length > 0 && (
              <div>
                <label for="macro-team">Team</label>
                <select id="macro-team" value={draft.teamId} onChange={(e) => set({ teamId: e.currentTarget.value })}>
                  <option value="">Leave as is</option>
                  <option value="none">No team</option>
                  {teamList.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
                <FieldMessage errors={errors} form="macro" name="actions.teamId" />
              </div>
            )}
            <div>
              <label for="macro-assignee">Assignee</label>
              <select
                id="macro-assignee"
                value={draft.assigneeId}
                onChange={(e) => set({ assigneeId: e.currentTarget.value })}
              >
                <option value="">Leave as is</option>
                <option value="none">Nobody (unassign)</option>
                {active.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
              <FieldMessage errors={errors} form="macro" name="actions.assigneeId" />
            </div>
          </div>
          <FieldMessage errors={errors} form="macro" name="actions" />
          <FormActions
            label={editing ? 'Save' : 'Add macro'}
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
      <section class="card" aria-labelledby="macro-list-title">
        <h2 id="macro-list-title">Macros</h2>
        <ListTable columns={['Name', 'What it does']} empty={rows.length === 0 && 'No macros yet.'}>
          {rows.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{summary(m.actions, teamName)}</td>
              <td>
                {can('macros:update') && (
                  <button
                    class="btn btn-small"
                    type="button"
                    aria-label={`Edit ${m.name}`}
                    onClick={() => {
                      setEditing(m);
                      setError(null);
                      setDraft(draftOf(m));
                      document.getElementById('macro-name')?.focus();
                    }}
                  >
                    Edit
                  </button>
                )}{' '}
                {can('macros:delete') && (
                  <button
                    class="btn btn-small btn-danger-ghost"
                    type="button"
                    aria-label={`Delete ${m.name}`}
                    onClick={() => remove(m)}
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
