// Live chat round trip: a visitor's message reaches the agent's event stream, the agent's reply reaches the
// visitor's stream, with 200 chats open at once (200 visitor streams + the agent's) on one node; p50/p99 beside
// the bare GET /livez of the same server in the same run. Then the same across two nodes on one database file
// and one Redis: visitors (their posts and streams) on node A, the agent (posts and stream) on node B, so every
// message crosses nodes; beside the bare GET /livez of node A in that run.
import { startRedis } from '../../server/test-support/redis.ts';
import type { BenchContext, BenchRow, BenchServer } from './types.ts';
import { openStream, pct, type Stream } from './sse-stream.ts';

const CHATS = 200;
const ROUND_TRIPS = Number(process.env.BENCH_CHAT_ROUND_TRIPS ?? 600);
const IN_FLIGHT = Number(process.env.BENCH_CHAT_IN_FLIGHT ?? 20);

/** A stream that keeps message.created events, keyed by the message body. */
const openChatStream = (url: string, headers: Record<string, string> = {}) =>
  openStream(url, headers, 'message.created', (d) => (d as { message: { body: string } }).message.body);

interface RoundTrips {
  p50: number;
  p99: number;
  count: number;
  seconds: number;
}

/**
 * Signs up on `visitors`' node, opens CHATS chats there (their streams too) and the agent's stream on `agents`'
 * node, then times ROUND_TRIPS round trips, IN_FLIGHT at once: visitor POST (visitors' node) → agent stream →
 * agent POST (agents' node) → visitor stream. The streams stay open until `streams` is closed by the caller.
 */
