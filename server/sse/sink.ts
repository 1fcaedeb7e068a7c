// One event stream's response body. Frames are queued straight into the ReadableStream the Node adapter reads
// (no TransformStream and second ReadableStream between, as hono/streaming has), and a frame that many streams
// send unchanged is built and encoded once. A reader that stops reading cannot grow the queue without bound:
// past `maxQueuedBytes` the stream is closed, and its EventSource reconnects and resumes with Last-Event-ID.
const encoder = new TextEncoder();

export class SseSink {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;

  constructor(
    onCancel: () => void,
    private readonly maxQueuedBytes = 1 << 20,
  ) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        cancel: () => {
          this.#closed = true;
          onCancel();
        },
      },
      { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
    );
  }

  get closed() {
    return this.#closed;
  }

  /** Queues `chunk`; false when the stream is closed, or was closed now because its reader fell too far behind. */
  write(chunk: Uint8Array | string): boolean {
    if (this.#closed) return false;
    if ((this.#controller.desiredSize ?? 0) < -this.maxQueuedBytes) {
      this.close();
      return false;
    }
    this.#controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    return true;
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#controller.close();
    } catch {
      // already cancelled by the reader
    }
  }
}

/** An event many streams send as the same object (the shared reads hand them the same one) is framed once. */
const frames = new WeakMap<object, { key: string; bytes: Uint8Array }>();

/**
 * `event:`, `data:` (JSON, which never contains a raw line break, so it is one `data:` line) and `id:` lines.
 * Event names and ids come from the server, never from a client.
 */
export function sseFrame(event: string, data: unknown, id?: string): Uint8Array {
  const key = `${event}\n${id ?? ''}`;
  const cacheable = data !== null && typeof data === 'object';
  if (cacheable) {
    const hit = frames.get(data);
    if (hit?.key === key) return hit.bytes;
  }
  const bytes = encoder.encode(
    `event: ${event}\ndata: ${JSON.stringify(data)}${id === undefined ? '' : `\nid: ${id}`}\n\n`,
  );
  if (cacheable) frames.set(data, { key, bytes });
  return bytes;
}
