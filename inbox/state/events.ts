// The tenant's live event stream (SSE): one EventSource for the app, fanned out to page listeners.
import { signal } from '@preact/signals';

export interface LiveEvent {
  type: string;
  data: any;
}

export type LiveStatus = 'connecting' | 'live' | 'offline';
export const liveStatus = signal<LiveStatus>('offline');

const TYPES = ['ticket.created', 'ticket.updated', 'ticket.resolved', 'message.created', 'customer.created'];
const listeners = new Set<(e: LiveEvent) => void>();
let source: EventSource | null = null;

/** EventSource resends Last-Event-ID on reconnect by itself, so nothing is missed across drops. */
export function connectEvents() {
  if (source || typeof EventSource === 'undefined') return;
  liveStatus.value = 'connecting';
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.onopen = () => (liveStatus.value = 'live');
  source.onerror = () => (liveStatus.value = source?.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  const dispatch = (type: string) => (ev: MessageEvent) => {
    let data: any = null;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return;
    }
    // A server may wrap the payload as { type, data } or send it bare.
    const payload = data && typeof data === 'object' && 'data' in data && 'type' in data ? data.data : data;
    for (const l of listeners) l({ type, data: payload });
  };
  for (const t of TYPES) source.addEventListener(t, dispatch(t) as EventListener);
  source.onmessage = (ev) => {
    try {
      const d = JSON.parse(ev.data);
      if (d && typeof d.type === 'string') for (const l of listeners) l({ type: d.type, data: d.data ?? d });
    } catch {
      // heartbeat or comment
    }
  };
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
