// Live replies: the widget SSE stream, resumed with the last event id after any drop so no reply is missed.
import type { WidgetEventMap, WidgetEventType } from '../server/events/types.ts';
import type { TypingSignal, WidgetChatStatus } from '../server/chat/schemas.ts';

/**
 * One event of the visitor's stream as the server sends it; `open` when the stream (re)connects; `typing` and
 * `chat.availability` (the first agent came online, the last one left) are signals (no id, never replayed).
 */
export type LiveEvent =
  | { [T in WidgetEventType]: { type: T; data: WidgetEventMap[T] } }[WidgetEventType]
  | { type: 'typing'; data: TypingSignal }
  | { type: 'chat.availability'; data: WidgetChatStatus }
  | { type: 'open'; data: null };

/**
 * EventSource retries by itself (sending Last-Event-ID) while the server answers; when it gives up
 * (an HTTP error closes it), we open a new one after a growing pause and pass the last id in the query,
 * because a new EventSource cannot set that header.
 */
export function connectLive(
  url: (lastEventId?: string) => string,
  onEvent: (e: LiveEvent) => void,
  types: (WidgetEventType | 'typing' | 'chat.availability')[],
) {
  let es: EventSource | null = null;
  let lastId = '';
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  // The server names every event and sends its data as JSON.
  const handle = (e: MessageEvent<string>) => {
    if (e.lastEventId) lastId = e.lastEventId;
    delay = 1000;
    onEvent({ type: e.type, data: JSON.parse(e.data) } as LiveEvent);
  };

  function open() {
    if (stopped) return;
    es = new EventSource(url(lastId || undefined));
    for (const t of types) es.addEventListener(t, handle);
    es.onopen = () => onEvent({ type: 'open', data: null });
    es.onerror = () => {
      if (es?.readyState !== 2) return;
      es.close();
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  }
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    es?.close();
  };
}
