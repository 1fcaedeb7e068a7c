// Status, priority and SLA badges: colour plus words, so meaning never rests on colour alone.
import type { Ticket } from '../types.ts';
import { relative } from './format.ts';

export function StatusBadge({ status }: { status: string }) {
  return <span class={`pill status-${status}`}>{status}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span class={`pill prio-${priority}`}>{priority}</span>;
}

/** What the SLA says right now: breached, due soon, due later, or nothing for finished tickets. */
export function slaState(t: Ticket, now = Date.now()): { kind: 'breached' | 'soon' | 'due'; text: string } | null {
  const s = t.sla;
  if (t.status === 'resolved' || t.status === 'closed') return null;
  const due = s.nextDueAt;
  const breached = s.firstResponseBreached || s.resolutionBreached || (!!due && new Date(due).getTime() < now);
  if (breached) return { kind: 'breached', text: 'SLA breached' };
  if (!due) return null;
  const left = new Date(due).getTime() - now;
  return { kind: left < 3600_000 ? 'soon' : 'due', text: `Due ${relative(due, now)}` };
}

export function SlaBadge({ ticket }: { ticket: Ticket }) {
  const s = slaState(ticket);
  if (!s) return null;
  return (
    <span
      class={`pill sla-${s.kind}`}
      title={ticket.sla.nextDueAt ? `SLA due ${new Date(ticket.sla.nextDueAt).toLocaleString()}` : undefined}
    >
      {s.text}
    </span>
  );
}
