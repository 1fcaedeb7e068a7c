// The ticket queue: current view, filters, loaded rows and selection; live events refresh it in place.
import { batch, signal } from '@preact/signals';
import { api, type Page } from '../api.ts';
import type { Ticket } from '../types.ts';
import { isTicketEvent, onLiveEvent, ticketIdOf } from './events.ts';

export type ViewId = 'mine' | 'unassigned' | 'open' | 'pending' | 'resolved';

export const VIEWS: { id: ViewId; label: string; query: Record<string, string> }[] = [
  { id: 'mine', label: 'Mine', query: { status: 'open,pending', assignee: 'me' } },
  { id: 'unassigned', label: 'Unassigned', query: { status: 'open,pending', assignee: 'unassigned' } },
  { id: 'open', label: 'All open', query: { status: 'open' } },
  { id: 'pending', label: 'Pending', query: { status: 'pending' } },
  { id: 'resolved', label: 'Resolved', query: { status: 'resolved,closed' } },
];

export interface Filters {
  priority: string;
  tag: string;
  assignee: string;
  q: string;
  sort: string;
}

export const view = signal<ViewId>('open');
export const filters = signal<Filters>({ priority: '', tag: '', assignee: '', q: '', sort: 'updated' });
export const tickets = signal<Ticket[]>([]);
export const nextCursor = signal<string | null>(null);
export const selectedId = signal<string | null>(null);
export const loading = signal(false);
export const queueError = signal<unknown>(null);
export const counts = signal<Partial<Record<ViewId, string>>>({});
/** Tickets ticked for a bulk change. */
export const checked = signal<ReadonlySet<string>>(new Set());
/** Ids that changed live since the agent last looked, highlighted until selected. */
export const changed = signal<ReadonlySet<string>>(new Set());
/** Polite announcement for screen readers when live changes arrive. */
export const announcement = signal('');

export function queryFor(v: ViewId, f: Filters): Record<string, string> {
  const base = VIEWS.find((x) => x.id === v)!.query;
  const q: Record<string, string> = { ...base, sort: f.sort };
  if (f.priority) q.priority = f.priority;
  if (f.tag) q.tag = f.tag;
  if (f.q.trim()) q.q = f.q.trim();
  if (f.assignee && !base.assignee) q.assignee = f.assignee;
  if (f.sort === 'slaDue') q.order = 'asc';
  return q;
}

let generation = 0;

/** Loads the first page (or as many rows as are already shown, so a live refresh keeps the agent's place). */
export async function loadQueue(opts: { keepPlace?: boolean } = {}): Promise<void> {
  const gen = ++generation;
  const limit = opts.keepPlace ? Math.min(100, Math.max(25, tickets.value.length)) : 25;
  if (!opts.keepPlace) loading.value = true;
  try {
    const page = await api.get<Page<Ticket>>('/tickets', { ...queryFor(view.value, filters.value), limit });
    if (gen !== generation) return;
    batch(() => {
      tickets.value = page.data;
      nextCursor.value = page.nextCursor;
      queueError.value = null;
      if (!opts.keepPlace && !page.data.some((t) => t.id === selectedId.value)) selectedId.value = page.data[0]?.id ?? null;
    });
  } catch (e) {
    if (gen === generation) queueError.value = e;
  } finally {
    if (gen === generation) loading.value = false;
  }
}

export async function loadMore(): Promise<void> {
  const cursor = nextCursor.value;
  if (!cursor) return;
  try {
    const page = await api.get<Page<Ticket>>('/tickets', { ...queryFor(view.value, filters.value), limit: 25, cursor });
    const seen = new Set(tickets.value.map((t) => t.id));
    tickets.value = [...tickets.value, ...page.data.filter((t) => !seen.has(t.id))];
    nextCursor.value = page.nextCursor;
  } catch (e) {
    queueError.value = e;
  }
}

/** Counts per view, without the extra filters, from one server call. */
export async function loadCounts(): Promise<void> {
  try {
    const c = await api.get<Record<ViewId, number>>('/analytics/queue');
    counts.value = Object.fromEntries(VIEWS.map((v) => [v.id, String(c[v.id] ?? 0)]));
  } catch {
    // counts are a hint; the list itself reports errors
  }
}

export function setView(v: ViewId) {
  view.value = v;
  loadQueue();
}

export function setFilters(patch: Partial<Filters>) {
  filters.value = { ...filters.value, ...patch };
  loadQueue();
}

/** Moves the selection by one row; returns the newly selected ticket id. */
export function moveSelection(delta: number): string | null {
  const list = tickets.value;
  if (!list.length) return null;
  const i = list.findIndex((t) => t.id === selectedId.value);
  const j = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + delta));
  select(list[j].id);
  return list[j].id;
}

/**
 * The order the agent last saw on the queue page. j/k on a ticket step through this snapshot, so a queue
 * that reorders live (the ticket just answered jumps to the top, a resolved one leaves the view) does not
 * change what "next" means while the agent works through it.
 */
let seenOrder: string[] = [];

export function rememberOrder() {
  seenOrder = tickets.value.map((t) => t.id);
}

/** The id `delta` places from `id` in the order the agent saw, else in the live list. */
export function neighbour(id: string, delta: number): string | undefined {
  const i = seenOrder.indexOf(id);
  if (i >= 0) return seenOrder[i + delta];
  const list = tickets.value;
  const j = list.findIndex((t) => t.id === id);
  return j >= 0 ? list[j + delta]?.id : list[0]?.id;
}

export function select(id: string) {
  selectedId.value = id;
  if (changed.value.has(id)) {
    const s = new Set(changed.value);
    s.delete(id);
    changed.value = s;
  }
}

export function upsertTicket(t: Ticket) {
  if (tickets.value.some((x) => x.id === t.id)) tickets.value = tickets.value.map((x) => (x.id === t.id ? { ...x, ...t } : x));
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let started = false;

/** Subscribes the queue to live events once; bursts of events cost one refresh. */
export function startLiveQueue() {
  if (started) return;
  started = true;
  onLiveEvent((e) => {
    const id = ticketIdOf(e);
    if (!id) return;
    const s = new Set(changed.value);
    s.add(id);
    changed.value = s;
    if (isTicketEvent(e)) upsertTicket(e.data);
    if (e.type === 'ticket.created') announcement.value = `New ticket: ${e.data.subject}`;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      loadQueue({ keepPlace: true });
      loadCounts();
    }, 250);
  });
}

export function toggleChecked(id: string, on: boolean) {
  const s = new Set(checked.value);
  if (on) s.add(id);
  else s.delete(id);
  checked.value = s;
}

export interface BulkChanges {
  status?: string;
  priority?: string;
  assigneeId?: string | null;
  addTags?: string[];
}

/** One all-or-nothing change to every ticked ticket; the queue and counts refresh afterwards. */
export async function bulkUpdate(changes: BulkChanges): Promise<number> {
  const ids = [...checked.value];
  if (ids.length === 0) return 0;
  await api.post('/tickets/bulk', { ids, changes });
  checked.value = new Set();
  await Promise.all([loadQueue({ keepPlace: true }), loadCounts()]);
  return ids.length;
}
