// Scale-out bench: two server processes on one database file and one Redis behind Debian's nginx (round robin),
// widget ticket creation through the proxy, beside the bare GET /livez through the same proxy in the same run,
// and the same creation against one node directly.
import autocannon from 'autocannon';
import { startNginx } from '../../server/test-support/nginx.ts';
import { startRedis } from '../../server/test-support/redis.ts';
import type { BenchContext, BenchRow, LoadResult } from './types.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function load(baseURL: string, request?: () => { path: string; method: string; headers: Record<string, string>; body: string }) {
  return new Promise<LoadResult>((resolve, reject) => {
    autocannon(
      {
        url: baseURL,
        connections: 20,
        duration: SECONDS,
        requests: [
          request
            ? { method: 'POST', path: '/api/v1/widget/tickets', setupRequest: (req: autocannon.Request) => ({ ...req, ...request() }) as autocannon.Request }
            : { method: 'GET', path: '/livez' },
        ],
      },
      (err, r) =>
        err
          ? reject(err)
          : resolve({
              requestsPerSecond: Math.round(r.requests.average),
              p50Ms: r.latency.p50,
              p99Ms: r.latency.p99,
              errors: r.errors + r.timeouts,
              non2xx: r.non2xx,
              total: r.requests.total,
            }),
    );
  });
}

const row = (name: string, r: LoadResult, base: LoadResult): BenchRow => ({
  name,
  value: r.requestsPerSecond,
  unit: 'req/s',
  baseline: base.requestsPerSecond,
  ratio: r.requestsPerSecond / base.requestsPerSecond,
  note: `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors + r.non2xx} of ${r.total}`,
});

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const redis = await startRedis();
  const databaseUrl = `file:${ctx.tmpDir}/scale-bench.db`;
  const env = { REDIS_URL: redis.url, TRUST_PROXY: 'loopback' };
  const first = await ctx.startServer({ databaseUrl, env });
  const second = await ctx.startServer({ databaseUrl, env });
  const nginx = await startNginx([first.baseURL, second.baseURL].map((u) => Number(new URL(u).port)));
  try {
    const signup = await fetch(`${nginx.baseURL}/api/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantName: 'Scale bench', name: 'Owner', email: 'scale-bench@example.com', password: 'scale bench password' }),
    });
    const widgetKey = ((await signup.json()) as { tenant: { widgetKey: string } }).tenant.widgetKey;
    let n = 0;
    const create = () => {
      n++;
      return {
        path: '/api/v1/widget/tickets',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-widget-key': widgetKey },
        body: JSON.stringify({
          subject: `Scale ticket ${n}: my order has not arrived`,
          message: 'Hello, I ordered a tent two weeks ago and the tracking page has not changed since. Order 10' + n,
          email: `visitor${n % 2000}@example.net`,
          name: 'Bench Visitor',
        }),
      };
    };
    const proxiedBare = await load(nginx.baseURL);
    const proxiedCreate = await load(nginx.baseURL, create);
    const directBare = await load(first.baseURL);
    const directCreate = await load(first.baseURL, create);
    // The same node's work without Redis, on a database of its own: what the Redis round trips cost.
    await Promise.all([first.stop(), second.stop()]);
    const alone = await ctx.startServer({ databaseUrl: `file:${ctx.tmpDir}/scale-bench-alone.db` });
    let aloneCreate: LoadResult;
    try {
      const s = await fetch(`${alone.baseURL}/api/v1/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantName: 'Alone', name: 'Owner', email: 'alone@example.com', password: 'scale bench password' }),
      });
      const aloneKey = ((await s.json()) as { tenant: { widgetKey: string } }).tenant.widgetKey;
      aloneCreate = await load(alone.baseURL, () => ({ ...create(), headers: { 'content-type': 'application/json', 'x-widget-key': aloneKey } }));
    } finally {
      await alone.stop();
    }
    ctx.log(`nginx bare: ${proxiedBare.requestsPerSecond} req/s p99 ${proxiedBare.p99Ms} ms`);
    ctx.log(`nginx → 2 nodes widget create: ${proxiedCreate.requestsPerSecond} req/s p50 ${proxiedCreate.p50Ms} p99 ${proxiedCreate.p99Ms} ms, non-2xx ${proxiedCreate.non2xx}`);
    ctx.log(`one node without Redis widget create: ${aloneCreate.requestsPerSecond} req/s p99 ${aloneCreate.p99Ms} ms`);
    ctx.log(`one node bare: ${directBare.requestsPerSecond} req/s; widget create: ${directCreate.requestsPerSecond} req/s p99 ${directCreate.p99Ms} ms`);
    return [
      { name: 'bare GET /livez through nginx (20 conns)', value: proxiedBare.requestsPerSecond, unit: 'req/s', note: `p50 ${proxiedBare.p50Ms} ms, p99 ${proxiedBare.p99Ms} ms` },
      row('widget ticket creation through nginx, 2 nodes + Redis, one db file', proxiedCreate, proxiedBare),
      { name: 'bare GET /livez, one node direct', value: directBare.requestsPerSecond, unit: 'req/s', note: `p50 ${directBare.p50Ms} ms, p99 ${directBare.p99Ms} ms` },
      row('widget ticket creation, one node direct (Redis on)', directCreate, directBare),
      row('widget ticket creation, one node without Redis', aloneCreate, directBare),
    ];
  } finally {
    await nginx.stop();
    await Promise.all([first.stop(), second.stop()]);
    await redis.stop();
  }
}
