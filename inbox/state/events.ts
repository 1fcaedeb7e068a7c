// The tenant's live event stream (SSE): one EventSource for the app, fanned out to page listeners.
import { signal } from '@preact/signals';
import type { EventMap, TypingSignal, ViewingSignal } from '../types.ts';

/** One event as GET /events sends it: the event name and its data, typed by the server's event registry. */
export type LiveEvent = { [T in keyof EventMap]: { type: T; data: EventMap[T] } }[keyof EventMap];

export type LiveStatus = 'connecting' | 'live' | 'offline';
export const liveStatus = signal<LiveStatus>('offline');

/** A Record so that a new server event type is a type error here until the inbox knows it. */
const TYPES: Record<keyof EventMap, true> = {
  'ticket.created': true,
  'ticket.updated': true,
  'ticket.resolved': true,
  'ticket.merged': true,
  'ticket.unmerged': true,
  'ticket.woken': true,
  'message.created': true,
  'attachment.scanned': true,
  'message.read': true,
  'chat.updated': true,
  'csat.submitted': true,
  'customer.created': true,
  'kb.article.published': true,
};
/** Every event type, in the server's order: what the stream sends and a webhook may subscribe to. */
export const EVENT_TYPES = Object.keys(TYPES) as (keyof EventMap)[];
const listeners = new Set<(e: LiveEvent) => void>();
/** Typing is a signal, not an event (no id, never replayed): its own listeners. */
const typingListeners = new Set<(s: TypingSignal) => void>();
/** Who views which ticket (collision warnings): a signal like typing. */
const viewingListeners = new Set<(s: ViewingSignal) => void>();
let source: EventSource | null = null;

type MergeEvent = Extract<LiveEvent, { type: 'ticket.merged' | 'ticket.unmerged' }>;
const isMergeEvent = (e: LiveEvent): e is MergeEvent => e.type === 'ticket.merged' || e.type === 'ticket.unmerged';

/** ticket.created/updated/resolved carry the whole ticket as GET /tickets/:id has it (without the thread). */
export const isTicketEvent = (
  e: LiveEvent,
): e is Extract<LiveEvent, { type: 'ticket.created' | 'ticket.updated' | 'ticket.resolved' }> =>
  e.type === 'ticket.created' || e.type === 'ticket.updated' || e.type === 'ticket.resolved';

/** The ticket an event is about, or null (customers, articles). */
export function ticketIdOf(e: LiveEvent): string | null {
  if (isMergeEvent(e)) return e.data.ticket.id;
  if (isTicketEvent(e)) return e.data.id;
  if (e.type === 'csat.submitted') return e.data.ticket.id;
  return e.type === 'message.created' || e.type === 'attachment.scanned' || e.type === 'ticket.woken'
    ? e.data.ticketId
    : null;
}

/** EventSource resends Last-Event-ID on reconnect by itself, so nothing is missed across drops. */
export function connectEvents() {
  if (source || typeof EventSource === 'undefined') return;
  liveStatus.value = 'connecting';
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.onopen = () => (liveStatus.value = 'live');
  source.onerror = () => (liveStatus.value = source?.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  // The server names every event and sends its data as JSON; comments (heartbeats) never reach listeners.
  const dispatch = (type: keyof EventMap) => (ev: MessageEvent<string>) => {
    const e = { type, data: JSON.parse(ev.data) } as LiveEvent;
    for (const l of listeners) l(e);
  };
  for (const t of EVENT_TYPES) source.addEventListener(t, dispatch(t));
  source.addEventListener('typing', (ev: MessageEvent<string>) => {
    const s = JSON.parse(ev.data) as TypingSignal;
    for (const l of typingListeners) l(s);
  });
  source.addEventListener('viewing', (ev: MessageEvent<string>) => {
    const s = JSON.parse(ev.data) as ViewingSignal;
    for (const l of viewingListeners) l(s);
  });
}

export function disconnectEvents() {
  source?.close();
  source = null;
  liveStatus.value = 'offline';
}

export function onLiveEvent(fn: (e: LiveEvent) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** `event: typing` from the stream: someone (agent or visitor) is typing on a ticket, or stopped. */
export function onTyping(fn: (s: TypingSignal) => void): () => void {
  typingListeners.add(fn);
  return () => typingListeners.delete(fn);
}

/** `event: viewing` from the stream: another agent opened a ticket (renewed every 15 s), or left it. */
export function onViewing(fn: (s: ViewingSignal) => void): () => void {
  viewingListeners.add(fn);
  return () => viewingListeners.delete(fn);
}
