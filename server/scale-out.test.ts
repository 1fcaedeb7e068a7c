// Many nodes on real engines: three server processes on one database file and one Redis, behind nginx on
// loopback (round robin, X-Forwarded-For), each trusting only loopback proxies. Visitors are told apart by
// the loopback address they connect from (127.0.0.2, 127.0.0.3 …), which nginx forwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../scripts/spawn-server.ts';
import { openDb } from './db/client.ts';
import { placeholders } from './db/placeholders.ts';
import { startNginx, type TestNginx } from './test-support/nginx.ts';
import { startRedis, type TestRedis } from './test-support/redis.ts';

const PLATFORM = 'scale-out-platform-token-0123456789';
let dir: string;
let redis: TestRedis;
const nodes: SpawnedServer[] = [];
let nginx: TestNginx;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hd-scale-'));
  redis = await startRedis();
  const env = {
    DATABASE_URL: `file:${join(dir, 'shared.db')}`,
    REDIS_URL: redis.url,
    TRUST_PROXY: 'loopback',
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
    PLATFORM_ADMIN_TOKEN: PLATFORM,
  };
  // The first node migrates the new database; the others then start beside it.
  nodes.push(await spawnServer(env, 60_000, '127.0.0.1'));
  nodes.push(...(await Promise.all([spawnServer(env, 60_000, '127.0.0.1'), spawnServer(env, 60_000, '127.0.0.1')])));
  nginx = await startNginx(nodes.map((n) => n.port));
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(nodes.map((n) => n.stop()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const agents = new Map<string, Agent>();
/** One HTTP request from `from` (a loopback address) to 127.0.0.1:port. */
function send(
  port: number,
  o: { method?: string; path: string; body?: unknown; headers?: Record<string, string>; from?: string },
): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  const from = o.from ?? '127.0.0.1';
  let agent = agents.get(from);
  if (!agent) agents.set(from, (agent = new Agent({ keepAlive: true, localAddress: from })));
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: o.method ?? 'GET',
        path: o.path,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...o.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON (nginx's own 502 page)
          }
          resolve({ status: res.statusCode!, body, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

let tenants = 0;
async function signUp() {
  const n = ++tenants;
  const r = await send(nginx.port, {
    method: 'POST',
    path: '/api/v1/signup',
    body: { tenantName: `Scale ${n}`, name: 'Owner', email: `scale${n}@example.com`, password: 'scale out password' },
  });
  expect(r.status).toBe(201);
  const cookie = String((r.headers['set-cookie'] as string[])[0]).split(';')[0];
  return { widgetKey: r.body.tenant.widgetKey as string, cookie };
}

const widgetTicket = (port: number, widgetKey: string, i: number, o: { from?: string; xff?: string } = {}) =>
  send(port, {
    method: 'POST',
    path: '/api/v1/widget/tickets',
    from: o.from,
    headers: { 'x-widget-key': widgetKey, ...(o.xff ? { 'x-forwarded-for': o.xff } : {}) },
    body: { subject: `Question ${i}`, message: 'Where is my parcel?', email: `visitor${i}@example.com` },
  });

describe('three nodes behind nginx', () => {
  it('an event created through node A reaches an SSE stream held on node B', async () => {
    const { cookie } = await signUp();
    const [a, b] = nodes;
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: b.port, path: '/api/v1/events', headers: { cookie } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(stream.statusCode).toBe(200);
    let text = '';
    stream.setEncoding('utf8');
    const seen = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          stream.off('data', onData);
          resolve();
        };
        const onData = (d: string) => {
          text += d;
          check();
        };
        stream.on('data', onData);
        stream.once('end', () => reject(new Error(`stream ended: ${text}`)));
        check();
      });
    await seen(/: connected/);
    const created = await send(a.port, {
      method: 'POST',
      path: '/api/v1/tickets',
      headers: { cookie },
      body: { subject: 'Made on node A', message: 'Hello B', requester: { email: 'r@example.com' } },
    });
    expect(created.status).toBe(201);
    await seen(new RegExp(`event: ticket.created\\ndata: [^\\n]*${created.body.id}`));
    stream.destroy();
  });

  it('the 21st widget submission from one address is refused whichever node it reaches; another address is not', async () => {
    const { widgetKey } = await signUp();
    for (let i = 0; i < 20; i++)
      expect((await widgetTicket(nginx.port, widgetKey, i, { from: '127.0.0.2' })).status).toBe(201);
    // Through nginx (round robin) three times, so each node is asked once more …
    for (let i = 20; i < 23; i++) {
      const r = await widgetTicket(nginx.port, widgetKey, i, { from: '127.0.0.2' });
      expect(r.status).toBe(429);
      expect(r.body.type).toMatch(/too-many-requests$/);
    }
    // … and to each node directly, as nginx would forward this visitor.
    for (const node of nodes)
      expect((await widgetTicket(node.port, widgetKey, 30, { xff: '127.0.0.2' })).status).toBe(429);
    expect((await widgetTicket(nginx.port, widgetKey, 40, { from: '127.0.0.3' })).status).toBe(201);
  });

  it('SIGKILL of one node mid-load: every 201 the client got is a ticket in the database', async () => {
    const { widgetKey } = await signUp();
    const accepted: string[] = [];
    const refused: number[] = [];
    let sent = 0;
    const victim = nodes[2];
    let killed = false;
    // Four visitors' worth of parallel submissions, each from its own address so no per-address limit is met.
    const worker = async (w: number) => {
      for (let i = 0; i < 40; i++) {
        const n = sent++;
        if (n === 60 && !killed) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
        const r = await widgetTicket(nginx.port, widgetKey, n, { from: `127.0.${w + 10}.${(i % 8) + 1}` }).catch(
          () => ({ status: 0, body: null }),
        );
        if (r.status === 201) accepted.push(r.body.ticket.id as string);
        else refused.push(r.status);
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    expect(killed).toBe(true);
    expect(
      refused.every((s) => s === 502 || s === 0),
      `refusals: ${refused.join(',')}`,
    ).toBe(true);
    // The two remaining nodes kept accepting after the kill.
    expect(accepted.length).toBeGreaterThan(100);

    const db = await openDb(`file:${join(dir, 'shared.db')}`);
    try {
      const found = await db.all<{ id: string }>(
        `SELECT id FROM tickets WHERE id IN (${placeholders(accepted.length)})`,
        accepted,
      );
      expect(new Set(found.map((r) => r.id))).toEqual(new Set(accepted));
    } finally {
      db.close();
    }
  });
});
