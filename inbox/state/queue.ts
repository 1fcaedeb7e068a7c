// The ticket queue: current view, filters, loaded rows and selection; live events refresh it in place.
import { batch, computed, signal } from '@preact/signals';
import { api, type Page } from '../api.ts';
import type { QueueCounts, Ticket } from '../types.ts';
import type { ViewId } from '../../server/tickets/views.ts';
import { isTicketEvent, onLiveEvent, ticketIdOf, type LiveEvent } from './events.ts';
import { route } from './router.ts';
import { me } from './session.ts';
import { loadTeamQueue } from './teams.ts';

export type { ViewId };

/**
 * The views' labels; what each holds is the server's one definition (`server/tickets/views.ts`), asked for by
 * `?view=`, so the list and its count (`GET /analytics/queue`) can never disagree. `ownsAssignee`: the view
 * decides the assignee, so the assignee filter does not apply.
 */
export const VIEWS: { id: ViewId; label: string; ownsAssignee: boolean }[] = [
  { id: 'mine', label: 'Mine', ownsAssignee: true },
  { id: 'unassigned', label: 'Unassigned', ownsAssignee: true },
  { id: 'open', label: 'All open', ownsAssignee: false },
  { id: 'pending', label: 'Pending', ownsAssignee: false },
  { id: 'resolved', label: 'Resolved', ownsAssignee: false },
  // Failed spam signals: in no other view until an agent marks them not spam (or deletes them).
  { id: 'spam', label: 'Spam', ownsAssignee: false },
  // Open or pending tickets put away until a time or the customer's reply: out of the views above until they wake.
  { id: 'snoozed', label: 'Snoozed', ownsAssignee: false },
];

export interface Filters {
  priority: string;
  tag: string;
  assignee: string;
  q: string;
  sort: string;
}

export const view = signal<ViewId>('open');
/**
 * A team queue picked instead of a view (a team id, or `none` for tickets of no team): that team's open and
 * pending tickets, as `GET /teams/queue` counts them. Null while a view is picked.
 */
export const team = signal<string | null>(null);
export const filters = signal<Filters>({ priority: '', tag: '', assignee: '', q: '', sort: 'updated' });
export const tickets = signal<Ticket[]>([]);
export const nextCursor = signal<string | null>(null);
export const selectedId = signal<string | null>(null);
export const loading = signal(false);
export const queueError = signal<unknown>(null);
export const counts = signal<Partial<Record<ViewId, string>>>({});
/** Tickets ticked for a bulk change. */
export const checked = signal<ReadonlySet<string>>(new Set());
/** Set when "select all matching" ticked every ticket of the current view and filters, not only those shown. */
export const matching = signal<{ total: number; capped: boolean } | null>(null);
/** Ids that changed live since the agent last looked, highlighted until selected: the inbox's "unread". */
export const changed = signal<ReadonlySet<string>>(new Set());
export const unreadCount = computed(() => changed.value.size);
/** Polite announcement for screen readers when live changes arrive. */
export const announcement = signal('');

/**
 * A search (filters.q) covers every ticket the agent may see, whatever view they were in; `keepView` is the
 * filter chip that narrows it to that view again. It starts off with every new search.
 */
export const keepView = signal(false);
/** How many tickets the current search matches (counted up to SEARCH_COUNT_LIMIT); null while unknown or not searching. */
export const searchCount = signal<{ total: number; capped: boolean } | null>(null);
export const SEARCH_COUNT_LIMIT = 500;

export const searching = (f: Filters = filters.value) => f.q.trim() !== '';

/** Whether the view's own conditions apply: always outside a search, inside one only while its chip is kept. */
export const viewApplies = (f: Filters = filters.value, keep = keepView.value) => !searching(f) || keep;

export function queryFor(v: ViewId, f: Filters, keep = false, teamId: string | null = null): Record<string, string> {
  const applies = viewApplies(f, keep);
  const q: Record<string, string> = !applies
    ? { sort: f.sort }
    : teamId
      ? { teamId, status: 'open,pending', sort: f.sort }
      : { view: v, sort: f.sort };
  if (f.priority) q.priority = f.priority;
  if (f.tag) q.tag = f.tag;
  if (f.q.trim()) q.q = f.q.trim();
  if (f.assignee && !(applies && !teamId && VIEWS.find((x) => x.id === v)!.ownsAssignee)) q.assignee = f.assignee;
  if (f.sort === 'slaDue') q.order = 'asc';
  return q;
}

