// Webhook delivery throughput: events written to the outbox → signed POSTs at a local receiver, beside bare POSTs to it.
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDb } from '../../server/db/client.ts';
import { appendEvent } from '../../server/events/log.ts';
import { sampleTicket } from '../../server/events/test-fixtures.ts';
import type { BenchContext, BenchRow } from './types.ts';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 3000);
const CONCURRENCY = 8; // the dispatcher's per-endpoint in-flight limit

function startReceiver() {
  let count = 0;
  let waiter: { n: number; resolve: () => void } | null = null;
  const latencies: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers['webhook-id']) {
        const ts = JSON.parse(Buffer.concat(chunks).toString()).timestamp as string;
        latencies.push(Date.now() - Date.parse(ts));
      }
      count++;
      res.end('ok');
      if (waiter && count >= waiter.n) waiter.resolve();
    });
  });
  return new Promise<{ url: string; port: number; count: () => number; latencies: number[]; reached(n: number, ms: number): Promise<boolean>; close(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/hooks`,
        port,
        count: () => count,
        latencies,
        reached: (n, ms) =>
          new Promise<boolean>((done) => {
            if (count >= n) return done(true);
            const timer = setTimeout(() => done(false), ms);
            waiter = { n, resolve: () => (clearTimeout(timer), done(true)) };
          }),
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      });
    }),
  );
}

/** The baseline: the same receiver hit by plain keep-alive POSTs with the same concurrency. */
async function barePosts(port: number, n: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = JSON.stringify({ type: 'ticket.created', timestamp: new Date().toISOString(), data: { id: 'tkt_x' } });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < n) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/bare', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return n / ((performance.now() - started) / 1000);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const rx = await startReceiver();
  const server = await ctx.startServer({ env: { ALLOW_PRIVATE_WEBHOOKS: '1' } });
  try {
    const signup = await fetch(`${server.baseURL}/api/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantName: 'Bench', name: 'Bench Owner', email: 'hooks@example.com', password: 'bench password 1' }),
    });
    const tenantId = ((await signup.json()) as { tenant: { id: string } }).tenant.id;
    const cookie = signup.headers.get('set-cookie')!.split(';')[0];
    const created = await fetch(`${server.baseURL}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ url: rx.url, events: ['ticket.created'] }),
    });
    if (created.status !== 201) throw new Error(`webhook create failed: ${created.status} ${await created.text()}`);

    const baseline = await barePosts(rx.port, EVENTS);
    const before = rx.count();

    // The outbox, as other modules write it: events appended in write transactions (here from a second process).
    const db = await openDb(server.databaseUrl);
    const data = sampleTicket({ id: 'tkt_bench', subject: 'Benchmark ticket', tags: ['bench'] });
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += 250) {
      await db.tx(async (tx) => {
        for (let j = i; j < Math.min(EVENTS, i + 250); j++) await appendEvent(tx, tenantId, { type: 'ticket.created', data: { ...data, number: j } }, new Date());
      });
    }
    const ok = await rx.reached(before + EVENTS, 300_000);
    const seconds = (performance.now() - started) / 1000;
    const delivered = rx.count() - before;
    const rate = delivered / seconds;
    const backlogLatencies = rx.latencies.splice(0);

    // Idle latency: single events at odd moments, with the dispatcher polling.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      const n = rx.count();
      await db.tx((tx) => appendEvent(tx, tenantId, { type: 'ticket.created', data }, new Date()));
      await rx.reached(n + 1, 10_000);
    }
    const idle = rx.latencies.splice(0);
    db.close();

    // The usual case: the change comes through the API of a server that also delivers, which wakes on its commit.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      const n = rx.count();
      const r = await fetch(`${server.baseURL}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ subject: 'Latency probe', message: 'How fast is the webhook?', requester: { email: 'probe@example.com' } }),
      });
      if (r.status !== 201) throw new Error(`ticket create failed: ${r.status}`);
      await rx.reached(n + 1, 10_000);
    }
    const sameProcess = rx.latencies.splice(0);

    ctx.log(`bare POSTs to the receiver (${CONCURRENCY} concurrent): ${Math.round(baseline)}/s`);
    ctx.log(`webhooks delivered: ${delivered}/${EVENTS} in ${seconds.toFixed(1)} s = ${Math.round(rate)} events/s${ok ? '' : ' (timed out)'}`);
    ctx.log(`event from another process → receiver latency: p50 ${pct(idle, 50)} ms, p99 ${pct(idle, 99)} ms`);
    ctx.log(`ticket created through the API → receiver latency: p50 ${pct(sameProcess, 50)} ms, p99 ${pct(sameProcess, 99)} ms`);
    return [
      { name: `bare POST to a local receiver (${CONCURRENCY} concurrent)`, value: Math.round(baseline), unit: 'req/s' },
      {
        name: 'webhook events delivered to a local receiver',
        value: Math.round(rate),
        unit: 'events/s',
        baseline: Math.round(baseline),
        ratio: rate / baseline,
        note: `${delivered}/${EVENTS} events, signed, one endpoint; backlog p50 latency ${pct(backlogLatencies, 50)} ms`,
      },
      { name: 'event written by another process → receiver (polled)', value: pct(idle, 50), unit: 'ms p50', note: `p99 ${pct(idle, 99)} ms over ${idle.length} events` },
      { name: 'ticket created through the API → receiver (woken by the commit)', value: pct(sameProcess, 50), unit: 'ms p50', note: `p99 ${pct(sameProcess, 99)} ms over ${sameProcess.length} events` },
      ctx.rssRow(server),
    ];
  } finally {
    await server.stop();
    rx.close();
  }
}
