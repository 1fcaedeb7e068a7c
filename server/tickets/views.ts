// The inbox's views, defined once: the list (`GET /tickets?view=`) and the counts (`GET /analytics/queue`) both read these.
import { placeholders } from '../db/placeholders.ts';
import type { Status } from './schemas.ts';

export const VIEW_IDS = ['mine', 'unassigned', 'open', 'pending', 'resolved', 'spam', 'snoozed'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export interface ViewDefinition {
  /** The statuses the view shows. */
  statuses: readonly Status[];
  /** `me`: assigned to the calling agent; null: assigned to nobody; absent: anyone. */
  assignee?: 'me' | null;
  /** The Spam view holds the tickets that failed spam signals; every other view leaves them out. */
  spam?: true;
  /** true: only snoozed tickets (the Snoozed view); false: awake ones only; absent: either. */
  snoozed?: boolean;
}

/** What each view holds. Work waiting on the team is `open`; `pending` waits on the customer. */
export const VIEWS: Record<ViewId, ViewDefinition> = {
  mine: { statuses: ['open', 'pending'], assignee: 'me', snoozed: false },
  unassigned: { statuses: ['open', 'pending'], assignee: null, snoozed: false },
  open: { statuses: ['open'], snoozed: false },
  pending: { statuses: ['pending'], snoozed: false },
  resolved: { statuses: ['resolved', 'closed'] },
  spam: { statuses: ['open', 'pending', 'resolved', 'closed'], spam: true },
  snoozed: { statuses: ['open', 'pending'], snoozed: true },
};

/**
 * The SQL condition on a `tickets` row (columns prefixed with `alias`) for one view. `agentId` is the caller's
 * agent, or null for a caller that is no agent (an API key), for whom "mine" holds nothing.
 */
export function viewCondition(view: ViewId, agentId: string | null, alias = 't'): { sql: string; args: string[] } {
  const v = VIEWS[view];
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  const parts = [`${col('spam')} = ${v.spam ? 1 : 0}`, `${col('status')} IN (${placeholders(v.statuses.length)})`];
  const args: string[] = [...v.statuses];
  if (v.snoozed !== undefined) parts.push(`${col('snoozed')} = ${v.snoozed ? 1 : 0}`);
  if (v.assignee === null) parts.push(`${col('assignee_id')} IS NULL`);
  else if (v.assignee === 'me') {
    if (agentId === null) parts.push('0 = 1');
    else {
      parts.push(`${col('assignee_id')} = ?`);
      args.push(agentId);
    }
  }
  return { sql: `(${parts.join(' AND ')})`, args };
}
