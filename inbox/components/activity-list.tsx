// A ticket's history in words: who changed what, from what to what, when.
import type { Activity } from '../types.ts';
import { agentName } from '../state/agents.ts';
import { teamName } from '../state/teams.ts';
import { dateTime, relative } from './format.ts';

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '')
    return field === 'assigneeId' ? 'Unassigned' : field === 'teamId' ? 'no team' : 'none';
  if (field === 'assigneeId') return agentName(String(v));
  if (field === 'teamId') return teamName(String(v));
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return dateTime(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const FIELD: Record<string, string> = {
  assigneeId: 'assignee',
  teamId: 'team',
  customFields: 'custom fields',
  firstResponseAt: 'first response',
  resolvedAt: 'resolved at',
  closedAt: 'closed at',
};

export function describe(a: Activity): string {
  const entries = Object.entries(a.changes);
  if (a.action === 'ticket.created') return 'created the ticket';
  if (a.action === 'macro.applied') return `applied the macro “${show('macro', a.changes.macro?.to)}”`;
  if (a.action === 'ticket.merged' || a.action === 'ticket.unmerged') {
    const from = a.changes.mergedFrom;
    const numbers = (v: unknown) => (Array.isArray(v) ? v.map((n) => `#${n}`).join(', ') : '');
    if (a.action === 'ticket.merged')
      return from ? `merged ${numbers(from.to)} into this ticket` : 'merged this ticket into another and closed it';
    return from ? `undid the merge of ${numbers(from.from)}` : 'undid the merge: the ticket is back as it was';
  }
  if (!entries.length) return a.action.replace(/^ticket\./, '').replace(/[._]/g, ' ');
  return entries
    .map(([k, c]) =>
      c.from === null && /At$/.test(k)
        ? `recorded the ${FIELD[k] ?? k} (${show(k, c.to)})`
        : `changed ${FIELD[k] ?? k} from ${show(k, c.from)} to ${show(k, c.to)}`,
    )
    .join('; ');
}

export function ActivityList({ items }: { items: Activity[] }) {
  if (!items.length) return <p class="muted">No changes yet.</p>;
  return (
    <ol class="activity">
      {items.map((a) => (
        <li key={a.id}>
          <strong>
            {a.actor.name || (a.actor.type === 'customer' ? 'Customer' : a.actor.type === 'system' ? 'System' : 'API')}
          </strong>{' '}
          {describe(a)}{' '}
          <time class="muted" dateTime={a.createdAt} title={dateTime(a.createdAt)}>
            {relative(a.createdAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}
