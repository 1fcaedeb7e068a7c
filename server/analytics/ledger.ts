// The metric ledger of one ticket, computed from its history alone (messages, status changes and satisfaction
// ratings): first response, every next response, each resolution, reopen and wait for the customer, the SLA targets,
// in calendar and in business time, and the customer's ratings. Pure, so writing it with each change and rebuilding it from the history give the same rows.
import { businessSecondsBetween, type BusinessHours } from '../sla/business-hours.ts';

export const METRIC_KINDS = [
  'first_response',
  'next_response',
  'automated_reply',
  'resolution',
  'reopen',
  'waiting',
  'sla_first_response',
  'sla_resolution',
  'csat',
] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface HistoryMessage {
  at: string;
  /** 'agent' is a person; 'api' and 'system' are automation; 'customer' the requester (or a participant). */
  authorType: 'agent' | 'customer' | 'api' | 'system';
  authorId: string | null;
  internal: boolean;
}

export interface HistoryStatusChange {
  at: string;
  from: string;
  to: string;
  actorType: string;
  actorId: string | null;
}

export interface HistoryRating {
  /** When the customer rated (rated again: the latest rating of that resolution). */
  at: string;
  good: boolean;
}

export interface TicketHistory {
  createdAt: string;
  messages: HistoryMessage[];
  statusChanges: HistoryStatusChange[];
  /** The ticket's satisfaction ratings, one per rated resolution. */
  ratings?: HistoryRating[];
  /** Who the ticket is assigned to: its ratings are credited to them, as the agent table shows them. */
  assigneeId?: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

export interface MetricRow {
  kind: MetricKind;
  /** When it happened: the reply, the resolution, the end of the wait. */
  at: string;
  /** Seconds the clock ran (from the ticket's creation, the customer's waiting message, the reopen, the wait's start). */
  calendarSeconds: number | null;
  businessSeconds: number | null;
  /** The person it is credited to (the replying or resolving agent), null for automation and customers. */
  agentId: string | null;
  automated: boolean;
  /** SLA rows: 1 met, 0 breached; csat rows: 1 good, 0 bad. */
  met: number | null;
}

const RESOLVED = new Set(['resolved', 'closed']);

/** Rows in the order they happened; ties keep the history's order (messages before status changes). */
export function ledgerFor(h: TicketHistory, bh: BusinessHours | null | undefined): MetricRow[] {
  const rows: MetricRow[] = [];
  const noTimes = { calendarSeconds: null, businessSeconds: null };
  const span = (from: string, to: string) => ({
    calendarSeconds: Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)),
    businessSeconds: businessSecondsBetween(new Date(from), new Date(to), bh),
  });
  const row = (kind: MetricKind, at: string, from: string | null, agentId: string | null, automated = false) =>
    rows.push({
      kind,
      at,
      ...(from ? span(from, at) : noTimes),
      agentId,
      automated,
      met: null,
    });
  const sla = (kind: MetricKind, at: string, dueAt: string | null, agentId: string | null) => {
    if (dueAt) rows.push({ kind, at, ...noTimes, agentId, automated: false, met: at <= dueAt ? 1 : 0 });
  };

  type Step = { at: string; order: number } & (
    | { type: 'message'; m: HistoryMessage }
    | { type: 'status'; s: HistoryStatusChange }
    | { type: 'rating'; good: boolean }
  );
  const ratings = h.ratings ?? [];
  const steps: Step[] = [
    ...h.messages.map((m, i) => ({ at: m.at, order: i, type: 'message' as const, m })),
    ...h.statusChanges.map((s, i) => ({ at: s.at, order: h.messages.length + i, type: 'status' as const, s })),
    ...ratings.map((r, i) => ({
      at: r.at,
      order: h.messages.length + h.statusChanges.length + i,
      type: 'rating' as const,
      good: r.good,
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));

  let answered = false;
  /** Since when a customer's message has waited for a person's answer (null: nothing waits). */
  let waitingSince: string | null = h.createdAt;
  let cycleStart = h.createdAt;
  let resolvedOnce = false;
  let resolved = false;
  let pendingSince: string | null = null;

  for (const step of steps) {
    if (step.type === 'rating') {
      const agentId = h.assigneeId ?? null;
      rows.push({ ...noTimes, kind: 'csat', at: step.at, agentId, automated: false, met: step.good ? 1 : 0 });
      continue;
    }
    if (step.type === 'message') {
      const m = step.m;
      if (m.internal) continue;
      if (m.authorType === 'customer') {
        waitingSince ??= m.at;
      } else if (m.authorType === 'agent') {
        if (!answered) {
          answered = true;
          row('first_response', m.at, h.createdAt, m.authorId);
          sla('sla_first_response', m.at, h.firstResponseDueAt, m.authorId);
        } else if (waitingSince) {
          row('next_response', m.at, waitingSince, m.authorId);
        }
        waitingSince = null;
      } else {
        row('automated_reply', m.at, waitingSince, null, true);
      }
      continue;
    }
    const s = step.s;
    const agentId = s.actorType === 'agent' ? s.actorId : null;
    const automated = s.actorType !== 'agent' && s.actorType !== 'customer';
    if (s.from === 'pending' && pendingSince) {
      row('waiting', s.at, pendingSince, null);
      pendingSince = null;
    }
    if (s.to === 'pending') pendingSince = s.at;
    if (RESOLVED.has(s.to) && !resolved) {
      resolved = true;
      row('resolution', s.at, cycleStart, agentId, automated);
      if (!resolvedOnce) sla('sla_resolution', s.at, h.resolutionDueAt, agentId);
      resolvedOnce = true;
      waitingSince = null;
    } else if (!RESOLVED.has(s.to) && resolved) {
      resolved = false;
      cycleStart = s.at;
      row('reopen', s.at, null, agentId, automated);
    }
  }
  return rows;
}
