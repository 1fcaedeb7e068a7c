// Memory over time: one server under a steady mixed load for SOAK_SECONDS (default 600, the 10-minute soak of issue
// 16), loopback only. Each round is one autocannon run that mixes widget ticket creation, agent replies, the inbox
// list, GET /me and distinct KB searches, while SSE_STREAMS agent event streams stay open and read every event.
// The server's RSS is sampled after every round. Reported: RSS once warmed up (after the first fifth), at the end and
// at its peak, the growth between warm-up and end, and the slope over the second half (MB per minute): a leak shows
// as a slope that stays positive however long the soak, where a cache that fills up flattens out.
import type { BenchContext, BenchRow } from './types.ts';
import { signUpOwner } from './owner.ts';
import { openStream, type Stream } from './sse-stream.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const ROUND_SECONDS = Math.min(15, SECONDS);
const SSE_STREAMS = Number(process.env.SOAK_SSE_STREAMS ?? 50);
const WORDS = ['tent', 'pole', 'zip', 'stove', 'boot', 'rain', 'fly', 'lantern', 'pack', 'strap', 'sleeping', 'bag'];

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const server = await ctx.startServer();
  const streams: Stream[] = [];
  try {
    const base = server.baseURL;
    const { cookie, widgetKey, post } = await signUpOwner(base, { tenantName: 'Soak', name: 'Sam', email: 'soak@example.com' });
    const apiKey = (await post('/api/v1/api-keys', { name: 'soak' })).key as string;
    for (let i = 0; i < 40; i++) {
      const w = (k: number) => WORDS[(i * 7 + k) % WORDS.length];
      await post('/api/v1/kb/articles', {
        title: `How to fix the ${w(0)} ${w(1)} (${i})`,
        body: `<p>When the ${w(0)} of your ${w(2)} fails, check the ${w(3)} and the ${w(4)} first. Article ${i}.</p>`,
        status: 'published',
      });
    }
    const threads: string[] = [];
    for (let i = 0; i < 20; i++)
      threads.push((await post('/api/v1/tickets', { subject: `Soak thread ${i}`, message: 'Replies go here', requester: { email: `thread${i}@example.org` } })).id as string);
    for (let i = 0; i < SSE_STREAMS; i++) streams.push(await openStream(`${base}/api/v1/events`, { cookie }, 'ticket.created', () => ''));

    let n = 0;
    const agent = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const KINDS = ['widget ticket creation', 'agent note', 'inbox list', 'GET /me', 'KB search'];
    const request = (kind: number): { path: string; method?: string; headers?: Record<string, string>; body?: string } => {
      const k = n++;
      switch (kind) {
        case 0:
          return {
            method: 'POST',
            path: '/api/v1/widget/tickets',
            headers: { 'content-type': 'application/json', 'x-widget-key': widgetKey },
            body: JSON.stringify({ subject: `Soak ${k}`, message: `Soak message ${k}`, email: `v${k % 5000}@example.org` }),
          };
        case 1:
          return { method: 'POST', path: `/api/v1/tickets/${threads[Math.floor(k / 5) % threads.length]}/messages`, headers: agent, body: JSON.stringify({ body: `Reply ${k}`, internal: true }) };
        case 2:
          return { path: '/api/v1/tickets?status=open&limit=25', headers: agent };
        case 3:
          return { path: '/api/v1/me', headers: agent };
        default:
          return { path: `/api/v1/widget/kb/search?q=${WORDS[k % WORDS.length]}%20${k % 997}`, headers: { 'x-widget-key': widgetKey } };
      }
    };

    const mix = () => request(n % KINDS.length);
    // Each kind alone, before and after the soak: which of them slows down as the data grows.
    const probe = async () => {
      const out: number[] = [];
      for (const [i] of KINDS.entries())
        out.push((await server.load({ path: '/livez', request: () => request(i), connections: 10, durationSeconds: 3 })).requestsPerSecond);
      return out;
    };
    // Warm (JIT, page cache) before the first probe, so that the probes compare data sizes, not a cold process.
    await server.load({ path: '/livez', request: mix, connections: 10, durationSeconds: 5 });
    const first = await probe();
    const samples: { atS: number; mb: number }[] = [];
    const started = performance.now();
    let requests = 0;
    let failed = 0;
    while ((performance.now() - started) / 1000 < SECONDS) {
      const r = await server.load({ path: '/livez', request: mix, connections: 10, durationSeconds: ROUND_SECONDS });
      requests += r.total;
      failed += r.errors + r.non2xx;
      samples.push({ atS: (performance.now() - started) / 1000, mb: server.rssBytes() / 1024 / 1024 });
      ctx.log(`t=${Math.round(samples.at(-1)!.atS)} s: RSS ${samples.at(-1)!.mb.toFixed(1)} MB, ${r.requestsPerSecond} req/s, non-2xx ${r.non2xx}`);
    }
    const last = await probe();
    const round = (v: number) => Math.round(v * 10) / 10;
    // Garbage collection makes RSS a sawtooth: compare medians of whole quarters, not single samples.
    const quarter = (q: number) => median(samples.slice(Math.floor((samples.length * q) / 4), Math.ceil((samples.length * (q + 1)) / 4)).map((s) => s.mb));
    const warm = quarter(1);
    const end = quarter(3);
    const peak = Math.max(...samples.map((s) => s.mb));
    const slope = slopePerMinute(samples.slice(Math.floor(samples.length / 2)));
    const note = `${Math.round(SECONDS)} s, ${requests} requests (${failed} failed), ${streams.length} SSE streams open`;
    const rows: BenchRow[] = [
      { name: 'RSS once warmed up (median of the second quarter)', value: round(warm), unit: 'MB', note },
      { name: 'RSS at the end (median of the last quarter)', value: round(end), unit: 'MB', note: `peak ${round(peak)} MB` },
      { name: 'RSS growth from warm-up to end', value: round(end - warm), unit: 'MB', note: `${(((end - warm) / warm) * 100).toFixed(1)}%` },
      { name: 'RSS slope over the second half', value: round(slope), unit: 'MB/min', note: 'near 0 when memory is bounded' },
    ];
    for (const [i, kind] of KINDS.entries())
      rows.push({
        name: `${kind} alone after the soak`,
        value: last[i]!,
        unit: 'req/s',
        baseline: first[i],
        ratio: last[i]! / first[i]!,
        note: 'baseline: the same alone before the soak, on the database as it was then',
      });
    return rows;
  } finally {
    for (const s of streams) s.close();
    await server.stop();
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : 0;
}

/** Least-squares slope of RSS over time, in MB per minute (0 for fewer than two samples). */
function slopePerMinute(s: { atS: number; mb: number }[]): number {
  if (s.length < 2) return 0;
  const mx = s.reduce((a, p) => a + p.atS, 0) / s.length;
  const my = s.reduce((a, p) => a + p.mb, 0) / s.length;
  const num = s.reduce((a, p) => a + (p.atS - mx) * (p.mb - my), 0);
  const den = s.reduce((a, p) => a + (p.atS - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}
