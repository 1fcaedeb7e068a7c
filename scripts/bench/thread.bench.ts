// Writing to a long thread: agent replies and internal notes with an API key, on a ticket with a short thread and on
// one with THREAD_MESSAGES messages (default 2,000: a long mail or chat history), beside the bare route of the same
// server. A write whose cost grows with the thread shows here as a ratio far below the short thread's.
import type { BenchContext, BenchRow } from './types.ts';
import { signUpOwner } from './owner.ts';

const LONG = Number(process.env.THREAD_MESSAGES ?? 2000);

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const server = await ctx.startServer();
  try {
    const base = server.baseURL;
    const { post } = await signUpOwner(base, { tenantName: 'Threads', name: 'Tia', email: 'thread@example.com' });
    const key = (await post('/api/v1/api-keys', { name: 'threads' })).key as string;
    const ticket = async () => (await post('/api/v1/tickets', { subject: 'Thread', message: 'Start', requester: { email: 'r@example.org' } })).id as string;
    const long = await ticket();
    for (let i = 0; i < LONG; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, LONG - i) }, (_, k) => post(`/api/v1/tickets/${long}/messages`, { body: `Message ${i + k}`, internal: (i + k) % 2 === 1 })));
    ctx.log(`a thread of ${LONG} messages`);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    // Each measurement on a fresh short ticket, so it stays short however many writes the run makes.
    const write = async (id: string, internal: boolean) =>
      server.load({ path: `/api/v1/tickets/${id}/messages`, method: 'POST', headers, body: JSON.stringify({ body: 'An answer', internal }), connections: 10 });
    await write(await ticket(), false); // warm-up
    const bare = await server.baseline(10);
    const rows: BenchRow[] = [{ name: 'bare route GET /livez, 10 connections', value: bare.requestsPerSecond, unit: 'req/s' }];
    for (const internal of [false, true]) {
      const what = internal ? 'internal note' : 'agent reply';
      const short = await write(await ticket(), internal);
      const onLong = await write(long, internal);
      for (const [name, r] of [[`${what} on a new ticket`, short], [`${what} on a thread of ${LONG}+ messages`, onLong]] as const) {
        ctx.log(`${name}: ${r.requestsPerSecond} req/s, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}`);
        rows.push({ name, value: r.requestsPerSecond, unit: 'req/s', baseline: bare.requestsPerSecond, ratio: r.requestsPerSecond / bare.requestsPerSecond, note: `p99 ${r.p99Ms} ms, errors ${r.errors + r.non2xx}` });
      }
    }
    rows.push(ctx.rssRow(server));
    return rows;
  } finally {
    await server.stop();
  }
}
