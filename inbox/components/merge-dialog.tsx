// "Merge…" on the ticket page: find duplicates by number or subject, tick them, merge them into this ticket.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import type { Ticket } from '../types.ts';
import { ErrorNotice } from './notice.tsx';
import { StatusBadge } from './badges.tsx';

export function MergeDialog({ ticket, onMerged }: { ticket: Ticket; onMerged: (t: Ticket) => void }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Ticket[]>([]);
  const [picked, setPicked] = useState<Ticket[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  // A search answered after the agent typed on is dropped.
  const asked = useRef('');
  useEffect(() => {
    const term = q.trim();
    asked.current = term;
    if (!open || !term) return setFound([]);
    const timer = setTimeout(() => {
      api.get<Page<Ticket>>('/tickets', { q: term, limit: 10 }).then(
        (p) => asked.current === term && setFound(p.data.filter((t) => t.id !== ticket.id && !t.mergedInto)),
        () => asked.current === term && setFound([]),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [q, open, ticket.id]);
  const close = () => {
    setOpen(false);
    setQ('');
    setPicked([]);
    setError(null);
    button.current?.focus();
  };
  const toggle = (t: Ticket) =>
    setPicked((list) => (list.some((x) => x.id === t.id) ? list.filter((x) => x.id !== t.id) : [...list, t]));
  async function merge() {
    setBusy(true);
    setError(null);
    try {
      const t = await api.post<Ticket>(`/tickets/${ticket.id}/merge`, { ticketIds: picked.map((p) => p.id) });
      onMerged(t);
      close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const shown = [...picked, ...found.filter((f) => !picked.some((p) => p.id === f.id))];
  return (
    <div class="merge-menu">
      <button
        ref={button}
        class="btn"
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Merge…
      </button>
      {open && (
        <div
          class="merge-dialog"
          role="dialog"
          aria-label={`Merge tickets into #${ticket.number}`}
          onKeyDown={(e) => e.key === 'Escape' && close()}
        >
          <label for="merge-search">Find tickets by number or subject</label>
          <input
            id="merge-search"
            ref={input}
            type="search"
            value={q}
            placeholder="#42 or words from the subject"
            onInput={(e) => setQ(e.currentTarget.value)}
          />
          {shown.length > 0 ? (
            <ul class="plain merge-results" aria-label="Tickets to merge">
              {shown.map((t) => (
                <li key={t.id}>
                  <label>
                    <input type="checkbox" checked={picked.some((p) => p.id === t.id)} onChange={() => toggle(t)} /> #
                    {t.number} {t.subject} <StatusBadge status={t.status} />
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            q.trim() && <p class="muted">No other tickets match.</p>
          )}
          <p class="help">
            Their messages, files and tags move here; they are closed with a link to this ticket and their requesters
            are told by email. You can undo it for 10 minutes.
          </p>
          <ErrorNotice error={error} />
          <div class="actions">
            <button class="btn btn-primary" type="button" disabled={busy || !picked.length} onClick={merge}>
              Merge {picked.length || ''} into #{ticket.number}
            </button>
            <button class="btn btn-ghost" type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
