// A body over 1 MB on a real keep-alive connection: the 413 arrives with Connection: close, and the client's next request succeeds.
import { once } from 'node:events';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
let server: ServerType;
let port: number;
beforeAll(async () => {
  h = await createHarness();
  server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  (server as unknown as { closeAllConnections(): void }).closeAllConnections();
  await new Promise((r) => server.close(r));
  await h.close();
});

const OVER = 1024 * 1024 + 1;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  /** The local port of the socket it came on: the same port means the same connection. */
  socketPort: number;
}

/** One request on `agent`; `chunks` are written one by one (chunked when no content-length is set). */
function send(
  agent: Agent,
  opts: { method: string; path: string; headers?: Record<string, string | number>; chunks?: Buffer[] },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, agent, method: opts.method, path: opts.path, headers: opts.headers },
      (res) => {
        let body = '';
        const socketPort = res.socket.localPort!;
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, socketPort }));
        res.on('error', reject);
      },
    );
    // The server may answer and close before the whole body is written; the answer is what counts.
    req.on('error', (err) => reject(err));
    for (const chunk of opts.chunks ?? []) req.write(chunk);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

describe('413 on a keep-alive connection', () => {
  for (const mode of ['content-length', 'chunked'] as const) {
    it(`answers a ${mode} body over 1 MB with 413 problem+json, and the next request on the same agent succeeds`, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const warm = await send(agent, { method: 'GET', path: '/health' });
        expect(warm.status).toBe(200);
        const big = Buffer.alloc(OVER, 0x20);
        const chunks =
          mode === 'chunked'
            ? [
                Buffer.from('{"name":"'),
                ...Array.from({ length: 80 }, () => Buffer.alloc(64 * 1024, 0x61)),
                Buffer.from('"}'),
              ]
            : [big];
        const headers =
          mode === 'chunked' ? { ...json, 'transfer-encoding': 'chunked' } : { ...json, 'content-length': big.length };
        const refused = await send(agent, { method: 'POST', path: '/api/v1/signup', headers, chunks });
        expect(refused.status).toBe(413);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(refused.body)).toMatchObject({ status: 413, title: 'Content Too Large' });
        // The unread rest of the body makes the connection unusable: the server says it closes it,
        // so the agent sends the next request on a new connection instead of failing it.
        expect(refused.headers.connection).toBe('close');
        const next = await send(agent, { method: 'GET', path: '/health' });
        expect(next.status).toBe(200);
        expect(JSON.parse(next.body)).toEqual({ status: 'ok' });
        expect(next.socketPort).not.toBe(refused.socketPort);
      } finally {
        agent.destroy();
      }
    });
  }
});
