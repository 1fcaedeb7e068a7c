// Live replies: the widget SSE stream, resumed with the last event id after any drop so no reply is missed.

/**
 * EventSource retries by itself (sending Last-Event-ID) while the server answers; when it gives up
 * (an HTTP error closes it), we open a new one after a growing pause and pass the last id in the query,
 * because a new EventSource cannot set that header.
 */
export function connectLive(url: (lastEventId?: string) => string, onEvent: (type: string, data: unknown) => void, types: string[]) {
  let es: EventSource | null = null;
  let lastId = '';
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const handle = (e: MessageEvent) => {
    if (e.lastEventId) lastId = e.lastEventId;
    delay = 1000;
    let data: unknown = e.data;
    try {
      data = JSON.parse(e.data);
    } catch {
      // plain-text payloads are passed on as they are
    }
    onEvent(e.type, data);
  };

  function open() {
    if (stopped) return;
    es = new EventSource(url(lastId || undefined));
    es.onmessage = handle;
    for (const t of types) es.addEventListener(t, handle as EventListener);
    es.onopen = () => onEvent('open', null);
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
