// Snooze on the ticket page: put the ticket away for an hour, until tomorrow 9:00, next Monday 9:00, until the
// customer replies, or a custom time; a snoozed ticket shows when it comes back and a Wake now button.
import { useState } from 'preact/hooks';
import type { Ticket } from '../types.ts';
import { dateTime } from './format.ts';

export type SnoozeChoice = { until: string } | { untilReply: true };

/** The preset times, from `now` in the browser's time zone. */
export function snoozePresets(now: Date): { label: string; until: Date }[] {
  const at9 = (days: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(9, 0, 0, 0);
    return d;
  };
  const toMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { label: '1 hour', until: new Date(now.getTime() + 3600_000) },
    { label: 'Tomorrow 9:00', until: at9(1) },
    { label: 'Next week', until: at9(toMonday) },
  ];
}

export function SnoozeBadge({ ticket }: { ticket: Ticket }) {
  if (!ticket.snooze) return null;
  return (
    <span class="pill badge-snoozed">
      {ticket.snooze.until ? `Snoozed until ${dateTime(ticket.snooze.until)}` : 'Snoozed until the customer replies'}
    </span>
  );
}

export function SnoozeMenu({
  ticket,
  onSnooze,
  onWake,
}: {
  ticket: Ticket;
  onSnooze: (c: SnoozeChoice) => void;
  onWake: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  if (ticket.status === 'resolved' || ticket.status === 'closed') return null;
  if (ticket.snooze)
    return (
      <button class="btn" type="button" onClick={onWake}>
        Wake now
      </button>
    );
  const pick = (c: SnoozeChoice) => {
    setOpen(false);
    onSnooze(c);
  };
  return (
    <div class="snooze-menu">
      <button class="btn" type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Snooze
      </button>
      {open && (
        <div class="menu-panel" role="group" aria-label="Snooze until">
          {snoozePresets(new Date()).map((p) => (
            <button
              key={p.label}
              class="btn btn-ghost"
              type="button"
              onClick={() => pick({ until: p.until.toISOString() })}
            >
              {p.label}
            </button>
          ))}
          <button class="btn btn-ghost" type="button" onClick={() => pick({ untilReply: true })}>
            Until the customer replies
          </button>
          <form
            class="snooze-custom"
            onSubmit={(e) => {
              e.preventDefault();
              if (custom) pick({ until: new Date(custom).toISOString() });
            }}
          >
            <label>
              Custom time{' '}
              <input type="datetime-local" value={custom} onInput={(e) => setCustom(e.currentTarget.value)} />
            </label>
            <button class="btn btn-small" type="submit" disabled={!custom}>
              Snooze
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
