// Event fan-out on one node: STREAMS agents' event streams open at once (goal 1,000), then EVENTS tickets created
// one after another (after a few warm-up ones); for each, the time from the create request's start until each stream has the ticket.created
// event. Reported: p50/p99 over every (stream, event) pair and over "the last stream reached" per event (goal: p99
// ≤ 100 ms), beside the bare GET /livez of the same server with the streams open, and the server's RSS.
// The streams are read by this one bench process, so its own parsing is part of what is measured.
import type { BenchContext, BenchRow } from './types.ts';
import { signUpOwner } from './owner.ts';
import { openStream, pct, type Stream } from './sse-stream.ts';

const STREAMS = Number(process.env.BENCH_SSE_STREAMS ?? 1000);
const EVENTS = Number(process.env.BENCH_SSE_EVENTS ?? 40);
const OPEN_AT_ONCE = 50;
const WARMUP_EVENTS = 5;

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const server = await ctx.startServer();
  const streams: Stream[] = [];
  try {
    const base = server.baseURL;
    const { cookie } = await signUpOwner(base, { tenantName: 'Fan-out', name: 'Ada', email: 'sse-bench@example.com' });
    const subjectOf = (d: unknown) => (d as { subject: string }).subject;
    for (let i = 0; i < STREAMS; i += OPEN_AT_ONCE) {
      const batch = Array.from({ length: Math.min(OPEN_AT_ONCE, STREAMS - i) }, () =>
        openStream(`${base}/api/v1/events`, { cookie }, 'ticket.created', subjectOf),
      );
      streams.push(...(await Promise.all(batch)));
    }
    ctx.log(`${streams.length} event streams open`);
    const rssOpen = server.rssBytes();

    // Warm-up: the first events after the streams open run the fan-out cold (JIT, first wake-ups) in the server and
    // in this reader; what is measured is a node that has been serving its agents for a while.
    const every: number[] = [];
    const last: number[] = [];
    let cpuBefore = server.cpuMs();
    for (let n = -WARMUP_EVENTS; n < EVENTS; n++) {
      if (n === 0) {
        every.length = 0;
        last.length = 0;
        cpuBefore = server.cpuMs();
      }
      const subject = `fan-out ${n}`;
      const arrivals = streams.map((s) => s.waitFor(subject));
      const start = performance.now();
      const r = await fetch(`${base}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: base },
        body: JSON.stringify({ subject, message: 'Fan-out bench', requester: { email: `fan${n}@example.org` } }),
      });
      if (r.status !== 201) throw new Error(`ticket ${n}: ${r.status} ${await r.text()}`);
      const at = (await Promise.all(arrivals)).map((t) => t - start);
      every.push(...at);
      last.push(Math.max(...at));
      // Events one at a time: what is measured is one event reaching every stream, not a backlog.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cpuPerEvent = (server.cpuMs() - cpuBefore) / EVENTS;
    every.sort((a, b) => a - b);
    last.sort((a, b) => a - b);
    const bare = await server.baseline(20);
    const round = (v: number) => Math.round(v * 10) / 10;
    const note = `${streams.length} streams, ${EVENTS} events after ${WARMUP_EVENTS} warm-up ones; goal p99 ≤ 100 ms`;
    ctx.log(
      `fan-out: every stream p50 ${round(pct(every, 50))} ms, p99 ${round(pct(every, 99))} ms; last stream p99 ${round(pct(last, 99))} ms; server CPU ${round(cpuPerEvent)} ms per event`,
    );
    const beside = (name: string, value: number): BenchRow => ({
      name,
      value: round(value),
      unit: 'ms',
      baseline: bare.p99Ms,
      ratio: bare.p99Ms > 0 ? value / bare.p99Ms : undefined,
      note,
    });
    return [
      { name: 'bare GET /livez p99 (same server, streams open)', value: bare.p99Ms, unit: 'ms' },
      { name: 'bare GET /livez (same server, streams open)', value: bare.requestsPerSecond, unit: 'req/s' },
      beside('event reaches a stream p50', pct(every, 50)),
      beside('event reaches a stream p99', pct(every, 99)),
      beside('event reaches the last stream p99', pct(last, 99)),
      {
        name: 'server CPU per event (create + fan-out + idle polls)',
        value: round(cpuPerEvent),
        unit: 'ms',
        note: `${streams.length} streams; ${EVENTS} events 50 ms apart`,
      },
      { name: `RSS with ${streams.length} streams open`, value: Math.round(rssOpen / 1048576), unit: 'MiB' },
      ctx.rssRow(server, 'after the fan-out'),
    ];
  } finally {
    for (const s of streams) s.close();
    await server.stop();
  }
}