async function roundTrips(ctx: BenchContext, visitors: string, agents: string, streams: Stream[], label: string): Promise<RoundTrips> {
  const signup = await fetch(`${visitors}/api/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenantName: 'Chat Bench',
      name: 'Ada',
      email: `chat-bench-${label.replace(/\W+/g, "-")}@example.com`,
      password: 'bench password 1',
    }),
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
  const tenant = (await signup.json()).tenant as { id: string; widgetKey: string };
  const agent = { 'content-type': 'application/json', cookie, origin: agents };
  const patch = await fetch(`${agents}/api/v1/tenants/${tenant.id}`, {
    method: 'PATCH',
    headers: agent,
    body: JSON.stringify({ settings: { chat: { enabled: true, maxConcurrentChats: 50 } } }),
  });
  if (patch.status !== 200) throw new Error(`chat settings: ${patch.status} ${await patch.text()}`);
  await fetch(`${agents}/api/v1/me/availability`, {
    method: 'PUT',
    headers: agent,
    body: JSON.stringify({ status: 'online' }),
  });

  const widget = { 'content-type': 'application/json', 'x-widget-key': tenant.widgetKey };
  const chats: { id: string; token: string; stream: Stream }[] = [];
  for (let i = 0; i < CHATS; i++) {
    const r = await fetch(`${visitors}/api/v1/widget/chats`, {
      method: 'POST',
      headers: widget,
      body: JSON.stringify({ message: `Hello from visitor ${i}`, page: { url: `https://shop.example.com/p/${i}` } }),
    });
    if (r.status !== 201) throw new Error(`chat ${i}: ${r.status} ${await r.text()}`);
    const b = (await r.json()) as { ticket: { id: string }; visitorToken: string };
    const stream = await openChatStream(
      `${visitors}/api/v1/widget/events?key=${tenant.widgetKey}&token=${encodeURIComponent(b.visitorToken)}`,
    );
    streams.push(stream);
    chats.push({ id: b.ticket.id, token: b.visitorToken, stream });
  }
  const agentStream = await openChatStream(`${agents}/api/v1/events`, { cookie });
  streams.push(agentStream);
  ctx.log(`${label}: ${CHATS} chats open, ${CHATS + 1} streams`);

  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ROUND_TRIPS) {
        const n = next++;
        const chat = chats[n % CHATS];
        const ask = `question ${n}`;
        const answer = `answer ${n}`;
        const start = performance.now();
        const sent = await fetch(`${visitors}/api/v1/widget/tickets/${chat.id}/messages`, {
          method: 'POST',
          headers: { ...widget, authorization: `Bearer ${chat.token}` },
          body: JSON.stringify({ body: ask }),
        });
        if (sent.status !== 201) throw new Error(`visitor message: ${sent.status} ${await sent.text()}`);
        await agentStream.waitFor(ask);
        const reply = await fetch(`${agents}/api/v1/tickets/${chat.id}/messages`, {
          method: 'POST',
          headers: agent,
          body: JSON.stringify({ body: answer }),
        });
        if (reply.status !== 201) throw new Error(`agent reply: ${reply.status} ${await reply.text()}`);
        await chat.stream.waitFor(answer);
        times.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const r = { p50: pct(times, 50), p99: pct(times, 99), count: times.length, seconds };
  ctx.log(
    `${label}: ${r.count} round trips in ${seconds.toFixed(1)} s (${IN_FLIGHT} at once): p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
  );
  return r;
}

/** The bare route while the streams stay open, then the rows: bare p50/p99 and the round trip beside them. */
async function rows(ctx: BenchContext, server: BenchServer, r: RoundTrips, where: string, note: string): Promise<BenchRow[]> {
  const bare = await server.baseline(IN_FLIGHT);
  ctx.log(`${where} GET /livez: p50 ${bare.p50Ms} ms, p99 ${bare.p99Ms} ms, ${bare.requestsPerSecond.toFixed(0)} req/s`);
  const beside = (name: string, value: number, base: number): BenchRow => ({
    name,
    value: Math.round(value * 10) / 10,
    unit: 'ms',
    baseline: base,
    ratio: base > 0 ? value / base : undefined,
    note,
  });
  const suffix = where === 'one node' ? '' : `, ${where}`;
  return [
    { name: `bare GET /livez p50 (${where === 'one node' ? 'same server' : 'node A'}, streams open)`, value: bare.p50Ms, unit: 'ms' },
    { name: `bare GET /livez p99 (${where === 'one node' ? 'same server' : 'node A'}, streams open)`, value: bare.p99Ms, unit: 'ms' },
    beside(`chat message round trip p50${suffix}`, r.p50, bare.p50Ms),
    beside(`chat message round trip p99${suffix}`, r.p99, bare.p99Ms),
  ];
}

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const flow = 'visitor POST → agent stream → agent POST → visitor stream';
  {
    const server = await ctx.startServer();
    const streams: Stream[] = [];
    try {
      const r = await roundTrips(ctx, server.baseURL, server.baseURL, streams, 'one node');
      out.push(...(await rows(ctx, server, r, 'one node', `${CHATS} live chats, ${IN_FLIGHT} round trips in flight: ${flow}`)));
    } finally {
      for (const s of streams) s.close();
      await server.stop();
    }
  }
  {
    const redis = await startRedis();
    const databaseUrl = `file:${ctx.tmpDir}/chat-bench-two-nodes.db`;
    const env = { REDIS_URL: redis.url };
    const streams: Stream[] = [];
    // The first node migrates the new database; the second starts beside it.
    const a = await ctx.startServer({ databaseUrl, env });
    const b = await ctx.startServer({ databaseUrl, env }).catch(async (e) => {
      await a.stop();
      throw e;
    });
    try {
      const r = await roundTrips(ctx, a.baseURL, b.baseURL, streams, 'two nodes');
      out.push(
        ...(await rows(
          ctx,
          a,
          r,
          'two nodes + Redis',
          `${CHATS} live chats, ${IN_FLIGHT} in flight, one db file: visitor POST and stream on node A, agent POST and stream on node B (every message crosses through Redis)`,
        )),
      );
    } finally {
      for (const s of streams) s.close();
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  }
  return out;
}
