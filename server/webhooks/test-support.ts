// Test helpers for webhooks: a local receiver on 127.0.0.1 (port from listen(0)) and event emission.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import type { EventData, EventType } from '../events/types.ts';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: any };
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Responder = (r: Received, index: number) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests whose answer is still pending. */
  open(): number;
  respond(fn: Responder): void;
  close(): Promise<void>;
}

export async function startReceiver(responder: Responder = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const received: Received[] = [];
  let respond = responder;
  let open = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const r: Received = { path: req.url ?? '', headers, body, json: JSON.parse(body) };
      received.push(r);
      open++;
      try {
        const reply = await respond(r, received.length - 1);
        if (!res.destroyed) {
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body ?? '');
        }
      } finally {
        open--;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    open: () => open,
    respond: (fn) => void (respond = fn),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes an event the way every module does: inside a write transaction. */
export async function emit<T extends EventType>(db: Db, tenantId: string, type: T, data: EventData<T>, now: Date) {
  return db.tx((tx) => appendEvent(tx, tenantId, { type, data }, now));
}

/** A promise with its resolver, for receivers that hold a request open until the test lets go. */
export function gate() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

/** Lets pending I/O callbacks run (a local HTTP round trip needs several turns). */
export const turn = () => new Promise<void>((r) => setImmediate(r));
