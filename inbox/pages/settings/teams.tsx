// Teams: groups of agents that tickets belong to. Each team is a queue of its own in the ticket list; a role may
// be limited to its agents' teams (Roles), and routing rules send new tickets to a team (Routing).
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import { agents, agentName, loadAgents } from '../../state/agents.ts';
import { loadTeamQueue } from '../../state/teams.ts';
import type { Team } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';
import { keepFocus } from '../../components/focus.ts';
import { FormActions } from '../../components/form-actions.tsx';

interface Draft {
  id?: string;
  name: string;
  agentIds: string[];
}

/** The body a team form sends: the trimmed name and the ticked agents (a create leaves out an empty list). */
export function teamBody(d: Draft): { name: string; agentIds?: string[] } {
  const name = d.name.trim();
  return d.id || d.agentIds.length ? { name, agentIds: d.agentIds } : { name };
}

function TeamForm({ draft, onDone }: { draft: Draft; onDone: (saved: Team | null) => void }) {
  const [d, setD] = useState(draft);
  const [error, setError] = useState<unknown>(null);
  const form = d.id ? `team-${d.id}` : 'team-new';
  const toggle = (id: string, on: boolean) =>
    setD({ ...d, agentIds: on ? [...d.agentIds, id] : d.agentIds.filter((x) => x !== id) });
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const saved = d.id
        ? await api.patch<Team>(`/teams/${d.id}`, teamBody(d))
        : await api.post<Team>('/teams', teamBody(d));
      onDone(saved);
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, { name: 'Team name', agentIds: 'Agents' }, { 409: 'A team with this name exists.' });
  const choices = agents.value.filter((a) => a.status !== 'disabled' || d.agentIds.includes(a.id));
  return (
    <form
      class={d.id ? 'form edit-team' : 'card form'}
      onSubmit={save}
      aria-label={d.id ? `Edit team ${draft.name}` : 'New team'}
    >
      {!d.id && <h2>New team</h2>}
      <label for={`${form}-name`}>Team name</label>
      <input
        id={`${form}-name`}
        required
        maxLength={80}
        value={d.name}
        onInput={(e) => setD({ ...d, name: e.currentTarget.value })}
        {...invalidProps(errors, form, 'name')}
      />
      <FieldMessage errors={errors} form={form} name="name" />
      <fieldset class="checks">
        <legend>Agents</legend>
        {choices.length === 0 && <p class="muted">No agents yet.</p>}
        {choices.map((a) => (
          <label class="check" key={a.id}>
            <input
              type="checkbox"
              checked={d.agentIds.includes(a.id)}
              onChange={(e) => toggle(a.id, e.currentTarget.checked)}
            />{' '}
            {a.name}
            {a.status !== 'active' && <span class="muted"> ({a.status})</span>}
          </label>
        ))}
      </fieldset>
      <FieldMessage errors={errors} form={form} name="agentIds" />
      <FormSummary errors={errors} />
      <FormActions label={d.id ? 'Save team' : 'Create team'} onCancel={d.id ? () => onDone(null) : undefined} />
    </form>
  );
}

export function TeamsTab() {
  const teams = useLoad(() => api.get<Page<Team>>('/teams'), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [formKey, setFormKey] = useState(0);
  // Fresh: agents added since the session started can be members.
  useEffect(() => void loadAgents(true), []);
  const changed = (text: string) => {
    setNote(text);
    teams.reload();
    void loadTeamQueue(true);
  };
  async function remove(t: Team) {
    if (!confirm(`Delete the team ${t.name}? Its tickets stay, with no team; routing rules stop setting it.`)) return;
    setError(null);
    setNote('');
    try {
      await api.del(`/teams/${t.id}`);
      changed(`Deleted the team ${t.name}.`);
    } catch (err) {
      setError(err);
    }
  }
  const list = teams.data?.data ?? [];
  return (
    <div class="stack">
      <section class="card" aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        <p class="help">
          Each team has its own queue in the ticket list. Routing rules send new tickets to a team, and a role can be
          limited to the tickets of its agents' teams.
        </p>
        <ListTable columns={['Team', 'Agents']} empty={!!teams.data && list.length === 0 && 'No teams yet.'}>
          {list.map((t) =>
            editing === t.id ? (
              <tr key={t.id}>
                <td colSpan={3}>
                  <TeamForm
                    draft={{ id: t.id, name: t.name, agentIds: t.agentIds }}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) changed(`Saved the team ${saved.name}.`);
                      keepFocus(`team-edit-${t.id}`);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={t.id}>
                <td>
                  <strong>{t.name}</strong>
                </td>
                <td>
                  {t.agentIds.length ? (
                    t.agentIds.map((id) => agentName(id)).join(', ')
                  ) : (
                    <span class="muted">No agents</span>
                  )}
                </td>
                <td class="nowrap">
                  {can('teams:update') && (
                    <button
                      id={`team-edit-${t.id}`}
                      class="btn btn-small"
                      type="button"
                      aria-label={`Edit ${t.name}`}
                      onClick={() => (setNote(''), setEditing(t.id))}
                    >
                      Edit
                    </button>
                  )}{' '}
                  {can('teams:delete') && (
                    <button
                      class="btn btn-small btn-danger-ghost"
                      type="button"
                      aria-label={`Delete ${t.name}`}
                      onClick={() => remove(t)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ),
          )}
        </ListTable>
        <ErrorNotice error={teams.error || error} />
        {note && <Success>{note}</Success>}
      </section>
      {can('teams:create') && (
        <TeamForm
          key={formKey}
          draft={{ name: '', agentIds: [] }}
          onDone={(saved) => {
            if (!saved) return;
            setFormKey((k) => k + 1);
            changed(`Created the team ${saved.name}.`);
          }}
        />
      )}
    </div>
  );
}