const currentQuery = () => queryFor(view.value, filters.value, keepView.value, team.value);

let generation = 0;
let countGeneration = 0;

/** Counts the search's matches: the first page, then the rest 100 at a time (often the first page says it all). */
async function countSearch(first: Page<Ticket>, limit: number): Promise<void> {
  const gen = ++countGeneration;
  if (!first.nextCursor) {
    searchCount.value = { total: first.data.length, capped: false };
    return;
  }
  const query = currentQuery();
  let total = first.data.length;
  let cursor: string | null = first.nextCursor;
  try {
    do {
      const page: Page<Ticket> = await api.get<Page<Ticket>>('/tickets', { ...query, limit: 100, cursor });
      if (gen !== countGeneration) return;
      total += page.data.length;
      cursor = page.nextCursor;
    } while (cursor && total < SEARCH_COUNT_LIMIT);
    searchCount.value = { total: Math.min(total, SEARCH_COUNT_LIMIT), capped: !!cursor || total > SEARCH_COUNT_LIMIT };
  } catch {
    // the count is a hint; the list itself reports errors
    if (gen === countGeneration) searchCount.value = { total: Math.max(limit, first.data.length), capped: true };
  }
}

/** Loads the first page (or as many rows as are already shown, so a live refresh keeps the agent's place). */
export async function loadQueue(opts: { keepPlace?: boolean } = {}): Promise<void> {
  const gen = ++generation;
  const limit = opts.keepPlace ? Math.min(100, Math.max(25, tickets.value.length)) : 25;
  if (!opts.keepPlace) loading.value = true;
  try {
    const page = await api.get<Page<Ticket>>('/tickets', { ...currentQuery(), limit });
    if (gen !== generation) return;
    if (searching()) void countSearch(page, limit);
    else {
      countGeneration++;
      searchCount.value = null;
    }
    batch(() => {
      tickets.value = page.data;
      nextCursor.value = page.nextCursor;
      queueError.value = null;
      if (!opts.keepPlace && !page.data.some((t) => t.id === selectedId.value))
        selectedId.value = page.data[0]?.id ?? null;
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
    const page = await api.get<Page<Ticket>>('/tickets', { ...currentQuery(), limit: 25, cursor });
    const seen = new Set(tickets.value.map((t) => t.id));
    tickets.value = [...tickets.value, ...page.data.filter((t) => !seen.has(t.id))];
    nextCursor.value = page.nextCursor;
  } catch (e) {
    queueError.value = e;
  }
}

/** Counts per view, without the extra filters, from one server call; and the team queues' counts beside. */
export async function loadCounts(): Promise<void> {
  void loadTeamQueue(true);
  try {
    const c = await api.get<QueueCounts>('/analytics/queue');
    counts.value = Object.fromEntries(VIEWS.map((v) => [v.id, String(c[v.id])]));
  } catch {
    // counts are a hint; the list itself reports errors
  }
}

/** A ticked ticket the new view may not show would be changed unseen by the next bulk action: start afresh. */
function clearChecked() {
  checked.value = new Set();
  matching.value = null;
}

/** Picking a view while searching keeps the search and narrows it to that view (its chip turns on). */
export function setView(v: ViewId) {
  batch(() => {
    view.value = v;
    team.value = null;
    if (searching()) keepView.value = true;
  });
  clearChecked();
  loadQueue();
}

/** Picks a team queue (a team id, or `none`) in place of a view; while searching, narrows the search to it. */
export function setTeam(id: string) {
  batch(() => {
    team.value = id;
    if (searching()) keepView.value = true;
  });
  clearChecked();
  loadQueue();
}

export function setFilters(patch: Partial<Filters>) {
  const before = filters.value.q.trim();
  batch(() => {
    filters.value = { ...filters.value, ...patch };
    const after = filters.value.q.trim();
    // A new search starts over every ticket; so does going back to the view after one.
    if (after !== before) {
      keepView.value = false;
      searchCount.value = null;
    }
  });
  clearChecked();
  loadQueue();
}

/** The view chip of a search: narrow the results to the view the agent was in, or search everything again. */
export function setKeepView(keep: boolean) {
  keepView.value = keep;
  searchCount.value = null;
  clearChecked();
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

/**
 * One change can arrive as several events (a colleague's first reply is `message.created`, then `ticket.updated`,
 * both stamped with the same time). What the agent has looked at is kept per ticket as the newest stamp seen by
 * then, so a later event of the same change does not mark the row fresh again; a newer change still does.
 */
const latestStamp = new Map<string, string>();
const readUpTo = new Map<string, string>();

function stampOf(e: LiveEvent): string | undefined {
  if (e.type === 'message.created') return e.data.message.createdAt;
  return isTicketEvent(e) ? e.data.updatedAt : undefined;
}

function noteStamp(e: LiveEvent, id: string) {
  const t = stampOf(e);
  if (t && !(latestStamp.get(id)! >= t)) latestStamp.set(id, t);
}

export function select(id: string) {
  selectedId.value = id;
  const seen = latestStamp.get(id);
  if (seen) readUpTo.set(id, seen);
  freshStamps.delete(id);
  if (changed.value.has(id)) {
    const s = new Set(changed.value);
    s.delete(id);
    changed.value = s;
  }
}

export function upsertTicket(t: Ticket) {
  if (tickets.value.some((x) => x.id === t.id))
    tickets.value = tickets.value.map((x) => (x.id === t.id ? { ...x, ...t } : x));
}

/**
 * The updatedAt of tickets this agent just changed, so the live echo of their own change (the server streams
 * it back like anyone's) does not count as news. Matching the exact version, not a time window: a colleague's
 * later change to the same ticket has another updatedAt and still counts.
 */
const ownVersions = new Map<string, string>();

/**
 * The stamps of the news that made each unread row fresh. The echo of an agent's own change can come down the
 * stream before the answer to their request does: once the answer names that version, the echo is taken back,
 * and the row stays fresh only if other news made it so.
 */
const freshStamps = new Map<string, Set<string>>();

export function rememberOwnChanges(list: Pick<Ticket, 'id' | 'updatedAt'>[]) {
  let s: Set<string> | undefined;
  for (const t of list) {
    ownVersions.set(t.id, t.updatedAt);
    const stamps = freshStamps.get(t.id);
    if (!stamps?.delete(t.updatedAt) || stamps.size || !changed.value.has(t.id)) continue;
    s ??= new Set(changed.value);
    s.delete(t.id);
    freshStamps.delete(t.id);
  }
  if (s) changed.value = s;
}

/** Whether ticket `id` is open in front of the agent. */
function isOpenHere(id: string): boolean {
  const [section, openId] = route.value.parts;
  return section === 'tickets' && openId === id;
}

/** Whether a live event about ticket `id` is news for this agent: not their own change, not the ticket open in front of them. */
export function isNews(e: LiveEvent, id: string): boolean {
  if (isOpenHere(id)) return false;
  const t = stampOf(e);
  if (t && readUpTo.get(id)! >= t) return false;
  if (e.type === 'message.created') {
    const { author } = e.data.message;
    return !(author.type === 'agent' && author.id !== null && author.id === me.value?.agent?.id);
  }
  return !(isTicketEvent(e) && ownVersions.get(id) === e.data.updatedAt);
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let started = false;

/** Subscribes the queue to live events once (from the shell, so the tab title counts on every page); bursts cost one refresh. */
export function startLiveQueue() {
  if (started) return;
  started = true;
  onLiveEvent((e) => {
    if (!takeLiveEvent(e)) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      loadQueue({ keepPlace: true });
      loadCounts();
    }, 250);
  });
}

/** Takes one live event into the queue: marks news unread, updates the row in place; the ticket's id, if it has one. */
export function takeLiveEvent(e: LiveEvent): string | null {
  const id = ticketIdOf(e);
  if (!id) return null;
  const news = isNews(e, id);
  noteStamp(e, id);
  const seen = latestStamp.get(id);
  if (seen && isOpenHere(id)) readUpTo.set(id, seen);
  if (news) {
    const s = new Set(changed.value);
    s.add(id);
    changed.value = s;
    const t = stampOf(e);
    if (t) freshStamps.set(id, (freshStamps.get(id) ?? new Set()).add(t));
  }
  if (isTicketEvent(e)) upsertTicket(e.data);
  if (e.type === 'ticket.created') announcement.value = `New ticket: ${e.data.subject}`;
  return id;
}

export function toggleChecked(id: string, on: boolean) {
  const s = new Set(checked.value);
  if (on) s.add(id);
  else s.delete(id);
  checked.value = s;
  matching.value = null;
}

/** Ticks (or unticks) every ticket shown. */
export function checkShown(on: boolean) {
  checked.value = on ? new Set(tickets.value.map((t) => t.id)) : new Set();
  matching.value = null;
}

/** How many tickets "select all matching" ticks at most; beyond that the agent narrows the filters. */
export const MATCHING_LIMIT = 1000;
/** What POST /tickets/bulk takes in one call (all or nothing within it). */
export const BULK_CHUNK = 100;

/** Ticks every ticket of the current view and filters, paging through the list API up to MATCHING_LIMIT. */
export async function checkAllMatching(): Promise<void> {
  const query = currentQuery();
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Ticket> = await api.get<Page<Ticket>>('/tickets', { ...query, limit: 100, cursor });
    ids.push(...page.data.map((t) => t.id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < MATCHING_LIMIT);
  batch(() => {
    checked.value = new Set(ids.slice(0, MATCHING_LIMIT));
    matching.value = { total: Math.min(ids.length, MATCHING_LIMIT), capped: !!cursor || ids.length > MATCHING_LIMIT };
  });
}

export interface BulkChanges {
  status?: string;
  priority?: string;
  assigneeId?: string | null;
  teamId?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

/** Groups of at most `size`, in order. */
export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A bulk change that stopped part way: the first `done` tickets changed, the rest did not. */
export class PartialBulkError extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
    readonly reason: unknown,
  ) {
    super(
      `Changed ${done} of ${total} tickets, then: ${reason instanceof Error ? reason.message : String(reason)} The other ${total - done} are unchanged and still ticked.`,
    );
  }
}

/**
 * One call per 100 ticked tickets (each call all or nothing). If a call fails, the tickets not yet done stay
 * ticked so the agent can fix the cause and try again.
 */
async function eachChunk(call: (ids: string[]) => Promise<void>): Promise<number> {
  const ids = [...checked.value];
  if (ids.length === 0) return 0;
  let done = 0;
  try {
    for (const part of chunks(ids, BULK_CHUNK)) {
      await call(part);
      done += part.length;
    }
  } catch (e) {
    checked.value = new Set(ids.slice(done));
    matching.value = null;
    await Promise.all([loadQueue({ keepPlace: true }), loadCounts()]);
    throw done > 0 ? new PartialBulkError(done, ids.length, e) : e;
  }
  clearChecked();
  await Promise.all([loadQueue({ keepPlace: true }), loadCounts()]);
  return ids.length;
}

/** The same change to every ticked ticket. */
export function bulkUpdate(changes: BulkChanges): Promise<number> {
  return eachChunk(async (ids) => {
    const r = await api.post<{ data: Ticket[] }>('/tickets/bulk', { ids, changes });
    rememberOwnChanges(r.data);
  });
}

/** A macro on every ticked ticket (its reply written for each ticket's own customer). */
export function bulkMacro(macroId: string): Promise<number> {
  return eachChunk(async (ids) => {
    const r = await api.post<{ data: Ticket[] }>(`/macros/${macroId}/apply`, { ticketIds: ids });
    rememberOwnChanges(r.data);
  });
}

/** Ticked spam: released (each then arrives as a new ticket) or deleted for good. */
export function bulkSpam(action: 'not-spam' | 'delete'): Promise<number> {
  return eachChunk(async (ids) => {
    await api.post(`/tickets/bulk/${action}`, { ids });
  });
}
