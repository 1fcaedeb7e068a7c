// Inline ticket properties: status, priority, team, assignee and tags, each saved the moment it changes.
import { useEffect, useState } from 'preact/hooks';
import type { Ticket } from '../types.ts';
import { agents } from '../state/agents.ts';
import { me } from '../state/session.ts';
import { loadTeamQueue, teamQueue } from '../state/teams.ts';
import { ErrorNotice } from './notice.tsx';

export interface FieldsProps {
  ticket: Ticket;
  editable: boolean;
  onPatch: (patch: Partial<Ticket>) => Promise<void>;
}

export function TicketFields({ ticket, editable, onPatch }: FieldsProps) {
  const [error, setError] = useState<unknown>(null);
  const [tag, setTag] = useState('');
  useEffect(() => void loadTeamQueue(), []);
  async function patch(p: Partial<Ticket>) {
    setError(null);
    try {
      await onPatch(p);
    } catch (err) {
      setError(err);
      throw err;
    }
  }
  async function addTag(e: Event) {
    e.preventDefault();
    const v = tag.trim().replace(/\s+/g, '-');
    if (!v || ticket.tags.includes(v)) return setTag('');
    try {
      await patch({ tags: [...ticket.tags, v] });
      setTag('');
    } catch {
      // kept in the box so the agent can fix it
    }
  }
  const selfId = me.value?.agent?.id;
  return (
    <section class="card fields" aria-labelledby="fields-title">
      <h2 id="fields-title">Properties</h2>
      <fieldset disabled={!editable}>
        <label for="f-status">Status</label>
        <select
          id="f-status"
          value={ticket.status}
          onChange={(e) => patch({ status: e.currentTarget.value as Ticket['status'] }).catch(() => {})}
        >
          {['open', 'pending', 'resolved', 'closed'].map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <label for="f-priority">Priority</label>
        <select
          id="f-priority"
          value={ticket.priority}
          onChange={(e) => patch({ priority: e.currentTarget.value as Ticket['priority'] }).catch(() => {})}
        >
          {['low', 'normal', 'high', 'urgent'].map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <label for="f-team">Team</label>
        <select
          id="f-team"
          value={ticket.teamId ?? ''}
          onChange={(e) => patch({ teamId: e.currentTarget.value || null }).catch(() => {})}
        >
          <option value="">No team</option>
          {(teamQueue.value?.data ?? []).map((t) => (
            <option key={t.teamId} value={t.teamId}>
              {t.name}
            </option>
          ))}
        </select>
        <label for="f-assignee">Assignee</label>
        <select
          id="f-assignee"
          value={ticket.assigneeId ?? ''}
          onChange={(e) => patch({ assigneeId: e.currentTarget.value || null }).catch(() => {})}
        >
          <option value="">Unassigned</option>
          {agents.value
            .filter((a) => a.status === 'active' || a.id === ticket.assigneeId)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.id === selfId ? ' (me)' : ''}
              </option>
            ))}
        </select>
      </fieldset>
      <div class="tags-field">
        <span class="label" id="tags-label">
          Tags
        </span>
        <ul class="chips" aria-labelledby="tags-label">
          {ticket.tags.length === 0 && <li class="muted">No tags</li>}
          {ticket.tags.map((t) => (
            <li key={t} class="chip">
              {t}
              {editable && (
                <button
                  type="button"
                  class="chip-x"
                  aria-label={`Remove tag ${t}`}
                  onClick={() => patch({ tags: ticket.tags.filter((x) => x !== t) }).catch(() => {})}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        {editable && (
          <form class="inline" onSubmit={addTag}>
            <label for="f-tag" class="sr-only">
              Add tag
            </label>
            <input id="f-tag" placeholder="Add tag" value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
            <button class="btn btn-small" type="submit">
              Add
            </button>
          </form>
        )}
      </div>
      <ErrorNotice error={error} />
    </section>
  );
}
