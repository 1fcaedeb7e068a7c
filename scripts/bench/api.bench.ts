// Authenticated point reads: GET /api/v1/me and GET /api/v1/tickets/:id, each with an API key and with a session
// cookie, beside the bare route in the same run (goal: each at least 20% of bare).
import type { BenchContext, BenchRow, LoadResult } from './types.ts';
import { signUpOwner } from './owner.ts';

const GOAL = 0.2;

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const server = await ctx.startServer();
  try {
    const { cookie, post } = await signUpOwner(server.baseURL, { tenantName: 'Bench', name: 'Bench Owner', email: 'bench@example.com' });
    const key = (await post('/api/v1/api-keys', { name: 'bench' })).key as string;
    // A ticket with a short thread, as an agent opens it.
    const ticket = await post('/api/v1/tickets', {
      subject: 'My tent pole snapped on the first night',
      message: 'Hello, one of the poles of the tent I bought last month snapped while pitching. Can it be replaced?',
      requester: { email: 'camper@example.org', name: 'Casey Camper' },
      tags: ['warranty', 'tents'],
    });
    for (const body of ['Sorry to hear that! Could you send a photo of the break?', 'Thanks, a replacement is on its way.'])
      await post(`/api/v1/tickets/${ticket.id as string}/messages`, { body });

    const withKey = { authorization: `Bearer ${key}` };
    const withSession = { cookie };
    const cases: [string, string, Record<string, string>][] = [
      ['GET /api/v1/me with API key', '/api/v1/me', withKey],
      ['GET /api/v1/me with session', '/api/v1/me', withSession],
      ['GET /api/v1/tickets/:id with API key', `/api/v1/tickets/${ticket.id as string}`, withKey],
      ['GET /api/v1/tickets/:id with session', `/api/v1/tickets/${ticket.id as string}`, withSession],
    ];
    // Warm up (JIT, page cache) before the baseline so every case meets the same process.
    for (const [, path, headers] of cases) await server.load({ path, headers, durationSeconds: 1 });
    // The machine is shared: the bare route is measured before and after the cases and the mean is the baseline.
    const before = await server.baseline();
    const results: LoadResult[] = [];
    for (const [, path, headers] of cases) results.push(await server.load({ path, headers }));
    const after = await server.baseline();
    const base = { ...after, requestsPerSecond: Math.round((before.requestsPerSecond + after.requestsPerSecond) / 2) };
    ctx.log(`bare /livez: ${before.requestsPerSecond} then ${after.requestsPerSecond} req/s, p99 ${before.p99Ms}/${after.p99Ms} ms`);
    const rows: BenchRow[] = [
      {
        name: 'bare route GET /livez (mean of before and after)',
        value: base.requestsPerSecond,
        unit: 'req/s',
        note: `${before.requestsPerSecond} before, ${after.requestsPerSecond} after; p99 ${before.p99Ms}/${after.p99Ms} ms`,
      },
    ];
    for (const [i, [name]] of cases.entries()) {
      const r = results[i];
      ctx.log(`${name}: ${r.requestsPerSecond} req/s p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}`);
      const ratio = r.requestsPerSecond / base.requestsPerSecond;
      rows.push({
        name,
        value: r.requestsPerSecond,
        unit: 'req/s',
        baseline: base.requestsPerSecond,
        ratio,
        note: `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors + r.non2xx}; goal ≥ ${GOAL * 100}% ${ratio >= GOAL ? 'met' : 'NOT met'}`,
      });
    }
    rows.push(ctx.rssRow(server));
    return rows;
  } finally {
    await server.stop();
  }
}
