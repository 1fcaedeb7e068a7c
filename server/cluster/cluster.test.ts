import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { startRedis, type TestRedis } from '../test-support/redis.ts';
import { createLogger } from '../lib/logger.ts';
import { loadEnv } from '../env.ts';
import { RateLimiter } from '../middleware/rate-limit.ts';
import { LOGIN_THROTTLE } from '../auth/login-throttle.ts';
import { RedisLimiter } from './redis-limiter.ts';
import { sseReader } from '../sse/sse-client.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  const admin = new Redis(redis.url);
  await admin.flushall();
  admin.disconnect();
});

/** Two nodes: two apps on one database file and one Redis, as two server processes would be. */
async function twoNodes(): Promise<[Harness, Harness]> {
  const a = await createHarness({ env: { REDIS_URL: redis.url } });
  open.push(a);
  const b = await createHarness({ env: { REDIS_URL: redis.url }, dbUrl: a.dbUrl });
  open.push(b);
  await Promise.all([a.deps.cluster.ready(), b.deps.cluster.ready()]);
  return [a, b];
}

function limiterOnRedis() {
  const client = new Redis(redis.url, { commandTimeout: 300, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  open.push({ close: () => client.disconnect() });
  return new RedisLimiter(client, new RateLimiter(), createLogger('silent'));
}

/** Resolves at the next commit another node announces to `h`. */
const nextCommitSeenBy = (h: Harness) =>
  new Promise<void>((resolve) => {
    const off = h.deps.cluster.onCommit(() => {
      off();
      resolve();
    });
  });

describe('REDIS_URL', () => {
  it('must be a redis:// or rediss:// URL, and unset means one node', () => {
    expect(() => loadEnv({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must be redis:\/\//);
    expect(loadEnv({ REDIS_URL: 'rediss://user:pw@cache.example.com:6380/2' }).REDIS_URL).toBe(
      'rediss://user:pw@cache.example.com:6380/2',
    );
    expect(loadEnv({}).REDIS_URL).toBeUndefined();
  });
});

describe('rate limits shared through Redis', () => {
  it('the 21st widget submission from one address is refused whichever node it reaches; another address is not', async () => {
    const [a, b] = await twoNodes();
    const t = await a.signup();
    const submit = (node: Harness, i: number, ip: string) =>
      node.json('POST', '/api/v1/widget/tickets', {
        ip,
        headers: { 'x-widget-key': t.tenant.widgetKey },
        body: { subject: `Question ${i}`, message: 'Where is my parcel?', email: `v${i}@example.com` },
      });
    for (let i = 0; i < 20; i++) expect((await submit(i % 2 ? a : b, i, '198.51.100.7')).status).toBe(201);
    const refusedOnA = await submit(a, 20, '198.51.100.7');
    expect(refusedOnA.status).toBe(429);
    expect(refusedOnA.res.headers.get('ratelimit-remaining')).toBe('0');
    expect((await submit(b, 21, '198.51.100.7')).status).toBe(429);
    expect((await submit(b, 22, '198.51.100.8')).status).toBe(201);
    expect((await a.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets'))!.n).toBe(21);
  });

  it('is exact under concurrency: of 60 hits at once on two limiters, exactly the limit is allowed', async () => {
    const one = limiterOnRedis();
    const two = limiterOnRedis();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).hit('flood:198.51.100.7', 25, 60_000)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
    const peek = await one.peek('flood:198.51.100.7', 25, 60_000);
    expect(peek).toMatchObject({ allowed: false, remaining: 0 });
    expect(peek.resetSeconds).toBeGreaterThan(0);
    expect(peek.resetSeconds).toBeLessThanOrEqual(60);
    await two.refund('flood:198.51.100.7');
    await two.refund('flood:198.51.100.7');
    expect((await one.peek('flood:198.51.100.7', 25, 60_000)).remaining).toBe(0); // 58 counted, still over
    expect((await one.peek('other', 25, 60_000)).remaining).toBe(25);
  });

  it('a window ends for every node when its key expires', async () => {
    const one = limiterOnRedis();
    expect((await one.hit('short', 1, 50)).allowed).toBe(true);
    expect((await one.hit('short', 1, 50)).allowed).toBe(false);
    const admin = new Redis(redis.url);
    open.push({ close: () => admin.disconnect() });
    while ((await admin.exists('hd:limit:w:short')) === 1) await new Promise((r) => setTimeout(r, 10));
    expect((await limiterOnRedis().hit('short', 1, 50)).allowed).toBe(true);
  });

  it('sign-in back-off is one atomic step: parallel guesses against one account get exactly the free failures', async () => {
    const one = limiterOnRedis();
    const two = limiterOnRedis();
    const policy = LOGIN_THROTTLE.perAccountAddress;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).backoffAttempt('login:account:x:1.2.3.4', policy)),
    );
    const counted = results.filter((r) => r.blockedSeconds === null);
    // failures 1..4 are free, the 5th starts a 1 s wait; everything after it waits.
    expect(counted.map((r) => r.failures).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    expect(counted.filter((r) => r.startedWaiting)).toHaveLength(1);
    expect(results.filter((r) => r.blockedSeconds !== null).every((r) => r.blockedSeconds === 1)).toBe(true);

    // An unlock forgets that account on every node, and nothing else.
    await two.backoffAttempt('login:account:y:1.2.3.4', policy);
    await one.resetPrefix('login:account:x:');
    expect((await two.backoffAttempt('login:account:x:1.2.3.4', policy)).failures).toBe(1);
    expect((await two.backoffAttempt('login:account:y:1.2.3.4', policy)).failures).toBe(2);
  });

  it('while Redis does not answer, limits are counted on the node and requests still get answers', async () => {
    const limiter = limiterOnRedis();
    expect((await limiter.hit('k', 2, 60_000)).allowed).toBe(true);
    redis.pause();
    try {
      expect((await limiter.hit('k', 2, 60_000)).allowed).toBe(true);
      expect((await limiter.hit('k', 2, 60_000)).allowed).toBe(true);
      expect((await limiter.hit('k', 2, 60_000)).allowed).toBe(false);
    } finally {
      redis.resume();
    }
    // Once Redis answers again, the counting goes back to it.
    const admin = new Redis(redis.url);
    open.push({ close: () => admin.disconnect() });
    while ((await admin.exists('hd:limit:w:back')) === 0) {
      await limiter.hit('back', 2, 60_000);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

describe('commits across nodes', () => {
  it("another node's commit empties this node's widget-key cache at once", async () => {
    const [a, b] = await twoNodes();
    const t = await a.signup();
    const config = (node: Harness, key: string) =>
      node.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': key } });
    expect((await config(b, t.tenant.widgetKey)).status).toBe(200); // b now holds the key in its cache

    const seen = nextCommitSeenBy(b);
    const rotated = await a.json('POST', `/api/v1/tenants/${t.tenant.id}/widget-key/rotate`, t.as);
    expect(rotated.status).toBe(200);
    await seen;
    expect((await config(b, t.tenant.widgetKey)).status).toBe(401);
    expect((await config(b, rotated.body.widgetKey)).status).toBe(200);
  });

  it('an event written on one node reaches a stream held on the other, woken through Redis rather than a poll', async () => {
    const [a, b] = await twoNodes();
    const t = await a.signup();
    // The stream on b reads the database once at the start, then only when woken (or after an hour).
    b.deps.cluster.backstopPollMs = 3_600_000;
    const res = await b.req('GET', '/api/v1/events', t.as);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/: connected/);
    // b writes what it buffered now, so no later commit of b's own wakes the stream.
    await b.flush();
    const created = await a.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'From node A', message: 'Hello from the other node', requester: { email: 'x@example.com' } },
    });
    expect(created.status).toBe(201);
    await readUntil(new RegExp(`event: ticket.created\\ndata: .*${created.body.id}`));
    await reader.cancel();
  });

  it('a commit made while Redis is down still reaches a stream on the other node once Redis is back', async () => {
    const [a, b] = await twoNodes();
    const t = await a.signup();
    b.deps.cluster.backstopPollMs = 3_600_000;
    const res = await b.req('GET', '/api/v1/events', t.as);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(/: connected/);
    await b.flush();

    const port = redis.port;
    await redis.stop();
    const created = await a.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: { subject: 'During the outage', message: 'Redis is down', requester: { email: 'x@example.com' } },
    });
    expect(created.status).toBe(201);
    await a.flush(); // nothing a buffered commits later and wakes b by chance
    redis = await startRedis(port);
    await readUntil(new RegExp(`event: ticket.created\\ndata: .*${created.body.id}`));
    await reader.cancel();
  });

  it('an ephemeral signal published on one node reaches the subscribers of its topic on every node, once', async () => {
    const [a, b] = await twoNodes();
    const onA: string[] = [];
    const onB: string[] = [];
    const other: string[] = [];
    a.deps.cluster.subscribe('typing:ten_1', (m) => onA.push(m));
    const arrivedOnB = new Promise<void>((resolve) =>
      b.deps.cluster.subscribe('typing:ten_1', (m) => {
        onB.push(m);
        resolve();
      }),
    );
    b.deps.cluster.subscribe('typing:ten_2', (m) => other.push(m));
    a.deps.cluster.publish('typing:ten_1', '{"ticketId":"tkt_1"}');
    await arrivedOnB;
    // The other node's own publish is a marker: once it is back on a, a's earlier message cannot arrive twice.
    const back = new Promise<void>((resolve) => a.deps.cluster.subscribe('marker', () => resolve()));
    b.deps.cluster.publish('marker', 'x');
    await back;
    expect(onA).toEqual(['{"ticketId":"tkt_1"}']);
    expect(onB).toEqual(['{"ticketId":"tkt_1"}']);
    expect(other).toEqual([]);
  });
});

describe('live chat across nodes', () => {
  it('a visitor typing on one node shows on an agent stream held by another node', async () => {
    const [a, b] = await twoNodes();
    const t = await a.signup();
    await a.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { chat: { enabled: true } } },
    });
    await a.json('PUT', '/api/v1/me/availability', { ...t.as, body: { status: 'online' } });
    const chat = await a.json('POST', '/api/v1/widget/chats', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      body: { message: 'Is anyone there?', name: 'Ria' },
    });
    expect(chat.status).toBe(201);
    const res = await b.req('GET', '/api/v1/events', t.as);
    const agents = sseReader(res);
    open.push(agents);
    const typed = await a.req('POST', `/api/v1/widget/tickets/${chat.body.ticket.id}/typing`, {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      token: chat.body.visitorToken,
    });
    expect(typed.status).toBe(204);
    const seen = await agents.next((e) => e.event === 'typing');
    expect(JSON.parse(seen.data)).toMatchObject({ ticketId: chat.body.ticket.id, side: 'visitor', typing: true });
  });

  it('the last agent leaving on one node reaches a visitor stream held by another node at once', async () => {
    const [a, b] = await twoNodes();
    const t = await a.signup();
    await a.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { chat: { enabled: true } } },
    });
    await b.json('PUT', '/api/v1/me/availability', { ...t.as, body: { status: 'online' } });
    const chat = await a.json('POST', '/api/v1/widget/chats', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      body: { message: 'Is anyone there?' },
    });
    expect(chat.status).toBe(201);
    const res = await a.req(
      'GET',
      `/api/v1/widget/events?key=${t.tenant.widgetKey}&token=${encodeURIComponent(chat.body.visitorToken)}`,
    );
    const visitor = sseReader(res);
    open.push(visitor);
    expect((await b.json('PUT', '/api/v1/me/availability', { ...t.as, body: { status: 'offline' } })).status).toBe(200);
    const gone = await visitor.next((e) => e.event === 'chat.availability');
    expect(gone.id).toBeUndefined();
    expect(JSON.parse(gone.data)).toEqual({ enabled: true, available: false, nextOpenAt: null });
  });
});
