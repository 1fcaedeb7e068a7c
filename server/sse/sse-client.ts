// Test helper: reads a text/event-stream Response body event by event (used by the SSE tests).
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let raw = '';
  return {
    /** Everything received so far, comments included. */
    get raw() {
      return raw;
    },
    /** The next event, skipping those `accept` turns down. */
    async next(accept: (e: SseEvent) => boolean = () => true): Promise<SseEvent> {
      for (;;) {
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const ev: SseEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) ev.id = line.slice(4);
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (!data.length) continue;
          ev.data = data.join('\n');
          if (accept(ev)) return ev;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        const text = decoder.decode(value, { stream: true });
        raw += text;
        buffer += text;
      }
    },
    /**
     * Every event up to and including the first that `last` accepts. Events arrive in log order, so
     * once a marker written last has arrived, anything the stream would send before it has too.
     */
    async until(last: (e: SseEvent) => boolean): Promise<SseEvent[]> {
      const seen: SseEvent[] = [];
      for (;;) {
        const e = await this.next();
        seen.push(e);
        if (last(e)) return seen;
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
