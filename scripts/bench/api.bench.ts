// Authenticated API throughput: GET /api/v1/me with an API key, beside the bare route in the same run.
import type { BenchContext, BenchRow } from './types.ts';

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const server = await ctx.startServer();
  try {
    const signup = await fetch(`${server.baseURL}/api/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantName: 'Bench', name: 'Bench Owner', email: 'bench@example.com', password: 'bench password 1' }),
    });
    const cookie = signup.headers.get('set-cookie')!.split(';')[0];
    const key = (
      await (
        await fetch(`${server.baseURL}/api/v1/api-keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ name: 'bench' }),
        })
      ).json()
    ).key as string;

    const base = await server.baseline();
    const me = await server.load({ path: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    ctx.log(`bare /livez: ${base.requestsPerSecond} req/s p99 ${base.p99Ms} ms`);
    ctx.log(`GET /me (API key): ${me.requestsPerSecond} req/s p99 ${me.p99Ms} ms, non-2xx ${me.non2xx}`);
    return [
      { name: 'bare route GET /livez', value: base.requestsPerSecond, unit: 'req/s', note: `p50 ${base.p50Ms} ms, p99 ${base.p99Ms} ms` },
      {
        name: 'GET /api/v1/me with API key',
        value: me.requestsPerSecond,
        unit: 'req/s',
        baseline: base.requestsPerSecond,
        ratio: me.requestsPerSecond / base.requestsPerSecond,
        note: `p50 ${me.p50Ms} ms, p99 ${me.p99Ms} ms, errors ${me.errors + me.non2xx}`,
      },
    ];
  } finally {
    await server.stop();
  }
}
